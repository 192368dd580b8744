"""What the table readers share: constants, the problem list, reading a CSV file."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import numpy.typing as npt

from gapcli.errors import Diagnostic, InputError, Location
from gapcli.model import (
    ChoiceIssue,
    Issue,
    ScaleIssue,
    SetIssue,
)
from gapcli.spec import ID_PATTERN, STANCE_COLUMNS

STANCES_CSV = "stances.csv"
COLUMNS = STANCE_COLUMNS
REQUIRED = ("party", "issue", "salience")
LIST_SEP = ";"  # inside a cell: accepts, require, reject, source
MAX_OPTIONS = 64  # options of an issue a table row can name (a bit each)
MAX_PROBLEMS = 50  # problems listed per file; the rest are counted
SCALE, CHOICE, SET = 0, 1, 2
ID_RE = re.compile(ID_PATTERN)

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


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
        for line in lines[where][: MAX_PROBLEMS - len(self.errors) + 1].tolist():
            self.error(int(line), message)
        self.hidden += max(0, int(where.sum()) - (MAX_PROBLEMS + 1))

    def finish(self) -> list[Diagnostic]:
        if self.hidden:
            more = f"{self.hidden} more problems in this file (the first {MAX_PROBLEMS} shown)"
            self.errors.append(Diagnostic(Location(self.path), more))
        return self.errors


def kind_code(issue: Issue) -> int:
    return {ScaleIssue: SCALE, ChoiceIssue: CHOICE, SetIssue: SET}[type(issue)]


def read_rows(path: Path, shown: str) -> tuple[list[str], list[list[str]]]:
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
