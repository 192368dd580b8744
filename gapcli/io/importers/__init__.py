"""Read the input files of other bargaining-model tools (docs/import.md).

Each reader turns a file into an :class:`Imported` scenario: issues, parties and one stance
row per party and issue, each remembering the input line it came from (so that a problem the
loader finds in the written scenario is shown at the input's line). Problems in the file's
structure are :class:`~gapcli.errors.InputError` at ``file:line``; what the target format
cannot hold, or what had to be inferred, is said in ``notes``. Nothing is dropped or
overwritten without a word: a second row for the same actor, stance, dimension or column is
an error naming the line of the first. ``gapcli import`` writes the result as a scenario
directory and checks it with every rule of the loader.

Files are read through :mod:`gapcli.io.files`: regular files only, within
:data:`gapcli.io.files.MAX_TABLE_BYTES`, UTF-8 with a bad byte shown at its line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gapcli.errors import shorten
from gapcli.io.importers.common import MAX_ID, Imported, ident
from gapcli.io.importers.decide import DECIDE_FIELDS, read_decide
from gapcli.io.importers.eu import EU_COLUMNS, read_eu
from gapcli.io.importers.ktab import read_ktab
from gapcli.io.importers.longtable import NUMBER_COLUMNS, OPTION_COLUMNS, TABLE_COLUMNS, read_csv

__all__ = [
    "DECIDE_FIELDS",
    "EU_COLUMNS",
    "MAX_ID",
    "NUMBER_COLUMNS",
    "OPTION_COLUMNS",
    "READERS",
    "TABLE_COLUMNS",
    "Imported",
    "ident",
    "read",
    "read_csv",
    "read_decide",
    "read_eu",
    "read_ktab",
    "shorten",
]

READERS: dict[str, Callable[[Path, str], Imported]] = {
    "csv": read_csv,
    "decide": read_decide,
    "ktab": read_ktab,
    "eu": read_eu,
}


def read(fmt: str, path: Path, shown: str) -> Imported:
    """The file at ``path`` read by the reader of the format ``fmt`` (a key of READERS)."""
    from gapcli.io.loader import gc_paused

    with gc_paused():  # millions of small objects and no cycles, as in the loader
        return READERS[fmt](path, shown)
