"""What the table readers share: constants, the problem list, reading a CSV file."""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from gapcli.errors import Diagnostic, InputError, Location, did_you_mean, one_of, shorten
from gapcli.io import files
from gapcli.io.checks import MAX_MAGNITUDE, fmt, number_text, tiny, too_large, too_small
from gapcli.io.spec import ID_PATTERN, STANCE_COLUMNS
from gapcli.model import (
    ChoiceIssue,
    Issue,
    ScaleIssue,
    SetIssue,
)
from gapcli.model.table import Ints

STANCES_CSV = "stances.csv"
COLUMNS = STANCE_COLUMNS
REQUIRED = ("party", "issue", "salience")
LIST_SEP = ";"  # inside a cell: accepts, require, reject, source
MAX_OPTIONS = 64  # options of an issue a table row can name (a bit each)
MAX_PROBLEMS = 50  # problems listed per file; the rest are counted
SCALE, CHOICE, SET = 0, 1, 2
ID_RE = re.compile(ID_PATTERN)  # use fullmatch: '$' alone would let "id\n" through


class Problems:
    """Diagnostics of one file, the first MAX_PROBLEMS listed and the rest counted."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.hidden = 0
        self.relocate: dict[int, Location] = {}

    def error(self, line: int, message: str) -> None:
        if len(self.errors) >= MAX_PROBLEMS:
            self.hidden += 1
        elif line in self.relocate:  # a row a --set argument changed: point at the argument
            where = self.relocate[line]
            self.errors.append(Diagnostic(where, f"{message} (row {line} of {self.path})"))
        else:
            self.errors.append(Diagnostic(Location(self.path, line), message))

    def rows(self, lines: Ints, where: npt.NDArray[np.bool_], message: str) -> None:
        """The same problem on every row flagged in ``where``."""
        self.each(lines, where, lambda _: message)

    def each(
        self, lines: Ints, where: npt.NDArray[np.bool_], message: Callable[[int], str]
    ) -> None:
        """A problem on every row flagged in ``where``; ``message`` of the row's index (asked
        only for the rows listed)."""
        if not where.any():
            return
        flagged = np.flatnonzero(where)
        room = max(0, MAX_PROBLEMS - len(self.errors)) + 1
        for n in flagged[:room].tolist():
            self.error(int(lines[n]), message(n))
        self.hidden += max(0, len(flagged) - room)

    def finish(self) -> list[Diagnostic]:
        if self.hidden:
            more = f"{self.hidden} more problems in this file (the first {MAX_PROBLEMS} shown)"
            self.errors.append(Diagnostic(Location(self.path), more))
            self.hidden = 0
        return self.errors


def kind_code(issue: Issue) -> int:
    return {ScaleIssue: SCALE, ChoiceIssue: CHOICE, SetIssue: SET}[type(issue)]


def is_id(text: str) -> bool:
    return ID_RE.fullmatch(text) is not None


shown = shorten  # a cell as a message shows it (the table readers' name for it)


def text_cell(cell: str) -> str | None:
    """A text cell (a note, a title, a description): without the spaces around it, and with
    the ``'`` gapcli's CSV writers put before a formula character taken off; ``None`` when
    empty."""
    text = cell.strip()
    if text[:1] == "'":
        text = files.from_spreadsheet(text)
    return text or None


def number(
    cell: str, name: str, *, lo: float | None = None, hi: float | None = None, above: bool = False
) -> float | str:
    """The number in a cell, finite and within [lo, hi] (above ``lo`` with ``above``), or
    what is wrong with it, in the words of the YAML files' messages. No number is larger in
    size than the YAML files allow (:data:`gapcli.io.checks.MAX_MAGNITUDE`)."""
    text = cell.strip()
    try:
        x = float(text) if number_text(text) else float("x")
    except ValueError:
        return f"{name}: '{shown(text)}' is not a number"
    if not math.isfinite(x):
        return f"{name}: expected a finite number, not {shown(text)}"
    x += 0.0  # -0 is 0
    if hi is None and abs(x) > MAX_MAGNITUDE:
        return too_large(name, shown(text))
    if tiny(x):
        return too_small(name, shown(text))
    if (lo is not None and (x < lo or (above and x == lo))) or (hi is not None and x > hi):
        if lo is not None and hi is not None:
            rule = f"a number from {fmt(lo)} to {fmt(hi)}"
        else:
            rule = f"a number {'>' if above else '>='} {fmt(lo or 0)}"
        return f"{name}: {shown(text)} is out of range (expected {rule})"
    return x


@dataclass(frozen=True, slots=True)
class Rows:
    """A table as read: its header (names stripped), the line the header is on, and its
    rows with the line each starts on (blank lines and rows of empty cells left out)."""

    header: list[str]
    header_line: int
    rows: list[list[str]]
    lines: Ints  # lines[n]: the line row n starts on


def read_rows(path: Path, shown_path: str) -> Rows:
    """The rows of a CSV table, each with its line in the file.

    Only a regular file is read, and at most :data:`gapcli.io.files.MAX_TABLE_BYTES`; it must
    be UTF-8 (a bad byte is reported at its line and column). A field may be as long as the
    file: there is no other limit.
    """
    text = files.read_text(path, shown_path, limit=files.MAX_TABLE_BYTES, what="tables")
    records, lines = _records(text, shown_path)
    if _may_have_blank_rows(text, records):
        keep = [bool(r) and (not _odd_start(r[0]) or not _blank(r)) for r in records]
        records = list(itertools.compress(records, keep))
        lines = lines[np.array(keep, dtype=bool)] if keep else lines
    if not records:
        raise InputError.at(Location(shown_path, 1), "file is empty (expected a header row)")
    header = [h.strip() for h in records[0]]
    del records[0]
    return Rows(header, int(lines[0]), records, lines[1:])


def _blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _odd_start(cell: str) -> bool:
    """Whether a cell is empty or starts with a space or a control character (only then
    may its row be blank)."""
    return cell[:1] <= " " or cell[:1].isspace()


#: A line starting with a control character, a space, a comma or a quote: its record may
#: be blank or hold only empty cells (a row whose first cell is not so is never left out).
_ODD_LINE_START = re.compile(
    '\n[\x00-\x20,"\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]'
)
_LONE_CR = re.compile(r"\r(?!\n)")


def _may_have_blank_rows(text: str, records: list[list[str]]) -> bool:
    """Whether a record may be blank or hold only empty cells, in which case the reader
    looks at every row. Most files have none, and a search of the text says so."""
    if not records or not records[0] or _odd_start(records[0][0]):
        return True
    if "\r" in text and _LONE_CR.search(text):  # lines ended by a lone CR: look at every row
        return True
    return _ODD_LINE_START.search(text) is not None


def _records(text: str, shown_path: str) -> tuple[list[list[str]], Ints]:
    """Each record, and the line it starts on, as :func:`gapcli.io.files.csv_records` gives
    them. When no record spans lines (no quoted cell holds a line break), record k is on
    line k: the file is then parsed in one pass, with no per-record bookkeeping."""
    csv.field_size_limit(max(csv.field_size_limit(), files.MAX_TABLE_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = list(reader)
    except csv.Error:  # files.csv_records says where
        pass
    else:
        if reader.line_num == len(records):
            return records, np.arange(1, len(records) + 1, dtype=np.int64)
    numbered = list(files.csv_records(text, shown_path))
    if numbered:
        _closed(text, numbered[-1][0], shown_path)
    lines = np.fromiter((line for line, _ in numbered), np.int64, len(numbered))
    return [row for _, row in numbered], lines


def _closed(text: str, start: int, shown_path: str) -> None:
    """Refuse a quoted cell that is never closed: the reader would take every line after
    its opening quote into it, and the rows on those lines would be lost without a word.
    Only the last record (which starts on line ``start``) can hold one."""
    lines = io.StringIO(text, newline="").readlines()
    if len(lines) <= start:  # the last record is on the last line: no line is swallowed
        return
    try:
        list(csv.reader(io.StringIO("".join(lines[start - 1 :]), newline=""), strict=True))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InputError.at(
                Location(shown_path, start),
                f"a quoted cell opened on this line is never closed: it would take in the "
                f"{len(lines) - start} lines after it (add the closing '\"')",
            ) from None


def check_header(
    problems: Problems,
    header: list[str],
    line: int,
    columns: tuple[str, ...],
    required: tuple[str, ...],
) -> None:
    """Unknown, unnamed, repeated and missing columns, at the header's line."""
    seen: dict[str, int] = {}
    for k, name in enumerate(header, start=1):
        if not name:
            problems.error(
                line,
                f"column {k} has no name (expected {one_of(columns)}; "
                "a ',' at the end of the header adds an unnamed column)",
            )
        elif name not in columns:
            hint = did_you_mean(name, columns) or f"; expected {one_of(columns)}"
            problems.error(line, f"unknown column '{shown(name)}'{hint}")
        elif name in seen:
            problems.error(
                line,
                f"column '{name}' appears twice (columns {seen[name]} and {k}; keep one, "
                "else one of them would be ignored)",
            )
        else:
            seen[name] = k
    for name in required:
        if name not in header:
            problems.error(
                line, f"missing column '{name}' (expected at least {', '.join(required)})"
            )


def check_widths(problems: Problems, table: Rows) -> None:
    """Every row has as many fields as the header."""
    width = len(table.header)
    if set(map(len, table.rows)) - {width}:
        for line, row in zip(table.lines.tolist(), table.rows, strict=True):
            if len(row) != width:
                fields = f"{len(row)} field{'s' if len(row) != 1 else ''}"
                problems.error(line, f"{fields}, expected {width} (as in the header)")
