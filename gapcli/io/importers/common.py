"""What the readers share: the :class:`Imported` scenario, the problem list, reading the
file, numbers and ids made from names."""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gapcli.errors import Diagnostic, InputError, Location, shorten
from gapcli.io import files
from gapcli.io.checks import MAX_MAGNITUDE, fmt, number_text, tiny, too_large, too_small
from gapcli.io.tabular.common import MAX_PROBLEMS

MAX_ID = 64  # characters of an id made from a name (it names a file: parties/ID.yaml)


@dataclass
class Imported:
    title: str
    description: str | None = None
    issues: dict[str, dict[str, object]] = field(default_factory=dict)  # id -> YAML fields
    parties: dict[str, dict[str, object]] = field(default_factory=dict)  # id -> YAML fields
    rows: list[dict[str, str]] = field(default_factory=list)  # stances.csv rows
    lines: list[int] = field(default_factory=list)  # the input line of each row
    sources: dict[str, dict[str, object]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # where each part of the written scenario comes from in the input
    issue_lines: dict[str, int] = field(default_factory=dict)
    party_lines: dict[str, int] = field(default_factory=dict)
    source_lines: dict[str, int] = field(default_factory=dict)
    header_line: int = 1  # the line naming the columns (or the file's first line)
    title_line: int = 1
    sourced: bool = False  # the format has sources (only the long table does)

    def add_row(self, line: int, row: dict[str, str]) -> None:
        """A stances.csv row and the input line it comes from."""
        self.rows.append(row)
        self.lines.append(line)

    def add_stance(
        self, line: int, party: str, issue: str, position: float, salience: float
    ) -> None:
        """A row of the four columns every format has."""
        self.add_row(
            line,
            {
                "party": party,
                "issue": issue,
                "position": fmt_number(position),
                "salience": fmt_number(salience),
            },
        )


class Errors:
    """The problems of one input file, the first MAX_PROBLEMS listed and the rest counted."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.found: list[Diagnostic] = []
        self.hidden = 0

    def __call__(self, line: int, message: str) -> None:
        if len(self.found) >= MAX_PROBLEMS:
            self.hidden += 1
        else:
            self.found.append(Diagnostic(Location(self.shown, line), message))

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_any(self) -> None:
        if not self.found:
            return
        found = sorted(self.found, key=lambda d: d.location.line)
        if self.hidden:
            more = f"{self.hidden} more problems in this file (the first {MAX_PROBLEMS} shown)"
            found.append(Diagnostic(Location(self.shown), more))
        raise InputError(found)


def quoted(text: str) -> str:
    return f"'{shorten(text)}'"


def ident(text: str, fallback: str = "x") -> str:
    """An id from a name: accents dropped, lower case, runs of other characters as '-', at
    most MAX_ID characters; ``fallback`` when nothing is left (a name in another script)."""
    plain = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_-]+", "-", plain).strip("-_")
    return slug[:MAX_ID].rstrip("-_") or fallback


def number(
    errors: Errors,
    line: int,
    name: str,
    text: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    expected: str = "",
) -> float | None:
    """A finite number no larger than the loader allows, optionally within [lo, hi]."""
    text = text.strip()
    if not text:
        errors(line, f"{name}: missing (expected a number)")
        return None
    try:
        value = float(text) if number_text(text) else float("x")
    except ValueError:
        errors(line, f"{name}: {quoted(text)} is not a number")
        return None
    if not math.isfinite(value):
        errors(line, f"{name}: {quoted(text)} is not a finite number")
        return None
    if abs(value) > MAX_MAGNITUDE:
        errors(line, too_large(name, shorten(text)))
        return None
    if tiny(value):
        errors(line, too_small(name, shorten(text)))
        return None
    if (lo is not None and (value < lo or (lo_open and value == lo))) or (
        hi is not None and value > hi
    ):
        if not expected:
            expected = (
                f"a number from {fmt(lo)} to {fmt(hi)}"
                if lo is not None and hi is not None
                else f"a number {'>' if lo_open else '>='} {fmt(lo or 0)}"
            )
        errors(line, f"{name}: {fmt(value)} is out of range (expected {expected})")
        return None
    return value


def whole(errors: Errors, line: int, name: str, text: str, least: int) -> int | None:
    value = number(errors, line, name, text)
    if value is None:
        return None
    if not value.is_integer() or value < least:
        errors(line, f"{name}: {quoted(text.strip())} is not a whole number of {least} or more")
        return None
    return int(value)


def fmt_number(value: float) -> str:
    return repr(float(value)).removesuffix(".0")


def read_text(path: Path, shown: str) -> str:
    return files.read_text(path, shown, limit=files.MAX_TABLE_BYTES, what="files to import")


def _records(text: str, shown: str) -> list[tuple[int, list[str]]]:
    """The CSV records with their first lines, blank ones (every cell empty) left out.

    A quoting error the lenient reader would swallow (text after a closing quote, a quoted
    field the file ends inside, taking every later row with it) is refused at its row.
    """
    records = list(files.csv_records(text, shown))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            message = (
                "a quoted field is never closed (the file ends inside it; a '\"' inside a "
                'quoted field is written "")'
            )
        else:
            message = (
                f"invalid CSV: {exc} (only a comma or the end of the line may follow a "
                'closing quote; a \'"\' inside a quoted field is written "")'
            )
        raise InputError.at(Location(shown, start), message) from None
    return [(n, row) for n, row in records if any(cell.strip() for cell in row)]


def table(path: Path, shown: str, expected: str) -> list[tuple[int, list[str]]]:
    records = _records(read_text(path, shown), shown)
    if not records:
        raise InputError.at(Location(shown, 1), f"file is empty (expected {expected})")
    return records


def twice(name: str, first: int, again: int) -> str:
    return (
        f"column '{shorten(name)}' appears twice (columns {first} and {again}; keep one, "
        "else one of them would be ignored)"
    )


def width(row: list[str]) -> int:
    """The number of fields up to the last that is not empty (trailing commas ignored)."""
    return next((k + 1 for k in range(len(row) - 1, -1, -1) if row[k].strip()), 0)


def scale_range(values: list[float]) -> tuple[float, float]:
    """The range of a scale issue no file declares: [0, 1] or [0, 100] when the values fit,
    else from the smallest to the largest."""
    lo, hi = min(values), max(values)
    if lo >= 0 and hi <= 1:
        return 0.0, 1.0
    if lo >= 0 and hi <= 100:
        return 0.0, 100.0
    return (lo, hi) if lo < hi else (lo - 1, hi + 1)


class Names:
    """Ids made from names, each name on one row only, no two names making one id."""

    def __init__(self, errors: Errors, what: str, second: Callable[[str], str]) -> None:
        self.errors, self.what, self.second = errors, what, second
        self.ids: dict[str, tuple[str, int]] = {}  # id -> (name, line)
        self.by_name: dict[str, str] = {}
        self.refused: set[str] = set()  # names of rows already reported

    def claim(self, line: int, name: str, fallback: str) -> str | None:
        if not name:
            self.errors(line, f"{self.what}: missing (expected a name)")
            self.refused.add(name)
            return None
        new = ident(name, fallback)
        if new in self.ids:
            self.refused.add(name)
            first, at = self.ids[new]
            if first == name:
                self.errors(line, f"{self.second(name)} (first at line {at})")
            else:
                self.errors(
                    line,
                    f"{self.what} {quoted(name)} has the same id '{new}' as {self.what} "
                    f"{quoted(first)} (line {at}); rename one",
                )
            return None
        self.ids[new] = (name, line)
        self.by_name[name] = new
        return new


def actor_rows(
    errors: Errors, body: list[tuple[int, list[str]]], fields: int
) -> Iterator[tuple[int, list[str], str | None]]:
    """The rows of a table with one row per actor, named in its first field: each with its
    line and the actor's id (None when the name is refused); a row of another number of
    fields (trailing empty ones aside) is reported and left out."""
    actors = Names(errors, "actor", lambda actor: f"a second row for actor {quoted(actor)}")
    for k, (n, row) in enumerate(body, start=1):
        if len(row) < fields or width(row) > fields:
            errors(n, f"{len(row)} fields, expected {fields}")
            continue
        yield n, row, actors.claim(n, row[0].strip(), f"actor-{k}")


def stance_once(
    errors: Errors, seen: dict[tuple[str, str], int], key: tuple[str, str], line: int, what: str
) -> bool:
    first = seen.setdefault(key, line)
    if first != line:
        errors(line, f"{what} (first at line {first})")
        return False
    return True
