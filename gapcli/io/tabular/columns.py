"""Checking and converting the value columns of stances.csv, kind by kind."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from gapcli.errors import did_you_mean, one_of
from gapcli.io.checks import MAX_MAGNITUDE, MIN_MAGNITUDE, number_text, too_large, too_small
from gapcli.io.tabular.columnar import Column
from gapcli.io.tabular.common import (
    CHOICE,
    LIST_SEP,
    MAX_OPTIONS,
    MAX_PROBLEMS,
    SCALE,
    SET,
    Problems,
    shown,
    text_cell,
)
from gapcli.model import (
    ChoiceIssue,
    Issue,
    ScaleIssue,
)
from gapcli.model.table import Floats, Ints, StanceTable

#: A character no number in decimal notation has (numbers are ASCII digits, signs, points,
#: exponents and spaces).
_ODD = re.compile(r"[^0-9eE.+\- ]")


class Columns:
    """Checks and converts the value columns, kind by kind, into a StanceTable."""

    def __init__(
        self,
        problems: Problems,
        lines: Ints,
        kinds: Ints,
        issue: Ints,
        issues: Sequence[Issue],
        col: Callable[[str], Column],
    ) -> None:
        self.problems, self.lines, self.kinds, self.issue = problems, lines, kinds, issue
        self.issues, self.col = issues, col
        self.n = len(lines)
        # issues with the same options share one cache of parsed cells
        keys: dict[tuple[str, ...], int] = {}
        self.option_key = np.array(
            [keys.setdefault(getattr(i, "option_ids", ()), len(keys)) for i in issues],
            dtype=np.int64,
        )
        self.option_ids = list(keys)

    def numbers(self, name: str) -> Floats:
        """The column as floats, nan where empty or not a finite number; a cell that is not
        a number is reported once, at its first line (text), one that is not finite (nan,
        inf, 1e999) on every row. Each distinct cell is parsed once."""
        column = self.col(name)
        if column.absent():
            return np.full(self.n, np.nan)
        distinct = column.distinct
        parsed: Floats | None = None
        if len(distinct) > 1000 and not _ODD.search("".join(distinct)):
            # many distinct cells, all of digits, signs, points and exponents: numpy parses
            # them at once (a letter, _ or a digit of another script: cell by cell)
            try:
                parsed = np.array(distinct, dtype=np.float64)
            except ValueError:  # an empty cell: cell by cell below
                parsed = None
        failed = np.zeros(len(distinct), dtype=bool)  # text that is not a number
        if parsed is None:
            parsed = np.full(len(distinct), np.nan)
            first: Ints | None = None
            for k, cell in enumerate(distinct):
                if not cell.strip():
                    continue
                try:
                    parsed[k] = float(cell) if number_text(cell) else float("x")
                except ValueError:
                    failed[k] = True
                    if len(self.problems.errors) >= MAX_PROBLEMS:
                        self.problems.hidden += 1  # counted; no search for its line
                        continue
                    first = column.first_rows() if first is None else first
                    line = int(self.lines[first[k]])
                    self.problems.error(line, f"{name}: '{shown(cell.strip())}' is not a number")
        blank = column.per_distinct(lambda cell: not cell.strip(), bool)
        odd = ~blank & ~failed & ~np.isfinite(parsed)  # nan, inf: numbers no stance can hold
        out = parsed[column.codes]
        return self._finite(name, out, column, odd[column.codes] if odd.any() else None)

    def _finite(
        self, name: str, out: Floats, values: Column, odd: npt.NDArray[np.bool_] | None
    ) -> Floats:
        """``out`` with the rows flagged ``odd`` (nan, inf, 1e999: numbers no stance can
        hold) reported and made nan, so that no later rule reports them again; -0 made 0."""
        if odd is not None and odd.any():
            self.problems.each(
                self.lines,
                odd,
                lambda n: f"{name}: expected a finite number, not {shown(values.cell(n).strip())}",
            )
            out[odd] = np.nan
        small = (out != 0) & (np.abs(out) < MIN_MAGNITUDE)  # nan compares False
        if small.any():
            self.problems.each(
                self.lines, small, lambda n: too_small(name, shown(values.cell(n).strip()))
            )
            out[small] = np.nan
        out += 0.0
        return out

    def blank(self, name: str, rows: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        """Which of ``rows`` have an empty cell (text that is not a number is not empty)."""
        column = self.col(name)
        if column.absent() or not rows.any():
            return rows
        out: npt.NDArray[np.bool_] = rows & column.map(lambda cell: not cell.strip(), bool)
        return out

    def absent(self, name: str) -> bool:
        """True when the column is missing or every cell of it is empty."""
        return self.col(name).absent()

    def table(self, shown: str, party: Ints, sources: Mapping[str, object]) -> StanceTable:
        p, lines, kinds = self.problems, self.lines, self.kinds
        salience = self.numbers("salience")
        missing = self.blank("salience", np.isnan(salience))
        p.rows(lines, missing, "salience: missing (expected a number from 0 to 1)")
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
        capability = self.capabilities()
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
            capability=capability,
            sources=self.source_refs(sources),
            notes=self.notes(),
            lines=lines,
        )

    def capabilities(self) -> Floats:
        """Each row's capability, nan where the cell is empty (or the value refused): a
        number above 0 and at most MAX_MAGNITUDE, as in a YAML file."""
        values = self.numbers("capability")
        column = self.col("capability")
        large = np.abs(values) > MAX_MAGNITUDE  # nan compares False
        if large.any():
            self.problems.each(
                self.lines, large, lambda n: too_large("capability", shown(column.cell(n).strip()))
            )
        low = values <= 0
        if low.any():
            self.problems.each(
                self.lines,
                low,
                lambda n: (
                    f"capability: {shown(column.cell(n).strip())} is out of range "
                    "(expected a number > 0)"
                ),
            )
        values[large | low] = np.nan
        return values

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
        missing = self.blank("position", scale & np.isnan(position))
        p.rows(lines, missing, "position: missing (a scale issue needs one)")
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
        column = self.col(name)
        if column.absent():
            return out
        combo, pairs = self.cells(column)
        parsed = [
            self.parse_options(self.option_ids[key], column.distinct[k])
            if column.distinct[k]
            else 0
            for key, k in pairs
        ]
        bits = np.array([v if isinstance(v, int) else 0 for v in parsed], dtype=np.uint64)
        bad = np.array([not isinstance(v, int) for v in parsed], dtype=bool)
        if bad.any():

            def message(n: int) -> str:
                found = parsed[int(combo[n])]
                assert not isinstance(found, int)
                return _option_problem(name, self.issues[int(self.issue[n])], *found)

            self.problems.each(self.lines, bad[combo] & rows, message)
        filled = column.map(bool, bool)
        self.problems.rows(
            self.lines, filled & ~rows, f"{name}: does not apply to this issue's kind"
        )
        out[rows] = bits[combo][rows]
        return out

    def cells(self, column: Column) -> tuple[Ints, list[tuple[int, int]]]:
        """What a cell means depends on the cell and on the options of its row's issue: each
        row's index into the distinct (options key, distinct cell) pairs, and those pairs."""
        keys = self.option_key[self.issue] if self.n else self.option_key[:0]
        if not self.n or bool((keys == keys[0]).all()):
            first = int(keys[0]) if self.n else 0
            return column.codes, [(first, k) for k in range(len(column.distinct))]
        width = len(column.distinct)
        distinct, combo = np.unique(keys * width + column.codes, return_inverse=True)
        return combo.reshape(-1), [(int(c) // width, int(c) % width) for c in distinct]

    @staticmethod
    def parse_options(ids: tuple[str, ...], cell: str) -> int | tuple[str, str, str]:
        """The bit mask of a cell, or what is wrong with it: (``unknown``, ``twice`` or
        ``beyond``, the option, a hint)."""
        bits = 0
        for option in (o.strip() for o in cell.split(LIST_SEP) if o.strip()):
            if option not in ids:
                return "unknown", option, did_you_mean(option, ids) or f"; expected {one_of(ids)}"
            k = ids.index(option)
            if k >= MAX_OPTIONS:
                return "beyond", option, ""
            if bits >> k & 1:
                return "twice", option, ""
            bits |= 1 << k
        return bits

    def choice(self) -> tuple[Ints, npt.NDArray[np.uint64]]:
        choice = self.kinds == CHOICE
        column = self.col("prefers")
        index = [{o: k for k, o in enumerate(ids)} for ids in self.option_ids]
        combo, pairs = self.cells(column)
        codes = np.array(
            [index[key].get(column.distinct[k].strip(), -1) for key, k in pairs],
            dtype=np.int64,
        )
        prefers = np.where(choice, codes[combo], -1) if self.n else np.zeros(0, np.int64)
        for n in np.flatnonzero(choice & ((prefers < 0) | (prefers >= MAX_OPTIONS))).tolist():
            issue = self.issues[int(self.issue[n])]
            assert isinstance(issue, ChoiceIssue)
            value = column.cell(n).strip()
            if prefers[n] >= 0:
                message = _option_problem("prefers", issue, "beyond", value, "")
            else:
                what = f"unknown option '{shown(value)}'" if value else "missing"
                message = f"prefers: {what} (expected one of {one_of(issue.option_ids)})"
            self.problems.error(int(self.lines[n]), message)
        prefers[prefers >= MAX_OPTIONS] = -1
        if not column.absent():
            filled = column.map(lambda cell: bool(cell.strip()), bool)
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
        column = self.col("source")
        if column.absent():
            return None
        keys = [
            tuple(k.strip() for k in cell.split(LIST_SEP) if k.strip()) for cell in column.distinct
        ]
        unknown = [[k for k in ks if k not in known] for ks in keys]
        flagged = np.array([bool(u) for u in unknown], dtype=bool)[column.codes]
        for n in np.flatnonzero(flagged).tolist():
            for key in unknown[int(column.codes[n])]:
                hint = did_you_mean(key, known) or f"; expected {one_of(known)}"
                self.problems.error(
                    int(self.lines[n]), f"source: unknown source '{shown(key)}'{hint}"
                )
        return tuple(keys[c] for c in column.codes.tolist())

    def notes(self) -> tuple[str | None, ...] | None:
        column = self.col("note")
        if column.absent():
            return None
        texts = [text_cell(cell) for cell in column.distinct]
        return tuple(texts[c] for c in column.codes.tolist())


def _option_problem(name: str, issue: Issue, problem: str, option: str, hint: str) -> str:
    if problem == "unknown":
        return f"{name}: unknown option '{shown(option)}' of issue '{issue.id}'{hint}"
    if problem == "twice":
        return f"{name}: option '{option}' is listed twice"
    return (
        f"{name}: option '{option}' is not among the first {MAX_OPTIONS} options of issue "
        f"'{issue.id}', the only ones a table can name (give this stance in a YAML file)"
    )
