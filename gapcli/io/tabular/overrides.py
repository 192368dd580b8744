"""``--set`` on stances that live in ``stances.csv``: the override is written into the row's
cells before the columns are checked, so the table's rules apply to it; a problem on that
row is reported at the ``--set`` argument."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gapcli.errors import Diagnostic, InputError, Location, did_you_mean, one_of
from gapcli.io.checks import Checker
from gapcli.io.overrides import Override, value_node
from gapcli.io.spec import STANCE_BY_KIND
from gapcli.io.tabular.columnar import read_as_rows
from gapcli.io.tabular.common import (
    LIST_SEP,
)
from gapcli.model import Issue
from gapcli.model.table import Ints


def table_targets(path: Path, shown: str, overrides: Sequence[Override]) -> set[tuple[str, str]]:
    """The (party, issue) of each stance override that names a row of the table."""
    wanted = {(o.party, o.issue) for o in overrides if o.issue is not None}
    if not wanted:
        return set()
    try:
        table = read_as_rows(path, shown)
    except InputError:  # the full read reports what is wrong with the file
        return set()
    header = table.header
    if "party" not in header or "issue" not in header:
        return set()
    p, i = header.index("party"), header.index("issue")
    found = set()
    for row in table.rows:
        if len(row) > max(p, i) and (row[p].strip(), row[i].strip()) in wanted:
            found.add((row[p].strip(), row[i].strip()))
    return found


@dataclass
class Applied:
    """The table after the overrides, and what they could not do."""

    header: list[str]
    rows: list[list[str]]
    at: dict[int, Location] = field(default_factory=dict)  # a row's line -> the --set argument
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # party -> name/description
    errors: list[Diagnostic] = field(default_factory=list)
    unmatched: list[Override] = field(default_factory=list)  # parties the table lacks
    capability: dict[str, float] = field(default_factory=dict)  # party -> --set capability
    pinned: set[int] = field(default_factory=set)  # rows whose capability a --set gives


def apply(
    header: list[str],
    rows: list[list[str]],
    lines: Ints,
    overrides: Sequence[Override],
    issues: Mapping[str, Issue],
) -> Applied:
    """The rows with the overrides written into their cells; ``lines[n]`` is row n's line in
    the file (problems on a changed row are reported at the argument that changed it).
    Every row has a cell for every column of the header."""
    out = Applied(list(header), rows)
    if not overrides or "party" not in header or "issue" not in header:
        out.unmatched = list(overrides)
        return out
    p, i = header.index("party"), header.index("issue")
    parties = {o.party for o in overrides}
    where: dict[tuple[str, str], int] = {}
    of_party: dict[str, list[int]] = {}
    for n, row in enumerate(rows):
        if len(row) > max(p, i) and row[p].strip() in parties:
            where.setdefault((row[p].strip(), row[i].strip()), n)
            of_party.setdefault(row[p].strip(), []).append(n)
    for o in overrides:
        if o.party not in of_party:
            out.unmatched.append(o)
        elif o.issue is None:
            if o.field == "capability":
                _party_capability(out, o)
            else:
                out.names.setdefault(o.party, {})[o.field] = o.value
        elif (o.party, o.issue) not in where:
            out.errors.append(
                Diagnostic(
                    o.loc,
                    f"'{o.party}' has its stances in stances.csv: --set changes a stance it "
                    f"has there, not a new one (add a row for '{o.issue}' to the table)",
                )
            )
        else:
            n = where[(o.party, o.issue)]
            out.at.setdefault(int(lines[n]), o.loc)
            _stance_field(out, n, o, issues.get(o.issue))
            if o.field == "capability":
                out.pinned.add(n)  # the stance's own, even where it equals the party's
    return out


def _party_capability(out: Applied, o: Override) -> None:
    """``--set PARTY.capability=X`` for a party only the table names: its capability, read
    and checked as a YAML file's would be. The rows that give the party's capability follow
    it; a row that gives a stance its own keeps it (docs/format.md)."""
    check = Checker()
    try:
        value = check.number(value_node(o, None), name="capability", lo=0, lo_open=True)
    except InputError as exc:
        out.errors.extend(exc.diagnostics)
        return
    out.errors.extend(check.errors)
    if value is not None:
        out.capability[o.party] = value


def _stance_field(out: Applied, n: int, o: Override, issue: Issue | None) -> None:
    kind = "scale" if issue is None else str(issue.kind)
    names = STANCE_BY_KIND[kind].names
    if o.field not in names:
        hint = did_you_mean(o.field, names) or f"; expected {one_of(names)}"
        out.errors.append(
            Diagnostic(o.loc, f"unknown key '{o.field}' in stance on '{o.issue}'{hint}")
        )
        return
    try:  # the value read as a YAML file's would be (gapcli.io.overrides), then put in cells
        node = value_node(o, kind)
    except InputError as exc:
        out.errors.extend(exc.diagnostics)
        return
    items = node.value if node.is_sequence else None
    if o.field == "accepts" and kind == "scale":
        if items is None or len(items) != 2 or not all(i.is_scalar for i in items):
            out.errors.append(
                Diagnostic(o.loc, f"accepts: expected LO..HI, two numbers, not '{o.value}'")
            )
            return
        _set(out, n, "accepts_lo", items[0].text)
        _set(out, n, "accepts_hi", items[1].text)
    elif items is not None:
        _set(out, n, o.field, LIST_SEP.join(i.text for i in items))
    elif node.is_scalar and node.value is not None:
        _set(out, n, o.field, node.text)
    else:  # as in a YAML file: an empty value is not a number, an option or a text
        out.errors.append(Diagnostic(o.loc, f"{o.field}: expected a value, not an empty value"))


def _set(out: Applied, n: int, column: str, value: str) -> None:
    if column not in out.header:
        out.header.append(column)
        for row in out.rows:
            row.append("")
    out.rows[n][out.header.index(column)] = value
