"""Reading stances.csv against a scenario's issues, parties and sources."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gapcli.errors import Diagnostic, InputError, Location, Severity, did_you_mean, one_of
from gapcli.io.overrides import Override
from gapcli.io.spec import ID_RULE
from gapcli.io.tabular import columnar
from gapcli.io.tabular.capability import capabilities
from gapcli.io.tabular.columnar import Column, ColumnTable
from gapcli.io.tabular.columns import Columns
from gapcli.io.tabular.common import (
    COLUMNS,
    MAX_PROBLEMS,
    REQUIRED,
    Problems,
    check_header,
    check_widths,
    is_id,
    kind_code,
    shown,
)
from gapcli.io.tabular.overrides import Applied, apply
from gapcli.model import (
    Issue,
)
from gapcli.model.table import Ints, StanceTable


@dataclass(frozen=True, slots=True)
class Read:
    """What ``stances.csv`` adds: the table, the parties it names that no YAML file defines
    (in order of first appearance), and the capability the table gives each party whose YAML
    file gives none (the one most of its rows give; ``--set`` for a party only it names)."""

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
    given: Mapping[str, float] | None = None,
) -> Read:
    """Read ``stances.csv`` against the scenario's issues, parties and source keys, with the
    ``--set`` overrides that name its rows or its parties written into its cells. ``given``:
    each party's capability as its YAML file gives it (before ``--set``), which a row's
    capability overrides when it differs."""
    problems = Problems(shown_path)
    read, applied = _read(problems, path, shown_path, overrides, issues)
    names, unmatched = applied.names, applied.unmatched
    lines, n_rows = read.lines, len(read)
    col = read.column
    party_index = {p: n for n, p in enumerate(party_ids)}
    new_parties: list[str] = []
    party_of = np.full(len(col("party").distinct), -1, dtype=np.int64)  # a distinct cell's party
    for k, value, line in _first_lines(col("party"), lines):
        party_id = value.strip()
        if not is_id(party_id):
            what = f"'{shown(party_id)}' is not a valid party id" if party_id else "missing"
            problems.error(line(), f"party: {what} (expected {ID_RULE})")
            continue
        if party_id not in party_index:
            party_index[party_id] = len(party_index)
            new_parties.append(party_id)
        party_of[k] = party_index[party_id]
    issue_index = {i.id: n for n, i in enumerate(issues)}
    issue_of = np.full(len(col("issue").distinct), -1, dtype=np.int64)
    unknown: dict[str, int] = {}  # an unknown issue id -> the first line naming it
    naming: Counter[str] = Counter()  # rows naming each unknown issue id
    counts = col("issue").counts() if n_rows else None
    for k, value, line in _first_lines(col("issue"), lines):
        issue_id = value.strip()
        if issue_id in issue_index:
            issue_of[k] = issue_index[issue_id]
            continue
        assert counts is not None
        naming[issue_id] += int(counts[k])
        if issue_id not in unknown:
            unknown[issue_id] = line()
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
    party = party_of[col("party").codes]
    issue = issue_of[col("issue").codes]
    kinds = np.array([kind_code(i) for i in issues], dtype=np.int64)[issue] if n_rows else issue
    checker = Columns(problems, lines, kinds, issue, issues, col)
    table = checker.table(shown_path, party, sources)
    _duplicates(problems, table, issues, list(party_index))
    table, capability = capabilities(problems, table, list(party_index), given or {}, applied)
    warnings = []
    if not n_rows:
        warnings.append(
            Diagnostic(
                Location(shown_path, read.header_line),
                "no rows after the header (the table holds no stances)",
                Severity.WARNING,
            )
        )
    elif table.sources is None or any(not s for s in table.sources):
        missing = n_rows if table.sources is None else sum(1 for s in table.sources if not s)
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
        names,
        unmatched,
    )


def _read(
    problems: Problems,
    path: Path,
    shown_path: str,
    overrides: Sequence[Override],
    issues: Sequence[Issue],
) -> tuple[ColumnTable, Applied]:
    """The table as columns: through Arrow when it can (every record on one line), else row
    by row with the csv module, which locates every problem of the file's shape; with
    overrides to write into its cells, as rows first. Also what the overrides did besides
    (party names and capabilities, those that name a party the table lacks)."""
    fast = None if overrides else columnar.read(path, shown_path)
    if fast is not None:
        check_header(problems, fast.header, fast.header_line, COLUMNS, REQUIRED)
        if problems.errors:
            raise InputError(problems.finish())
        return fast, Applied(fast.header, [])
    rows = columnar.read_as_rows(path, shown_path)
    check_header(problems, rows.header, rows.header_line, COLUMNS, REQUIRED)
    if problems.errors:
        raise InputError(problems.finish())
    check_widths(problems, rows)
    if problems.errors:
        raise InputError(problems.finish())
    applied = apply(rows.header, rows.rows, rows.lines, overrides, {i.id: i for i in issues})
    problems.relocate = applied.at
    problems.errors.extend(applied.errors)
    table = ColumnTable.of_rows(applied.header, rows.header_line, applied.rows, rows.lines)
    return table, applied


def _first_missing(table: StanceTable) -> int:
    assert table.sources is not None
    return int(table.lines[next(n for n, s in enumerate(table.sources) if not s)])


def _first_lines(column: Column, lines: Ints) -> Iterator[tuple[int, str, Any]]:
    """Each distinct cell that some row holds (its index and text), in order of first
    appearance, with a callable giving the line it first stands on."""
    first = column.first_rows()
    held = np.flatnonzero(first >= 0)
    for k in held[np.argsort(first[held], kind="stable")].tolist():
        yield k, column.distinct[k], lambda k=k: int(lines[first[k]])


def _duplicates(
    problems: Problems, table: StanceTable, issues: Sequence[Issue], parties: list[str]
) -> None:
    if not len(table):
        return
    key = table.party * len(issues) + table.issue
    cells = len(parties) * len(issues)
    if cells <= 8 * len(key) and np.bincount(key, minlength=cells).max() < 2:
        return  # no cell twice, found by counting (cheaper than the sort below)
    order = np.argsort(key, kind="stable")
    same = np.flatnonzero(key[order][1:] == key[order][:-1])
    for n in same[:MAX_PROBLEMS].tolist():
        first, again = int(order[n]), int(order[n + 1])
        problems.error(
            int(table.lines[again]),
            f"a second stance of '{parties[int(table.party[again])]}' on "
            f"'{issues[int(table.issue[again])].id}' (first at line {int(table.lines[first])})",
        )
