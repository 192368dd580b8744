"""A table as columns of distinct cells: each column is its distinct cells and, for every
row, the index of its cell. Every rule is checked once per distinct cell and spread to the
rows by indexing, so a million rows of a few hundred distinct values cost a few hundred
checks.

The fast reader is Arrow's multithreaded CSV reader (pyarrow, imported only here). It is
used when every record sits on one line of the file, so that row ``n`` is on line ``n + 2``;
when a quoted cell holds a line break, a line ends in a lone carriage return, a row has the
wrong number of cells or the file starts oddly, :func:`read` returns ``None`` and the
caller reads the file with Python's csv module, which knows each record's line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from gapcli.errors import InputError, Location, shorten
from gapcli.io import files
from gapcli.io.tabular.common import (
    Rows,
    read_rows,
)
from gapcli.model.table import Ints


@dataclass(frozen=True, slots=True)
class Column:
    """One column: ``distinct[codes[n]]`` is row n's cell, as written. ``distinct`` is in
    order of first appearance."""

    codes: Ints
    distinct: list[str]

    @classmethod
    def of(cls, cells: Sequence[str]) -> Column:
        """A column of cells read one by one (the csv module's path)."""
        index: dict[str, int] = {}
        codes = np.fromiter((index.setdefault(c, len(index)) for c in cells), np.int64, len(cells))
        return cls(codes, list(index))

    @classmethod
    def blank(cls, n: int) -> Column:
        """An absent column: every cell empty."""
        return cls(np.zeros(n, dtype=np.int64), [""] if n else [])

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def cell(self, n: int) -> str:
        return self.distinct[int(self.codes[n])]

    def absent(self) -> bool:
        """True when every cell is empty (or the column is missing)."""
        return not any(self.distinct) or not len(self)

    def per_distinct(self, value: Callable[[str], Any], dtype: Any) -> npt.NDArray[Any]:
        """``value`` of each distinct cell, as an array over the distinct cells."""
        return np.fromiter(map(value, self.distinct), dtype, len(self.distinct))

    def map(self, value: Callable[[str], Any], dtype: Any) -> npt.NDArray[Any]:
        """``value`` of every row's cell, computed once per distinct cell."""
        return self.per_distinct(value, dtype)[self.codes]

    def first_rows(self) -> Ints:
        """The first row of each distinct cell (-1 for a cell no row holds any more)."""
        first = np.full(len(self.distinct), -1, dtype=np.int64)
        rows = np.arange(len(self) - 1, -1, -1, dtype=np.int64)
        first[self.codes[::-1]] = rows  # the last write, at the first row, wins
        return first

    def counts(self) -> Ints:
        """How many rows hold each distinct cell."""
        return np.bincount(self.codes, minlength=len(self.distinct))

    def take(self, rows: npt.NDArray[Any]) -> Column:
        return Column(self.codes[rows], self.distinct)


@dataclass(frozen=True, slots=True)
class ColumnTable:
    """A table read into columns: the header (names stripped), the header's line, one
    :class:`Column` per header name, and each row's line."""

    header: list[str]
    header_line: int
    columns: list[Column]
    lines: Ints

    @classmethod
    def of_rows(
        cls, header: list[str], header_line: int, rows: list[list[str]], lines: Ints
    ) -> ColumnTable:
        """The columns of rows that all have one cell per header name."""
        if not rows:
            return cls(header, header_line, [Column.blank(0) for _ in header], lines)
        cells = list(zip(*rows, strict=True))
        return cls(header, header_line, [Column.of(c) for c in cells], lines)

    def __len__(self) -> int:
        return int(self.lines.shape[0])

    def column(self, name: str) -> Column:
        """The column of that name, or an empty one when the header lacks it."""
        if name in self.header:
            return self.columns[self.header.index(name)]
        return Column.blank(len(self))


def read(path: Path, shown_path: str) -> ColumnTable | None:
    """The table through Arrow's CSV reader, or ``None`` when its rows may not be one a line
    (the csv module's reader then reads it, and reports what is wrong where). Problems of the
    file itself (unreadable, too large, not UTF-8) are raised here as for every file. A
    ``.parquet`` file is read by :func:`read_parquet`."""
    if path.suffix == ".parquet":
        return read_parquet(path, shown_path)
    data = files.read_bytes(path, shown_path, limit=files.MAX_TABLE_BYTES, what="tables")
    files.decode(data, shown_path)  # refuses what is not UTF-8 text, at its line and column
    return parse(data)


def read_as_rows(path: Path, shown_path: str) -> Rows:
    """The table's rows, each a list of cells: read by Arrow when it can (:func:`read`), else
    by the csv module. For tables read row by row anyway (issues.csv)."""
    fast = read(path, shown_path)
    if fast is None:
        return read_rows(path, shown_path)
    cells = [np.array(c.distinct, dtype=object)[c.codes] for c in fast.columns]
    return Rows(
        fast.header, fast.header_line, [list(r) for r in zip(*cells, strict=True)], fast.lines
    )


def parse(data: bytes) -> ColumnTable | None:
    """The table in ``data`` (UTF-8), or ``None`` (see :func:`read`)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    end = data.find(b"\n")
    first = data if end < 0 else data[:end]
    if not first.strip(b' \t\r,"') or end < 0:  # blank first line, or no row: the slow path
        return None
    header = _header(first)
    if header is None or len(header) < 2:
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # a lone carriage return ends a line for some readers and not others
    if b'"' in data and _quote_spans_lines(data):
        return None
    lines_in_file = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    table = _arrow(data, len(header))
    if table is None or table.num_rows != lines_in_file - 1:
        return None
    columns = [_encoded(table.column(k)) for k in range(len(header))]
    lines = np.arange(2, table.num_rows + 2, dtype=np.int64)
    blank = _blank_rows(columns)
    if blank is not None:
        keep = np.flatnonzero(~blank)
        columns, lines = [c.take(keep) for c in columns], lines[keep]
    return ColumnTable(header, 1, columns, lines)


def read_parquet(path: Path, shown_path: str) -> ColumnTable:
    """A Parquet table: columns of text or numbers (numbers are read back from their
    shortest text, so every rule of the CSV cells applies); an empty value is an empty cell.
    A Parquet file has no lines: a problem names the row, counting from 1."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import parquet

    data = files.read_bytes(path, shown_path, limit=files.MAX_TABLE_BYTES, what="tables")
    try:
        source = parquet.ParquetFile(pa.BufferReader(data))
        names = source.schema_arrow.names
        _unique_names(names, shown_path)
        table = source.read()
    except (pa.ArrowException, OSError) as exc:
        reason = str(exc).split(". ")[0].replace(" '<Buffer>'", "").strip().rstrip(".")
        reason = reason if len(reason) <= 100 else reason[:99] + "…"
        raise InputError.at(
            Location(shown_path), f"not a Parquet file gapcli can read ({reason})"
        ) from None
    columns = []
    for name, chunks in zip(table.column_names, table.columns, strict=True):
        kind = chunks.type
        if pa.types.is_dictionary(kind):
            chunks = chunks.cast(kind.value_type)
            kind = kind.value_type
        if not (
            pa.types.is_string(kind)
            or pa.types.is_large_string(kind)
            or pa.types.is_integer(kind)
            or pa.types.is_floating(kind)
            or pa.types.is_null(kind)
        ):
            raise InputError.at(
                Location(shown_path),
                f"column '{shorten(name)}' holds {kind} (expected text or numbers, as in "
                "stances.csv: lists as text separated by ';')",
            )
        text = pc.fill_null(pc.cast(chunks, pa.string()), "")
        columns.append(_encoded(_dictionary(text)))
    lines = np.arange(1, table.num_rows + 1, dtype=np.int64)
    return ColumnTable([n.strip() for n in table.column_names], 0, columns, lines)


def _unique_names(names: list[str], shown_path: str) -> None:
    """Every column named once, as in a CSV header (one of two would be ignored)."""
    seen: dict[str, int] = {}
    for k, name in enumerate(names, start=1):
        first = seen.setdefault(name.strip(), k)
        if first != k:
            raise InputError.at(
                Location(shown_path),
                f"column '{shorten(name.strip())}' appears twice (columns {first} and {k}; "
                "keep one, else one of them would be ignored)",
            )


def _dictionary(chunks: Any) -> Any:
    import pyarrow as pa

    return pa.chunked_array([chunks.combine_chunks().dictionary_encode()])


def _header(first: bytes) -> list[str] | None:
    try:
        rows = list(csv.reader(io.StringIO(first.decode("utf-8").rstrip("\r")), strict=True))
    except csv.Error:
        return None
    return [h.strip() for h in rows[0]] if len(rows) == 1 else None


def _quote_spans_lines(data: bytes) -> bool:
    """Whether some line holds an odd number of quotes (a quoted cell then goes on over the
    line's end, or is never closed)."""
    raw = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(raw == ord('"'))
    breaks = np.flatnonzero(raw == ord("\n"))
    per_line = np.bincount(np.searchsorted(breaks, quotes), minlength=len(breaks) + 1)
    return bool((per_line & 1).any())


def _arrow(data: bytes, width: int) -> Any:
    import pyarrow as pa
    from pyarrow import csv as pacsv

    names = [f"c{k}" for k in range(width)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                # each column decoded straight into distinct cells and indices
                column_types=dict.fromkeys(names, pa.dictionary(pa.int32(), pa.string())),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except pa.ArrowException:  # a row of the wrong width and the like: the slow path
        return None
    return table.unify_dictionaries()  # one list of distinct cells per column


def _encoded(chunks: Any) -> Column:
    """A column of the Arrow table, its chunks sharing one dictionary."""
    parts = [_indices(c.indices) for c in chunks.chunks]
    codes = np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)
    return Column(codes, chunks.chunks[0].dictionary.to_pylist() if parts else [])


def _indices(indices: Any) -> npt.NDArray[np.integer[Any]]:
    """A chunk's dictionary indices as a numpy view of Arrow's buffer (there are no nulls:
    an empty cell is the empty string). Not ``to_numpy()``, which imports pandas wherever it
    is installed: 0.2 s and 40 MiB more on every load."""
    dtype = np.dtype(str(indices.type))  # int8 to int64
    data = indices.buffers()[1]
    return np.frombuffer(data, dtype, len(indices), indices.offset * dtype.itemsize)


def _blank_rows(columns: list[Column]) -> npt.NDArray[np.bool_] | None:
    """Rows whose every cell is empty or spaces (left out, as the csv path does), or None."""
    blank: npt.NDArray[np.bool_] | None = None
    for column in columns:
        here = column.map(lambda cell: not cell.strip(), bool)
        blank = here if blank is None else blank & here
        if not blank.any():
            return None
    return blank
