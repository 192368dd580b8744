"""The one module that touches the YAML parser.

A file becomes a tree of :class:`Node` objects, each knowing its line and column. The tree is
built from the parser's events (libyaml's C parser when present) rather than from PyYAML's
constructed objects, so that

* every value keeps its location, for ``path:line:column`` messages;
* duplicate mapping keys are reported (PyYAML silently keeps the last one);
* aliases are refused at the first one met: an alias bomb ("billion laughs") fails at once
  instead of expanding;
* scalars keep their source text, so an id written ``no`` or ``1.10`` stays that text instead
  of becoming ``False`` or ``1.1``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gapcli.errors import InputError, Location, shorten
from gapcli.io import files

if TYPE_CHECKING:
    import yaml

#: Larger YAML files are refused (big data belongs in tabular files).
MAX_YAML_BYTES = files.MAX_YAML_BYTES
#: Deeper nesting than any position file needs is refused.
MAX_DEPTH = 32

Scalar = str | int | float | bool | None | dt.date


@dataclass(frozen=True, slots=True, eq=False)
class Node:
    """A YAML value and where it stands.

    ``value`` is a scalar (str, int, float, bool, None, date), a ``list[Node]`` or a
    ``dict[str, Node]`` keyed by the keys' source text. ``text`` is a scalar's source text;
    ``keys`` maps each key of a mapping to where the key stands.
    """

    value: Any
    loc: Location
    text: str = ""
    keys: dict[str, Location] = field(default_factory=dict)

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return not isinstance(self.value, dict | list)


def describe(node: Node) -> str:
    """What a value is, in the words messages use: ``a mapping``, ``the text 'x'``, …"""
    value = node.value
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {node.text}"
    if isinstance(value, int | float):
        return f"the number {node.text}"
    if isinstance(value, dt.date):
        return f"the date {node.text}"
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f"the text {shown!r}"


def read_text(path: Path, shown: str, *, max_bytes: int = MAX_YAML_BYTES) -> str:
    """Read a position file as UTF-8 text, refusing what is not a regular file, too large,
    binary or mis-encoded."""
    return files.read_text(
        path,
        shown,
        limit=max_bytes,
        what="YAML position files",
        advice="split it into one file per party, or put the stances in stances.csv",
    )


def parse(text: str, shown: str) -> Node | None:
    """Parse one YAML document into a :class:`Node` tree; ``None`` for an empty document."""
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        return _Builder(loader, shown).document()
    except yaml.MarkedYAMLError as exc:
        raise InputError.at(*_syntax_problem(exc, text, shown)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, e.g. a control character
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise InputError.at(
            Location(shown, line, column),
            f"character U+{ord(char):04X} is not allowed in YAML (remove it)",
        ) from None
    finally:
        loader.dispose()


def load(path: Path, shown: str) -> Node | None:
    return parse(read_text(path, shown), shown)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, shown: str) -> tuple[Location, str]:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else 0
    column = mark.column if mark else 0
    lines = text.splitlines()
    source_line = lines[line] if line < len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "\t" in indent or "'\\t'" in str(exc.problem):
        tab_line = line
        if "\t" not in indent:  # the scanner stopped on the tab itself
            column = source_line.find("\t") if "\t" in source_line else column
        else:
            column = indent.index("\t")
        return (
            Location(shown, tab_line + 1, column + 1),
            "tab character in indentation (YAML indents with spaces only)",
        )
    problem = exc.problem or "invalid YAML"
    message = f"invalid YAML: {problem}"
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        message += f" ({exc.context} at line {exc.context_mark.line + 1})"
    return Location(shown, line + 1, column + 1), message


_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}


#: Plain scalars YAML 1.1 resolves to types a position file has no use for: ``=`` (the
#: "value" key) and ``<<`` (the merge key, which would copy another mapping in) stay text,
#: so they meet the field's own check ("unknown key '<<'").
_TEXT_TAGS = ("tag:yaml.org,2002:value", "tag:yaml.org,2002:merge")


class _Builder:
    """Turns the parser's event stream into a :class:`Node` tree.

    Events are taken one by one from the parser (no generator between) and told apart by
    their exact class; a plain scalar's value is worked out once per distinct text."""

    def __init__(self, loader: Any, shown: str) -> None:
        import yaml

        self.loader = loader
        self.shown = shown
        self.get = loader.get_event
        self.scalar_event = yaml.ScalarEvent
        self.mapping_start = yaml.MappingStartEvent
        self.mapping_end = yaml.MappingEndEvent
        self.sequence_start = yaml.SequenceStartEvent
        self.sequence_end = yaml.SequenceEndEvent
        self.plain_values: dict[str, Scalar] = {}  # plain scalars: text -> value

    def loc(self, event: Any) -> Location:
        mark = event.start_mark
        return Location(self.shown, mark.line + 1, mark.column + 1)

    def document(self) -> Node | None:
        import yaml

        root: Node | None = None
        documents = 0
        while self.loader.check_event():
            event = self.get()
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise InputError.at(
                        self.loc(event),
                        "a second YAML document ('---'); a position file holds one document",
                    )
                root = self.node(self.get(), depth=0)
        if root is not None and root.value is None and root.text == "":
            return None  # a document holding nothing but comments
        return root

    def node(self, event: Any, depth: int) -> Node:
        mark = event.start_mark
        loc = Location(self.shown, mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            raise InputError.at(loc, f"nested deeper than {MAX_DEPTH} levels")
        kind = type(event)
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _STANDARD_TAGS:
            raise InputError.at(loc, f"unsupported YAML tag '{tag}'")
        if kind is self.scalar_event:
            text = event.value
            if tag is None and event.implicit[0]:  # plain: the common case, once per text
                value = self.plain_values.get(text, _MISSING)
                if value is _MISSING:
                    value = self.plain_values[text] = self.scalar(event)
                return Node(value, loc, text=text)
            return Node(self.scalar(event), loc, text=text)
        if kind is self.mapping_start:
            return self.mapping(loc, depth)
        if kind is self.sequence_start:
            items: list[Node] = []
            end = self.sequence_end
            while True:
                item = self.get()
                if type(item) is end:
                    return Node(items, loc)
                items.append(self.node(item, depth + 1))
        import yaml

        if isinstance(event, yaml.AliasEvent):
            raise InputError.at(
                loc,
                f"YAML alias '*{event.anchor}' (anchors and aliases are not allowed in position "
                "files; write the value out)",
            )
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def mapping(self, loc: Location, depth: int) -> Node:
        values: dict[str, Node] = {}
        keys: dict[str, Location] = {}
        end = self.mapping_end
        while True:
            event = self.get()
            if type(event) is end:
                return Node(values, loc, keys=keys)
            key = self.node(event, depth + 1)
            if not key.is_scalar:
                raise InputError.at(
                    key.loc, f"a mapping key must be plain text, not {describe(key)}"
                )
            value = self.node(self.get(), depth + 1)
            if key.text in keys:
                first = keys[key.text]
                raise InputError.at(
                    key.loc, f"duplicate key '{key.text}' (first defined at line {first.line})"
                )
            keys[key.text] = key.loc
            values[key.text] = value

    def scalar(self, event: Any) -> Scalar:
        """A scalar's value. Numbers are read in decimal notation only (``12``, ``-0.5``,
        ``1e3``, ``.inf``): YAML 1.1's octal ``017``, hexadecimal ``0x10``, sexagesimal
        ``1:30`` and ``1_000`` stay text, so a number field says so instead of reading 15,
        16, 90 or 1000 without a word."""
        import yaml

        text, tag = str(event.value), event.tag
        if tag in (None, "!"):
            plain = bool(event.implicit[0])
            if plain and _DECIMAL.fullmatch(text):
                return int(text) if _INTEGER.fullmatch(text) else float(text)
            tag = self.loader.resolve(yaml.ScalarNode, text, event.implicit)
            if tag in (_INT, _FLOAT) and not _SPECIAL.fullmatch(text):
                return text  # 0x10, 017, 1:30, 1_000
        if tag in (_STR, *_TEXT_TAGS):
            return text
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark)
        try:
            if tag == _INT and _INTEGER.fullmatch(text):
                return int(text)
            if tag == _FLOAT and (_DECIMAL.fullmatch(text) or _SPECIAL.fullmatch(text)):
                return float(self.loader.construct_yaml_float(node))
            if tag == "tag:yaml.org,2002:bool":
                return bool(self.loader.construct_yaml_bool(node))
            if tag == "tag:yaml.org,2002:null":
                return None
            if tag == "tag:yaml.org,2002:timestamp":
                stamp = self.loader.construct_yaml_timestamp(node)
                return stamp if isinstance(stamp, dt.date) else text
        except (ValueError, TypeError, KeyError, AttributeError):
            pass  # e.g. !!bool maybe, !!timestamp x; plain 2017-13-45 is text (below)
        if tag == "tag:yaml.org,2002:timestamp" and event.implicit[0]:
            return text  # e.g. 2017-13-45: left as text for the field's own check
        what = tag.rsplit(":", 1)[-1]
        raise InputError.at(self.loc(event), f"'{shorten(text)}' is not a valid {what}")


_MISSING: Any = object()
_STR, _INT, _FLOAT = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float"))
#: A number in decimal notation, the one way gapcli reads numbers (YAML, tables, imports).
DECIMAL_PATTERN = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_DECIMAL = re.compile(DECIMAL_PATTERN)
_INTEGER = re.compile(r"[-+]?[0-9]+")
_SPECIAL = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


def plain(node: Node) -> Any:
    """The JSON-like value of a tree (dates as ISO text), e.g. to check it against a schema."""
    if isinstance(node.value, dict):
        return {k: plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [plain(v) for v in node.value]
    if isinstance(node.value, dt.date):
        return node.value.isoformat()
    return node.value
