"""Reading stances.csv against a scenario's issues, parties and sources."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gapcli.checks import fmt
from gapcli.errors import Diagnostic, InputError, Location, Severity, did_you_mean, one_of
from gapcli.model import (
    Issue,
)
from gapcli.overrides import Override
from gapcli.spec import ID_RULE
from gapcli.tabular.columns import Columns
from gapcli.tabular.common import (
    COLUMNS,
    MAX_PROBLEMS,
    REQUIRED,
    Ints,
    Problems,
    check_header,
    check_widths,
    is_id,
    kind_code,
    number,
    read_rows,
    shown,
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
    shown_path: str,
    issues: Sequence[Issue],
    party_ids: Sequence[str],
    sources: Mapping[str, object],
    overrides: Sequence[Override] = (),
) -> Read:
    """Read ``stances.csv`` against the scenario's issues, parties and source keys, with the
    ``--set`` overrides that name its rows or its parties written into its cells."""
    problems = Problems(shown_path)
    read = read_rows(path, shown_path)
    check_header(problems, read, COLUMNS, REQUIRED)
    if problems.errors:
        raise InputError(problems.finish())
    check_widths(problems, read)
    if problems.errors:
        raise InputError(problems.finish())
    applied = apply(read.header, read.rows, read.lines, overrides, {i.id: i for i in issues})
    header, rows = applied.header, applied.rows
    problems.relocate = applied.at
    problems.errors.extend(applied.errors)
    lines = read.lines
    columns = dict(zip(header, zip(*rows, strict=True), strict=True)) if rows else {}
    empty: tuple[str, ...] = ("",) * len(rows)

    def col(name: str) -> tuple[str, ...]:
        return columns.get(name, empty)

    party_index = {p: n for n, p in enumerate(party_ids)}
    new_parties: list[str] = []
    party_code: dict[str, int] = {}  # a cell as written (spaces around it too) -> party
    for value, line in _first_lines(col("party"), lines):
        party_id = value.strip()
        if not is_id(party_id):
            what = f"'{shown(party_id)}' is not a valid party id" if party_id else "missing"
            problems.error(line(), f"party: {what} (expected {ID_RULE})")
            continue
        if party_id not in party_index:
            party_index[party_id] = len(party_index)
            new_parties.append(party_id)
        party_code[value] = party_index[party_id]
    issue_index = {i.id: n for n, i in enumerate(issues)}
    issue_code: dict[str, int] = {}
    unknown: dict[str, int] = {}  # an unknown issue id -> the first line naming it
    for value, line in _first_lines(col("issue"), lines):
        issue_id = value.strip()
        if issue_id in issue_index:
            issue_code[value] = issue_index[issue_id]
        elif issue_id not in unknown:
            unknown[issue_id] = line()
    if unknown:
        naming = Counter(v.strip() for v in col("issue") if v not in issue_code)
        for issue_id, line_no in unknown.items():
            if len(problems.errors) >= MAX_PROBLEMS:
                problems.error(line_no, "")  # counted, not listed: no hint to look for
                continue
            hint = did_you_mean(issue_id, issue_index) or f" (expected {one_of(issue_index)})"
            more = f"; {naming[issue_id]} rows name it" if naming[issue_id] > 1 else ""
            what = f"unknown issue '{shown(issue_id)}'" if issue_id else "missing"
            problems.error(line_no, f"issue: {what}{hint}{more}")
    if problems.errors:
        raise InputError(problems.finish())
    party = np.fromiter(map(party_code.__getitem__, col("party")), np.int64, len(rows))
    issue = np.fromiter(map(issue_code.__getitem__, col("issue")), np.int64, len(rows))
    kinds = np.array([kind_code(i) for i in issues], dtype=np.int64)[issue] if rows else issue
    columns_ = Columns(problems, lines, kinds, issue, issues, col, empty)
    table = columns_.table(shown_path, party, sources)
    _duplicates(problems, table, issues, list(party_index))
    capability = _capability(problems, col("capability"), party, list(party_index), lines)
    warnings = []
    if not rows:
        warnings.append(
            Diagnostic(
                Location(shown_path, read.header_line),
                "no rows after the header (the table holds no stances)",
                Severity.WARNING,
            )
        )
    elif table.sources is None or any(not s for s in table.sources):
        missing = len(rows) if table.sources is None else sum(1 for s in table.sources if not s)
        first = int(lines[0]) if table.sources is None else _first_missing(table)
        warnings.append(
            Diagnostic(
                Location(shown_path, first),
                f"{missing} stance{'s cite' if missing != 1 else ' cites'} no source "
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
    first: dict[str, int] = {}

    def line_of(value: str) -> int:
        if not first:  # one pass, the first time a line is asked for
            for n, v in enumerate(values):
                first.setdefault(v, n)
        return int(lines[first[value]])

    return ((v, lambda v=v: line_of(v)) for v in dict.fromkeys(values))


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
        found = number(value, "capability", lo=0, above=True)
        if isinstance(found, str):
            problems.error(line((p, value)), found)
            continue
        name = parties[p]
        if name in out and out[name] != found:
            problems.error(
                line((p, value)),
                f"capability: {fmt(found)} for '{name}', which an earlier row gives as "
                f"{fmt(out[name])}",
            )
        out.setdefault(name, found)
    return out
