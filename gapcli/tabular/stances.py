"""Reading stances.csv against a scenario's issues, parties and sources."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gapcli.errors import Diagnostic, InputError, Location, Severity, did_you_mean, one_of
from gapcli.model import (
    Issue,
)
from gapcli.overrides import Override
from gapcli.spec import ID_RULE
from gapcli.tabular.columns import Columns
from gapcli.tabular.common import (
    COLUMNS,
    ID_RE,
    MAX_PROBLEMS,
    REQUIRED,
    Ints,
    Problems,
    kind_code,
    read_rows,
)
from gapcli.tabular.overrides import apply
from gapcli.tabular.table import StanceTable


@dataclass(frozen=True, slots=True)
class Read:
    """What ``stances.csv`` adds: the table, the parties it names that no YAML file defines
    (in order of first appearance), and the capability each party's rows give."""

    table: StanceTable
    new_parties: tuple[str, ...]
    capability: dict[str, float]
    errors: list[Diagnostic]
    warnings: list[Diagnostic]
    names: dict[str, dict[str, str]]  # --set name and description of parties only it names
    unmatched: list[Override]  # --set arguments naming a party the table does not have


def read_stances(
    path: Path,
    shown: str,
    issues: Sequence[Issue],
    party_ids: Sequence[str],
    sources: Mapping[str, object],
    overrides: Sequence[Override] = (),
) -> Read:
    """Read ``stances.csv`` against the scenario's issues, parties and source keys, with the
    ``--set`` overrides that name its rows or its parties written into its cells."""
    problems = Problems(shown)
    header, rows = read_rows(path, shown)
    applied = apply(header, rows, overrides, {i.id: i for i in issues})
    header, rows = applied.header, applied.rows
    problems.relocate = applied.at
    problems.errors.extend(applied.errors)
    known = set(COLUMNS)
    for name in header:
        if name not in known:
            hint = did_you_mean(name, COLUMNS) or f"; expected {one_of(COLUMNS)}"
            problems.error(1, f"unknown column '{name}'{hint}")
    for name in REQUIRED:
        if name not in header:
            problems.error(1, f"missing column '{name}' (expected at least {', '.join(REQUIRED)})")
    if problems.errors:
        raise InputError(problems.finish())
    width = len(header)
    if set(map(len, rows)) - {width}:
        for n, row in enumerate(rows):
            if len(row) != width:
                problems.error(n + 2, f"{len(row)} fields, expected {width} (as in the header)")
    if problems.errors:
        raise InputError(problems.finish())
    lines = np.arange(2, len(rows) + 2, dtype=np.int64)
    columns = dict(zip(header, zip(*rows, strict=True), strict=True)) if rows else {}
    empty: tuple[str, ...] = ("",) * len(rows)

    def col(name: str) -> tuple[str, ...]:
        return columns.get(name, empty)

    party_index = {p: n for n, p in enumerate(party_ids)}
    new_parties: list[str] = []
    for value, line in _first_lines(col("party"), lines):
        if not ID_RE.match(value):
            problems.error(line(), f"party: '{value}' is not a valid party id (expected {ID_RULE})")
        elif value not in party_index:
            party_index[value] = len(party_index)
            new_parties.append(value)
    issue_index = {i.id: n for n, i in enumerate(issues)}
    for value, line in _first_lines(col("issue"), lines):
        if value not in issue_index:
            rows_with = sum(1 for v in col("issue") if v == value)
            hint = did_you_mean(value, issue_index) or f" (expected {one_of(issue_index)})"
            more = f"; {rows_with} rows name it" if rows_with > 1 else ""
            problems.error(line(), f"issue: unknown issue '{value}'{hint}{more}")
    if problems.errors:
        raise InputError(problems.finish())
    party = np.fromiter(map(party_index.__getitem__, col("party")), np.int64, len(rows))
    issue = np.fromiter(map(issue_index.__getitem__, col("issue")), np.int64, len(rows))
    kinds = np.array([kind_code(i) for i in issues], dtype=np.int64)[issue] if rows else issue
    columns_ = Columns(problems, lines, kinds, issue, issues, col, empty)
    table = columns_.table(shown, party, sources)
    _duplicates(problems, table, issues, list(party_index))
    capability = _capability(problems, col("capability"), party, list(party_index), lines)
    warnings = []
    if table.sources is None or any(not s for s in table.sources):
        missing = len(rows) if table.sources is None else sum(1 for s in table.sources if not s)
        first = int(lines[0]) if table.sources is None else _first_missing(table)
        warnings.append(
            Diagnostic(
                Location(shown, first),
                f"{missing} stance{'s' if missing != 1 else ''} cite no source "
                "(the 'source' column is empty or absent)",
                Severity.WARNING,
            )
        )
    return Read(
        table,
        tuple(new_parties),
        capability,
        problems.finish(),
        warnings,
        applied.names,
        applied.unmatched,
    )


def _first_missing(table: StanceTable) -> int:
    assert table.sources is not None
    return int(table.lines[next(n for n, s in enumerate(table.sources) if not s)])


def _first_lines(values: Sequence[str], lines: Ints) -> Iterator[tuple[str, Any]]:
    """Each distinct value, in order of appearance, with a callable giving the first line it
    stands on (found only when asked: a message needs it, a valid value does not)."""
    return ((v, lambda v=v: int(lines[values.index(v)])) for v in dict.fromkeys(values))


def _duplicates(
    problems: Problems, table: StanceTable, issues: Sequence[Issue], parties: list[str]
) -> None:
    if not len(table):
        return
    key = table.party * len(issues) + table.issue
    order = np.argsort(key, kind="stable")
    same = np.flatnonzero(key[order][1:] == key[order][:-1])
    for n in same[:MAX_PROBLEMS].tolist():
        first, again = int(order[n]), int(order[n + 1])
        problems.error(
            int(table.lines[again]),
            f"a second stance of '{parties[int(table.party[again])]}' on "
            f"'{issues[int(table.issue[again])].id}' (first at line {int(table.lines[first])})",
        )


def _capability(
    problems: Problems, values: Sequence[str], party: Ints, parties: list[str], lines: Ints
) -> dict[str, float]:
    out: dict[str, float] = {}
    if not any(values):
        return out
    distinct = list(dict.fromkeys(values))
    code = {v: n for n, v in enumerate(distinct)}
    codes = np.fromiter(map(code.__getitem__, values), np.int64, len(values))
    combined = np.unique(party * len(distinct) + codes, return_index=True)[1]
    first_rows = np.sort(combined)  # each distinct (party, value) at its first row, in order

    def line(pair: tuple[int, str]) -> int:  # only for a message
        return int(lines[next(n for n in first_rows if (party[n], values[n]) == pair)])

    pairs = [(int(party[n]), values[n]) for n in first_rows.tolist()]
    for p, value in pairs:
        if not value.strip():
            continue
        try:
            number = float(value)
        except ValueError:
            problems.error(line((p, value)), f"capability: '{value}' is not a number")
            continue
        if not number > 0 or number != number or number == float("inf"):
            problems.error(line((p, value)), f"capability: {value} (expected a number > 0)")
            continue
        name = parties[p]
        if name in out and out[name] != number:
            problems.error(
                line((p, value)),
                f"capability: {value} for '{name}', which an earlier row gives as {out[name]:g}",
            )
        out.setdefault(name, number)
    return out
