"""Stances in a table: ``stances.csv`` beside ``scenario.yaml`` (docs/format.md, "Tabular
scenarios").

One row per stance, read column by column into arrays (a :class:`StanceTable`), never into
one Python object per stance: a million stances load in seconds. Every rule of the YAML
files applies; problems point at ``file:line``. A party's stances from the table are
materialised as model objects only when something asks for them (:class:`TableStances`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from gapcli.errors import Diagnostic, InputError, Location, Severity, did_you_mean, one_of
from gapcli.model import (
    ChoiceIssue,
    ChoiceStance,
    Issue,
    ScaleIssue,
    ScaleStance,
    SetIssue,
    SetStance,
    Stance,
)
from gapcli.spec import ID_PATTERN, ID_RULE, STANCE_COLUMNS

STANCES_CSV = "stances.csv"
COLUMNS = STANCE_COLUMNS
REQUIRED = ("party", "issue", "salience")
LIST_SEP = ";"  # inside a cell: accepts, require, reject, source
MAX_OPTIONS = 64  # options of an issue a table row can name (a bit each)
MAX_PROBLEMS = 50  # problems listed per file; the rest are counted
SCALE, CHOICE, SET = 0, 1, 2
_ID = re.compile(ID_PATTERN)

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class StanceTable:
    """The stances of ``stances.csv``, one entry per row, as arrays.

    ``party`` and ``issue`` index ``scenario.parties`` and ``scenario.issues``. Scale rows
    hold ``position``, ``lo``, ``hi`` (nan elsewhere); choice rows ``prefers`` (an option
    index, -1 elsewhere) and ``accepts``; set rows ``require`` and ``reject``; the option
    sets are bit masks (bit k: the issue's k-th option). ``uncertainty`` is nan where none.
    """

    path: str
    party: Ints
    issue: Ints
    salience: Floats
    position: Floats
    lo: Floats
    hi: Floats
    prefers: Ints
    accepts: npt.NDArray[np.uint64]
    require: npt.NDArray[np.uint64]
    reject: npt.NDArray[np.uint64]
    uncertainty: Floats
    sources: tuple[tuple[str, ...], ...] | None  # None: no source column
    notes: tuple[str | None, ...] | None
    lines: Ints  # the row's line in the file

    def __len__(self) -> int:
        return int(self.party.shape[0])

    def stance(self, row: int, issue: Issue) -> Stance:
        """The model object of one row."""
        sources = self.sources[row] if self.sources is not None else ()
        note = self.notes[row] if self.notes is not None else None
        u = float(self.uncertainty[row])
        common: dict[str, Any] = {
            "salience": float(self.salience[row]),
            "sources": sources,
            "note": note,
            "uncertainty": None if np.isnan(u) else u,
        }
        if isinstance(issue, ScaleIssue):
            return ScaleStance(
                position=float(self.position[row]),
                lo=float(self.lo[row]),
                hi=float(self.hi[row]),
                **common,
            )
        ids = issue.option_ids
        if isinstance(issue, ChoiceIssue):
            return ChoiceStance(
                prefers=ids[int(self.prefers[row])],
                accepts=_options(int(self.accepts[row]), ids),
                **common,
            )
        return SetStance(
            require=_options(int(self.require[row]), ids),
            reject=_options(int(self.reject[row]), ids),
            **common,
        )


def _options(bits: int, ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(o for k, o in enumerate(ids) if bits >> k & 1)


class TableStances(Mapping[str, Stance]):
    """One party's stances: those of its YAML file (``explicit``) and its table rows, made
    into model objects on first use."""

    def __init__(
        self,
        explicit: Mapping[str, Stance],
        table: StanceTable,
        rows: Ints,
        issues: Sequence[Issue],
    ) -> None:
        self.explicit = explicit
        self.table = table
        self.rows = rows
        self.issues = issues
        self._built: dict[str, Stance] | None = None

    def _all(self) -> dict[str, Stance]:
        if self._built is None:
            built = dict(self.explicit)
            for row in self.rows.tolist():
                issue = self.issues[int(self.table.issue[row])]
                built[issue.id] = self.table.stance(row, issue)
            self._built = built
        return self._built

    def __getitem__(self, key: str) -> Stance:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self.explicit) + int(self.rows.shape[0])

    def __contains__(self, key: object) -> bool:
        return key in self._all()


class _Problems:
    """Diagnostics of one file, the first MAX_PROBLEMS listed and the rest counted."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.hidden = 0

    def error(self, line: int, message: str) -> None:
        if len(self.errors) < MAX_PROBLEMS:
            self.errors.append(Diagnostic(Location(self.path, line), message))
        else:
            self.hidden += 1

    def rows(self, lines: Ints, where: npt.NDArray[np.bool_], message: str) -> None:
        """The same problem on every row flagged in ``where``."""
        for line in lines[where][: MAX_PROBLEMS - len(self.errors) + 1].tolist():
            self.error(int(line), message)
        self.hidden += max(0, int(where.sum()) - (MAX_PROBLEMS + 1))

    def finish(self) -> list[Diagnostic]:
        if self.hidden:
            more = f"{self.hidden} more problems in this file (the first {MAX_PROBLEMS} shown)"
            self.errors.append(Diagnostic(Location(self.path), more))
        return self.errors


@dataclass(frozen=True, slots=True)
class Read:
    """What ``stances.csv`` adds: the table, the parties it names that no YAML file defines
    (in order of first appearance), and the capability each party's rows give."""

    table: StanceTable
    new_parties: tuple[str, ...]
    capability: dict[str, float]
    errors: list[Diagnostic]
    warnings: list[Diagnostic]


def read_stances(
    path: Path,
    shown: str,
    issues: Sequence[Issue],
    party_ids: Sequence[str],
    sources: Mapping[str, object],
) -> Read:
    """Read ``stances.csv`` against the scenario's issues, parties and source keys."""
    problems = _Problems(shown)
    header, rows = _rows(path, shown)
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
        if not _ID.match(value):
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
    kinds = np.array([_kind(i) for i in issues], dtype=np.int64)[issue] if rows else issue
    columns_ = _Columns(problems, lines, kinds, issue, issues, col, empty)
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
    return Read(table, tuple(new_parties), capability, problems.finish(), warnings)


def parties_with_rows(table: StanceTable) -> set[int]:
    return {int(p) for p in np.unique(table.party)}


def rows_by_party(table: StanceTable, parties: int) -> list[Ints]:
    """For each party, the table rows that are its stances (in file order)."""
    order = np.argsort(table.party, kind="stable")
    bounds = np.searchsorted(table.party[order], np.arange(parties + 1))
    return [order[bounds[p] : bounds[p + 1]] for p in range(parties)]


def _first_missing(table: StanceTable) -> int:
    assert table.sources is not None
    return int(table.lines[next(n for n, s in enumerate(table.sources) if not s)])


def _kind(issue: Issue) -> int:
    return {ScaleIssue: SCALE, ChoiceIssue: CHOICE, SetIssue: SET}[type(issue)]


def _rows(path: Path, shown: str) -> tuple[list[str], list[list[str]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            rows = list(reader)
    except UnicodeDecodeError as exc:
        raise InputError.at(
            Location(shown), f"file is not valid UTF-8 (byte {exc.start}; save it as UTF-8)"
        ) from None
    except csv.Error as exc:
        raise InputError.at(Location(shown), f"invalid CSV: {exc}") from None
    except OSError as exc:
        raise InputError.at(Location(shown), f"cannot read: {exc.strerror or exc}") from None
    if header is None:
        raise InputError.at(Location(shown, 1), "file is empty (expected a header row)")
    return [h.strip() for h in header], [r for r in rows if r]  # csv gives [] for a blank line


def _first_lines(values: Sequence[str], lines: Ints) -> Iterator[tuple[str, Any]]:
    """Each distinct value, in order of appearance, with a callable giving the first line it
    stands on (found only when asked: a message needs it, a valid value does not)."""
    return ((v, lambda v=v: int(lines[values.index(v)])) for v in dict.fromkeys(values))


class _Columns:
    """Checks and converts the value columns, kind by kind, into a StanceTable."""

    def __init__(
        self,
        problems: _Problems,
        lines: Ints,
        kinds: Ints,
        issue: Ints,
        issues: Sequence[Issue],
        col: Any,
        empty: tuple[str, ...],
    ) -> None:
        self.problems, self.lines, self.kinds, self.issue = problems, lines, kinds, issue
        self.issues, self.col, self.empty = issues, col, empty
        self.n = len(lines)
        # issues with the same options share one cache of parsed cells
        keys: dict[tuple[str, ...], int] = {}
        self.option_key = np.array(
            [keys.setdefault(getattr(i, "option_ids", ()), len(keys)) for i in issues],
            dtype=np.int64,
        )
        self.option_ids = list(keys)

    def numbers(self, name: str) -> Floats:
        """The column as floats, nan where empty; a value that is not a finite number is
        reported."""
        values = self.col(name)
        if self.absent(name):
            return np.full(self.n, np.nan)
        distinct = dict.fromkeys(values)
        if len(distinct) * 10 < self.n:  # few distinct cells (rounded values): each once
            parsed: dict[str, float] = {}
            for cell in distinct:
                try:
                    parsed[cell] = float(cell) if cell.strip() else np.nan
                except ValueError:
                    parsed[cell] = np.nan
                    line = int(self.lines[values.index(cell)])
                    self.problems.error(line, f"{name}: '{cell}' is not a number")
            out = np.fromiter(map(parsed.__getitem__, values), np.float64, self.n)
            empty = any(not cell.strip() for cell in distinct)
            blank = np.array([not v.strip() for v in values]) if empty else None
            bad = ~np.isfinite(out) if blank is None else ~np.isfinite(out) & ~blank
            if bad.any():
                self.problems.rows(self.lines, bad, f"{name}: expected a finite number")
            return out
        try:
            out = np.array(values, dtype=np.float64)  # numpy parses the text itself
        except ValueError:  # empty cells or text: cell by cell
            out = np.full(self.n, np.nan)
            for n, v in enumerate(values):
                try:
                    out[n] = float(v) if v.strip() else np.nan
                except ValueError:
                    self.problems.error(int(self.lines[n]), f"{name}: '{v}' is not a number")
        blank = np.array([not v.strip() for v in values]) if np.isnan(out).any() else None
        bad = ~np.isfinite(out) if blank is None else ~np.isfinite(out) & ~blank
        if bad.any():
            self.problems.rows(self.lines, bad, f"{name}: expected a finite number")
        return out

    def absent(self, name: str) -> bool:
        """True when the column is missing or every cell of it is empty."""
        values = self.col(name)
        return values is self.empty or not any(values)

    def table(self, shown: str, party: Ints, sources: Mapping[str, object]) -> StanceTable:
        p, lines, kinds = self.problems, self.lines, self.kinds
        salience = self.numbers("salience")
        p.rows(lines, np.isnan(salience), "salience: missing (expected a number from 0 to 1)")
        p.rows(lines, (salience < 0) | (salience > 1), "salience: out of range (expected 0 to 1)")
        position, lo, hi = self.scale()
        prefers, accepts = self.choice()
        require, reject = self.sets()
        uncertainty = self.numbers("uncertainty")
        width = np.array([i.hi - i.lo if isinstance(i, ScaleIssue) else 1.0 for i in self.issues])
        limit = width[self.issue] if self.n else width[:0]
        p.rows(lines, uncertainty < 0, "uncertainty: negative (expected 0 or more)")
        p.rows(
            lines,
            (kinds == SCALE) & (uncertainty > limit),
            "uncertainty: larger than the issue's range",
        )
        p.rows(
            lines,
            (kinds != SCALE) & (uncertainty > 1),
            "uncertainty: expected a probability from 0 to 1 (on a choice or set issue)",
        )
        return StanceTable(
            path=shown,
            party=party,
            issue=self.issue,
            salience=np.nan_to_num(salience),
            position=position,
            lo=lo,
            hi=hi,
            prefers=prefers,
            accepts=accepts,
            require=require,
            reject=reject,
            uncertainty=uncertainty,
            sources=self.source_refs(sources),
            notes=self.notes(),
            lines=lines,
        )

    def scale(self) -> tuple[Floats, Floats, Floats]:
        p, lines, kinds = self.problems, self.lines, self.kinds
        scale = kinds == SCALE
        columns = ("position", "accepts_lo", "accepts_hi")
        if not scale.any() and all(self.absent(name) for name in columns):
            nothing = np.full(self.n, np.nan)
            return nothing, nothing.copy(), nothing.copy()
        position = self.numbers("position")
        lo, hi = self.numbers("accepts_lo"), self.numbers("accepts_hi")
        bounds = np.array(
            [[i.lo, i.hi] if isinstance(i, ScaleIssue) else [0, 0] for i in self.issues]
        )
        tol = np.array([i.tolerance if isinstance(i, ScaleIssue) else 0 for i in self.issues])
        low, high = bounds[self.issue, 0], bounds[self.issue, 1]
        p.rows(lines, scale & np.isnan(position), "position: missing (a scale issue needs one)")
        for name, values in (("position", position), ("accepts_lo", lo), ("accepts_hi", hi)):
            p.rows(
                lines,
                scale & ((values < low) | (values > high)),
                f"{name}: outside the issue's range",
            )
            p.rows(lines, ~scale & ~np.isnan(values), f"{name}: applies to a scale issue only")
        one = np.isnan(lo) != np.isnan(hi)
        p.rows(lines, scale & one, "accepts_lo and accepts_hi: give both or neither")
        given = scale & ~np.isnan(lo) & ~np.isnan(hi)
        p.rows(lines, given & (lo > hi), "accepts_lo: greater than accepts_hi")
        p.rows(
            lines,
            given & ((position < lo) | (position > hi)),
            "position: outside [accepts_lo, accepts_hi] (expected lo <= position <= hi)",
        )
        t = tol[self.issue] if self.n else tol[:0]
        lo = np.where(scale & ~given, np.maximum(low, position - t), lo)
        hi = np.where(scale & ~given, np.minimum(high, position + t), hi)
        return (
            np.where(scale, position, np.nan),
            np.where(scale, lo, np.nan),
            np.where(scale, hi, np.nan),
        )

    def option_sets(self, name: str, rows: npt.NDArray[np.bool_]) -> npt.NDArray[np.uint64]:
        """A ``;``-separated list of the issue's options, as bit masks (rows flagged only).
        Each distinct cell is parsed once per distinct list of options."""
        out = np.zeros(self.n, dtype=np.uint64)
        if self.absent(name):
            return out
        values = self.col(name)
        items, split = self.cells(values)
        parsed: dict[Any, int | tuple[str, str]] = {}
        for item in dict.fromkeys(items):
            key, cell = split(item)
            parsed[item] = self.parse_options(self.option_ids[key], cell) if cell else 0
        codes = {item: value if isinstance(value, int) else 0 for item, value in parsed.items()}
        bits = np.fromiter(map(codes.__getitem__, items), np.uint64, self.n)
        bad = {item: value for item, value in parsed.items() if not isinstance(value, int)}
        if bad:
            for n, item in enumerate(items):
                found = bad.get(item)
                if found is not None and rows[n]:
                    option, hint = found
                    issue = self.issues[int(self.issue[n])]
                    self.problems.error(
                        int(self.lines[n]),
                        f"{name}: unknown option '{option}' of issue '{issue.id}'{hint}",
                    )
        filled = np.fromiter(map(bool, values), bool, self.n)
        self.problems.rows(
            self.lines, filled & ~rows, f"{name}: does not apply to this issue's kind"
        )
        out[rows] = bits[rows]
        return out

    def cells(self, values: Sequence[str]) -> tuple[Sequence[Any], Any]:
        """Keys for caching what a cell means: the cell itself when every row's issue has
        the same options (no tuple per row), else (options key, cell); and how to split a
        key back into (options key, cell)."""
        keys = self.option_key[self.issue] if self.n else self.option_key[:0]
        if self.n and bool((keys == keys[0]).all()):
            first = int(keys[0])
            return values, lambda cell: (first, cell)
        return list(zip(keys.tolist(), values, strict=True)), lambda pair: pair

    @staticmethod
    def parse_options(ids: tuple[str, ...], cell: str) -> int | tuple[str, str]:
        """The bit mask of a cell, or the unknown option in it and a hint."""
        bits = 0
        for option in (o.strip() for o in cell.split(LIST_SEP) if o.strip()):
            if option not in ids:
                return option, did_you_mean(option, ids) or f"; expected {one_of(ids)}"
            bits |= 1 << ids.index(option)
        return bits

    def choice(self) -> tuple[Ints, npt.NDArray[np.uint64]]:
        choice = self.kinds == CHOICE
        values = self.col("prefers")
        prefers = np.full(self.n, -1, dtype=np.int64)
        index = [{o: k for k, o in enumerate(ids)} for ids in self.option_ids]
        items, split = self.cells(values)
        codes = {}
        for item in dict.fromkeys(items):
            key, cell = split(item)
            codes[item] = index[key].get(cell.strip(), -1)
        picked = np.fromiter(map(codes.__getitem__, items), np.int64, self.n)
        prefers = np.where(choice, picked, -1)
        for n in np.flatnonzero(choice & (prefers < 0)).tolist():
            issue = self.issues[int(self.issue[n])]
            assert isinstance(issue, ChoiceIssue)
            value = values[n].strip()
            what = f"unknown option '{value}'" if value else "missing"
            self.problems.error(
                int(self.lines[n]), f"prefers: {what} (expected one of {one_of(issue.option_ids)})"
            )
        if not self.absent("prefers"):
            filled = np.array([bool(v.strip()) for v in values])
            self.problems.rows(
                self.lines, filled & ~choice, "prefers: applies to a choice issue only"
            )
        accepts = self.option_sets("accepts", choice)
        own = np.where(
            prefers >= 0, np.left_shift(np.uint64(1), np.maximum(prefers, 0).astype(np.uint64)), 0
        ).astype(np.uint64)
        listed = accepts != 0
        self.problems.rows(
            self.lines,
            choice & listed & ((accepts & own) == 0) & (prefers >= 0),
            "accepts: does not contain the preferred option (expected a list that includes it)",
        )
        return prefers, np.where(choice, accepts | own, 0).astype(np.uint64)

    def sets(self) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
        rows = self.kinds == SET
        require, reject = self.option_sets("require", rows), self.option_sets("reject", rows)
        self.problems.rows(
            self.lines, (require & reject) != 0, "reject: an option is also required"
        )
        return require, reject

    def source_refs(self, known: Mapping[str, object]) -> tuple[tuple[str, ...], ...] | None:
        values = self.col("source")
        if not any(values):
            return None
        out = []
        for n, value in enumerate(values):
            keys = tuple(k.strip() for k in value.split(LIST_SEP) if k.strip())
            for key in keys:
                if key not in known:
                    hint = did_you_mean(key, known) or f"; expected {one_of(known)}"
                    self.problems.error(int(self.lines[n]), f"source: unknown source '{key}'{hint}")
            out.append(keys)
        return tuple(out)

    def notes(self) -> tuple[str | None, ...] | None:
        values = self.col("note")
        if not any(values):
            return None
        return tuple(v.strip() or None for v in values)


def _option_index(issue: ChoiceIssue | SetIssue, option: str) -> int | None:
    for k, o in enumerate(issue.options):
        if o.id == option:
            return k
    return None


def _duplicates(
    problems: _Problems, table: StanceTable, issues: Sequence[Issue], parties: list[str]
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
    problems: _Problems, values: Sequence[str], party: Ints, parties: list[str], lines: Ints
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


ISSUES_CSV = "issues.csv"
ISSUE_COLUMNS = (
    "id",
    "kind",
    "title",
    "lo",
    "hi",
    "options",
    "status_quo",
    "tolerance",
    "description",
)


def read_issues(path: Path, shown: str, tolerance: float) -> tuple[list[Issue], list[Diagnostic]]:
    """``issues.csv``: one issue a row (id, kind, title, lo, hi, options, status_quo,
    tolerance, description); options separated by ';'."""
    from gapcli.model import Option

    problems = _Problems(shown)
    header, rows = _rows(path, shown)
    for name in header:
        if name not in ISSUE_COLUMNS:
            hint = did_you_mean(name, ISSUE_COLUMNS) or f"; expected {one_of(ISSUE_COLUMNS)}"
            problems.error(1, f"unknown column '{name}'{hint}")
    for name in ("id", "kind"):
        if name not in header:
            problems.error(1, f"missing column '{name}'")
    if problems.errors:
        return [], problems.finish()
    out: list[Issue] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if len(row) != len(header):
            problems.error(line, f"{len(row)} fields, expected {len(header)} (as in the header)")
            continue
        cell = {k: v.strip() for k, v in zip(header, row, strict=True)}
        issue_id, kind, title = cell["id"], cell["kind"], cell.get("title") or cell["id"]
        if not _ID.match(issue_id):
            problems.error(line, f"id: '{issue_id}' is not a valid issue id (expected {ID_RULE})")
            continue
        if issue_id in seen:
            problems.error(
                line, f"id: issue '{issue_id}' is defined twice (first at line {seen[issue_id]})"
            )
            continue
        seen[issue_id] = line
        description = cell.get("description") or None
        if kind == "scale":
            numbers = {}
            for name in ("lo", "hi", "status_quo", "tolerance"):
                text = cell.get(name, "")
                try:
                    numbers[name] = float(text) if text else None
                except ValueError:
                    problems.error(line, f"{name}: '{text}' is not a number")
            lo = numbers.get("lo")
            hi = numbers.get("hi")
            lo, hi = (0.0 if lo is None else lo), (100.0 if hi is None else hi)
            if not lo < hi:
                problems.error(line, f"lo and hi: [{lo:g}, {hi:g}] has no width (expected lo < hi)")
                continue
            q, tol = numbers.get("status_quo"), numbers.get("tolerance")
            if q is not None and not lo <= q <= hi:
                problems.error(line, f"status_quo: {q:g} is outside [{lo:g}, {hi:g}]")
                continue
            out.append(
                ScaleIssue(
                    issue_id, title, lo, hi, q, (), tolerance if tol is None else tol, description
                )
            )
        elif kind in ("choice", "set"):
            ids = [o.strip() for o in cell.get("options", "").split(LIST_SEP) if o.strip()]
            bad = [o for o in ids if not _ID.match(o)]
            if not ids or bad or len(set(ids)) != len(ids):
                problems.error(line, "options: expected distinct option ids separated by ';'")
                continue
            options = tuple(Option(o, o) for o in ids)
            if kind == "choice":
                q_text = cell.get("status_quo") or None
                if q_text is not None and q_text not in ids:
                    problems.error(line, f"status_quo: '{q_text}' is not one of the options")
                    continue
                out.append(ChoiceIssue(issue_id, title, options, q_text, description))
            else:
                out.append(SetIssue(issue_id, title, options, description))
        else:
            problems.error(line, f"kind: '{kind}' (expected scale, choice or set)")
    return out, problems.finish()
