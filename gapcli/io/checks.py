"""Typed reads of :class:`~gapcli.io.yamlio.Node` values that record problems instead of raising.

Each getter returns the checked value, or ``None`` after recording a diagnostic, so one run
reports every problem of every file. Messages read ``field: what is wrong (what was
expected)``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable

from gapcli.errors import Diagnostic, Location, Severity, did_you_mean, one_of, shorten
from gapcli.io.spec import ID_PATTERN, ID_RULE, ObjectSpec
from gapcli.io.yamlio import DECIMAL_PATTERN, Node, describe

_ID_RE = re.compile(ID_PATTERN)
#: No number in a position file is larger than this in size (docs/errors.md): far beyond
#: any scale or clout, and small enough that weights and squares stay exact in floats.
MAX_MAGNITUDE = 1e12
#: Nor is a number other than 0 smaller than this: a capability times a salience stays a
#: normal float (1e-200 * 1e-200 would be 0, and a weighted mean 0/0).
MIN_MAGNITUDE = 1e-12


#: How a number is written in a table or an imported file: decimal notation, or a name of
#: infinity or nan (refused later as not finite). Python's float() also takes 1_000 and
#: digits of other scripts; a table takes what a YAML file takes.
NUMBER_TEXT = re.compile(rf"\s*(?:{DECIMAL_PATTERN}|[-+]?(?i:inf|infinity|nan))\s*")


#: Stances, and outcomes, without a source listed one by one per file; the rest are one line
#: with a count.
UNSOURCED_LISTED = 5


def number_text(text: str) -> bool:
    return NUMBER_TEXT.fullmatch(text) is not None


def too_large(name: str, shown: str) -> str:
    """The one message for a number past MAX_MAGNITUDE, in every kind of file."""
    return f"{name}: {shown} is out of range (no number in gapcli's files may exceed 1e12 in size)"


def too_small(name: str, shown: str) -> str:
    """The one message for a number other than 0 below MIN_MAGNITUDE, in every kind of file."""
    return f"{name}: {shown} is too small (a number other than 0 must be at least 1e-12 in size)"


def tiny(x: float) -> bool:
    return x != 0 and abs(x) < MIN_MAGNITUDE


def fmt(x: float) -> str:
    """A number as people write it: ``25`` not ``25.0``, ``0.6`` not ``0.6000000000000001``."""
    if math.isfinite(x) and x == int(x):
        return str(int(x))
    return f"{x:.6g}"


class Checker:
    def __init__(self) -> None:
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def error(self, loc: Location, message: str) -> None:
        self.errors.append(Diagnostic(loc, message))

    def warn(self, loc: Location, message: str) -> None:
        self.warnings.append(Diagnostic(loc, message, Severity.WARNING))

    # -- structure -------------------------------------------------------------------------

    def mapping(
        self,
        node: Node,
        spec: ObjectSpec,
        *,
        name: str,
        at: Location | None = None,
        siblings: Iterable[ObjectSpec] = (),
    ) -> dict[str, Node] | None:
        """A mapping with only ``spec``'s keys and all its required ones.

        ``siblings`` are the specs of the other kinds of the same object, so that a key of
        another kind (``range`` on a choice issue) is named as such.
        """
        if not node.is_mapping:
            self.error(node.loc, f"{name}: expected a mapping ({spec.what}), not {describe(node)}")
            return None
        values: dict[str, Node] = node.value
        for key in values:
            if key in spec.names:
                continue
            owners = [s.what for s in siblings if key in s.names and s is not spec]
            if owners:  # every kind that takes it: status_quo is a scale's and a choice's
                hint = f" (it applies to a {' or a '.join(owners)}, and this is a {spec.what})"
            else:
                hint = did_you_mean(key, spec.names) or f"; expected {one_of(spec.names)}"
            self.error(node.keys[key], f"unknown key '{key}' in {name}{hint}")
        for key in spec.required:
            if key not in values:
                doc = spec.key(key).doc.rstrip(".").lower()
                self.error(at or node.loc, f"{name}: missing key '{key}' ({doc})")
        return values

    def entries(self, node: Node, *, name: str, what: str) -> dict[str, Node] | None:
        """A mapping of ids (issues, parties, sources, …) to values."""
        if not node.is_mapping:
            self.error(node.loc, f"{name}: expected a mapping of {what}, not {describe(node)}")
            return None
        values: dict[str, Node] = node.value
        for key in values:
            self.check_id(key, node.keys[key], what=what.rstrip("s"))
        return values

    def check_id(self, text: str, loc: Location, *, what: str) -> bool:
        if _ID_RE.match(text):
            return True
        self.error(loc, f"'{text}' is not a valid {what} id (expected {ID_RULE})")
        return False

    # -- scalars ---------------------------------------------------------------------------

    def text(self, node: Node | None, *, name: str) -> str | None:
        if node is None:
            return None
        if isinstance(node.value, str) and node.value.strip():
            return node.value
        if node.is_scalar and node.value is not None and not isinstance(node.value, str):
            return node.text  # a number or date written where text was expected: keep as text
        self.error(node.loc, f"{name}: expected text, not {describe(node)}")
        return None

    def flag(self, node: Node | None, *, name: str) -> bool | None:
        """``true`` or ``false`` (``None`` when not given, or given empty)."""
        if node is None or node.value is None:
            return None
        if isinstance(node.value, bool):
            return node.value
        self.error(node.loc, f"{name}: expected true or false, not '{node.text}'")
        return None

    def ident(self, node: Node, *, name: str, what: str) -> str | None:
        """An id written as a plain scalar (``no`` stays the text 'no')."""
        if not node.is_scalar or node.value is None:
            self.error(node.loc, f"{name}: expected {what} id, not {describe(node)}")
            return None
        bare = what.removeprefix("an ").removeprefix("a ")  # "a valid option id", not "a valid an"
        return node.text if self.check_id(node.text, node.loc, what=bare) else None

    def date(self, node: Node | None, *, name: str) -> str | None:
        if node is None:
            return None
        value = node.value
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        self.error(node.loc, f"{name}: expected a date YYYY-MM-DD, not {describe(node)}")
        return None

    def number(
        self,
        node: Node | None,
        *,
        name: str,
        lo: float | None = None,
        hi: float | None = None,
        lo_open: bool = False,
        expected: str | None = None,
    ) -> float | None:
        """A finite number, optionally within [lo, hi] (or (lo, hi] with ``lo_open``)."""
        if node is None:
            return None
        value = node.value
        rule = expected or _range_words(lo, hi, lo_open)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(node.loc, f"{name}: expected {rule}, not {describe(node)}")
            return None
        try:
            x = float(value)
        except OverflowError:  # an integer beyond float range
            x = math.inf
        if not math.isfinite(x):
            self.error(node.loc, f"{name}: expected a finite number, not {shorten(node.text)}")
            return None
        if hi is None and abs(x) > MAX_MAGNITUDE:
            self.error(node.loc, too_large(name, shorten(node.text)))
            return None
        if tiny(x):
            self.error(node.loc, too_small(name, shorten(node.text)))
            return None
        if (lo is not None and (x < lo or (lo_open and x == lo))) or (hi is not None and x > hi):
            self.error(node.loc, f"{name}: {fmt(x)} is out of range (expected {rule})")
            return None
        return x

    def pair(self, node: Node, *, name: str, lo: float, hi: float) -> tuple[float, float] | None:
        """``[a, b]`` (or ``a..b``) with both ends in [lo, hi] and a <= b."""
        items = _pair_items(node)
        if items is None:
            self.error(
                node.loc,
                f"{name}: expected [lo, hi], two numbers, not {describe(node)}"
                f"{_pair_hint(node, lo, hi)}",
            )
            return None
        a = self.number(items[0], name=name, lo=lo, hi=hi)
        b = self.number(items[1], name=name, lo=lo, hi=hi)
        if a is None or b is None:
            return None
        if a > b:
            self.error(
                node.loc,
                f"{name}: lo {fmt(a)} is greater than hi {fmt(b)} (expected [lo, hi] "
                "with lo <= hi)",
            )
            return None
        return a, b

    def id_list(
        self, node: Node | None, *, name: str, options: Collection[str], issue: str
    ) -> tuple[str, ...] | None:
        """A list of option ids of ``issue``, each once; an empty value is an empty list."""
        if node is None or node.value is None:
            return ()
        items = node.value if node.is_sequence else None
        if items is None:
            self.error(node.loc, f"{name}: expected a list of option ids, not {describe(node)}")
            return None
        out: list[str] = []
        ok = True
        for item in items:
            option = self.option(item, name=name, options=options, issue=issue)
            if option is None:
                ok = False
            elif option in out:
                self.error(item.loc, f"{name}: option '{option}' is listed twice")
                ok = False
            else:
                out.append(option)
        return tuple(out) if ok else None

    def option(self, node: Node, *, name: str, options: Collection[str], issue: str) -> str | None:
        option = self.ident(node, name=name, what="an option")
        if option is None:
            return None
        if option not in options:
            hint = did_you_mean(option, options) or f"; expected {one_of(options)}"
            self.error(node.loc, f"{name}: unknown option '{option}' of issue '{issue}'{hint}")
            return None
        return option

    def source_refs(
        self, node: Node | None, *, name: str, known: Collection[str]
    ) -> tuple[str, ...]:
        """One key of the scenario's ``sources`` or a list of keys (a stance's ``source``,
        an issue's ``outcome_source``); an unknown key is reported with a did-you-mean."""
        if node is None:
            return ()
        items = node.value if node.is_sequence else [node]
        refs: list[str] = []
        for item in items:
            key = self.ident(item, name=name, what="a source")
            if key is not None and self.known(key, item.loc, what="source", known=known, name=name):
                refs.append(key)
        return tuple(refs)

    def known(
        self, key: str, loc: Location, *, what: str, known: Iterable[str], name: str = ""
    ) -> bool:
        """Whether ``key`` names one of ``known`` ids; records an error with a hint if not."""
        choices = list(known)
        if key in choices:
            return True
        hint = did_you_mean(key, choices) or f"; expected {one_of(choices)}"
        prefix = f"{name}: " if name else ""
        self.error(loc, f"{prefix}unknown {what} '{key}'{hint}")
        return False


def _range_words(lo: float | None, hi: float | None, lo_open: bool) -> str:
    if lo is not None and hi is not None:
        return f"a number from {fmt(lo)} to {fmt(hi)}"
    if lo is not None:
        return f"a number {'>' if lo_open else '>='} {fmt(lo)}"
    return "a number"


_DASHED = re.compile(r"^\s*(-?[0-9.]+)\s*[-\u2013\u2014]\s*(-?[0-9.]+)\s*$")


def _pair_hint(node: Node, lo: float, hi: float) -> str:
    """A pair written as one value (``3.67-20``, as prose writes a range; ``80``): the
    shorthand that works, with the value's own numbers when it has two."""
    if node.is_sequence or node.is_mapping:
        return ""
    found = _DASHED.match(node.value) if isinstance(node.value, str) else None
    if found is not None:
        return f" (or lo..hi: {found[1]}..{found[2]})"
    bounded = max(abs(lo), abs(hi)) < MAX_MAGNITUDE  # an issue's range is bounded by nothing
    return f" (or lo..hi, e.g. {f'{fmt(lo)}..{fmt(hi)}' if bounded else '0..100'})"


def _pair_items(node: Node) -> tuple[Node, Node] | None:
    if node.is_sequence and len(node.value) == 2:
        return node.value[0], node.value[1]
    if isinstance(node.value, str) and ".." in node.value:  # the shorthand "25..75"
        left, _, right = node.value.partition("..")
        try:
            a, b = float(left), float(right)
        except ValueError:
            return None
        return Node(a, node.loc, text=left.strip()), Node(b, node.loc, text=right.strip())
    return None
