"""``--set PARTY.ISSUE.FIELD=VALUE``: change one assumption for one run, never the files.

An override is applied to the party's parsed YAML tree before any rule is checked, so a value
given with ``--set`` passes through exactly the checks (and messages) a value in a file does;
the only difference is that a problem points at the ``--set`` argument instead of a line.

Value syntax, so that a shell argument can say what a YAML file says:

* a scalar is read as YAML reads it: ``0.6`` is a number, ``proximity`` an id;
* ``LO..HI`` or ``LO,HI`` is a pair (a scale stance's ``accepts``);
* ``a,b`` is a list, a single ``a`` a one-item list where the field takes a list
  (``require``, ``reject``, a choice stance's ``accepts``), and an empty value an empty list;
* ``[...]`` is a YAML flow list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from gapcli.errors import InputError, Location, did_you_mean, one_of
from gapcli.io import yamlio
from gapcli.io.yamlio import Node

SYNTAX = "PARTY.ISSUE.FIELD=VALUE or PARTY.FIELD=VALUE"
#: Party fields that --set may change (``id`` and ``stances`` are structure, not assumptions).
PARTY_FIELDS = ("capability", "name", "description", "observer")
#: Stance fields that hold a list of option ids, per issue kind.
_LIST_FIELDS = {
    "scale": {"source"},
    "choice": {"accepts", "source"},
    "set": {"require", "reject", "source"},
}
#: Fields of free text: their value is taken as written (no YAML, lists or ranges), so a note
#: may hold '#', ',' or ':'.
TEXT_FIELDS = ("note", "name", "description")
_RANGE = re.compile(r"^\s*([^.\s][^\s]*?)\s*\.\.\s*([^\s]+)\s*$")


@dataclass(frozen=True, slots=True)
class Override:
    """One ``--set`` argument: ``issue`` is ``None`` for a party field such as capability."""

    text: str
    party: str
    issue: str | None
    field: str
    value: str

    @property
    def loc(self) -> Location:
        return Location(f"--set '{self.text}'")


def parse(text: str) -> Override:
    """Split one ``--set`` argument; :class:`ValueError` (a usage error) when malformed."""
    target, equals, value = text.partition("=")
    parts = target.strip().split(".")
    if not equals or len(parts) not in (2, 3) or not all(p.strip() for p in parts):
        raise ValueError(f"'{text}' is not {SYNTAX} (e.g. iran.capability=2)")
    party, *middle, field = (p.strip() for p in parts)
    if not middle and field not in PARTY_FIELDS:
        hint = did_you_mean(field, PARTY_FIELDS)
        raise ValueError(
            f"'{text}': '{field}' is not a party field{hint} (expected {one_of(PARTY_FIELDS)}; "
            "a stance field is set with PARTY.ISSUE.FIELD=VALUE)"
        )
    return Override(text, party, middle[0] if middle else None, field, value.strip())


def value_node(override: Override, kind: str | None) -> Node:
    """The override's value as the tree a YAML file would give, located at the argument."""
    text, loc = override.value, override.loc
    if override.field in TEXT_FIELDS:
        return Node(text or None, loc, text=text)
    is_list = kind is not None and override.field in _LIST_FIELDS[kind]
    if is_list and not text:
        return Node([], loc)
    pair = _RANGE.match(text) if kind in (None, "scale") else None  # a range is of numbers
    if text.startswith("["):
        source = text
    elif pair:
        source = f"[{pair.group(1)}, {pair.group(2)}]"
    elif "," in text or (is_list and text):
        source = f"[{text}]"
    else:
        source = text
    try:
        node = yamlio.parse(source, loc.path)
    except InputError as exc:
        message = exc.diagnostics[0].message
        raise InputError.at(loc, f"{override.field}: cannot read the value ({message})") from None
    return _relocated(node if node is not None else Node(None, loc), loc)


def _relocated(node: Node, loc: Location) -> Node:
    if node.is_mapping:
        value: object = {k: _relocated(v, loc) for k, v in node.value.items()}
        return Node(value, loc, keys=dict.fromkeys(node.keys, loc))
    if node.is_sequence:
        return Node([_relocated(v, loc) for v in node.value], loc)
    return Node(node.value, loc, text=node.text)


def apply(node: Node, overrides: Sequence[Override], kinds: Mapping[str, str]) -> Node:
    """The party tree ``node`` with ``overrides`` (all for this party) written into it.

    ``kinds`` maps issue ids to their kind. A later override of the same field wins. A stance
    the party does not have is created, so it must then be complete (a missing ``salience``
    is reported at the argument).
    """
    if not node.is_mapping or not overrides:
        return node  # a party that is not a mapping is reported as such
    values, keys = dict(node.value), dict(node.keys)
    for override in overrides:
        loc = override.loc
        if override.issue is None:
            values[override.field] = value_node(override, None)
            keys[override.field] = loc
            continue
        stances = values.get("stances")
        if stances is None or stances.value is None:
            stances = Node({}, loc)
        if not stances.is_mapping:
            continue  # 'stances: expected a mapping' is reported on the file's own line
        stance = stances.value.get(override.issue)
        if stance is None or not stance.is_mapping:
            stance = Node({}, loc)
        field_node = value_node(override, kinds.get(override.issue))
        stance = Node(
            {**stance.value, override.field: field_node},
            stance.loc,
            keys={**stance.keys, override.field: loc},
        )
        stance_keys = {**stances.keys}
        stance_keys.setdefault(override.issue, loc)
        stances = Node({**stances.value, override.issue: stance}, stances.loc, keys=stance_keys)
        values["stances"] = stances
        keys.setdefault("stances", loc)
    return Node(values, node.loc, keys=keys)


def by_party(overrides: Iterable[Override]) -> dict[str, list[Override]]:
    out: dict[str, list[Override]] = {}
    for override in overrides:
        out.setdefault(override.party, []).append(override)
    return out
