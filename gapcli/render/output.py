"""Rendering a command's result: tables for people, one JSON document for programs.

Commands build a :class:`Report` (a JSON-ready result plus the tables that show it); this
module turns it into the chosen :class:`Format` on stdout. Warnings go to stderr. rich is
imported only when a table is drawn, so ``--json`` never pays for it.
"""

from __future__ import annotations

import csv
import errno
import json
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, assert_never

from gapcli.analyses.records import (
    NAMES_SHOWN,
    TABLE_ROWS,
    Cell,
    Figure,
    Names,
    RawJSON,
    Report,
    Table,
    fmt_num,
    num,
    scenario_json,
)
from gapcli.errors import Diagnostic

if TYPE_CHECKING:
    from rich.console import Console

    from gapcli.model import Scenario

SCHEMA_VERSION = 2


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


def overrides_line(scenario: Scenario) -> str:
    used = ["--set"] if any(not o.startswith("--") for o in scenario.overrides) else []
    used += [o for o in ("--without", "--only") if any(s.startswith(o) for s in scenario.overrides)]
    return f"With {', '.join(used)} (not in the files): " + "; ".join(scenario.overrides)


def envelope(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "command": report.command,
        "scenario": scenario_json(report.scenario) if report.scenario else None,
        "result": report.result,
        "warnings": [w.to_json() for w in report.warnings],
    }


def emit(report: Report, fmt: Format, *, cut: bool = True) -> None:
    """Write ``report`` to stdout in ``fmt``, and its warnings to stderr. ``cut``: tables for
    a person show :data:`TABLE_ROWS` rows and :data:`NAMES_SHOWN` names a cell (not with
    ``--all``)."""
    print_diagnostics(report.warnings)
    match fmt:
        case Format.JSON:
            text = json_text(
                envelope(report), pretty=sys.stdout.isatty(), ascii=not utf8(sys.stdout)
            )
            sys.stdout.write(text + "\n")
        case Format.CSV:
            table = report.csv or (report.tables[0] if report.tables else None)
            if table is not None:
                write_csv(table)
        case Format.MARKDOWN:
            sys.stdout.write(markdown(report))
        case Format.TABLE:
            draw(report, stdout_console(), cut=cut)
        case _:
            assert_never(fmt)


def utf8(stream: object) -> bool:
    """Whether a text stream writes UTF-8 (and so every character)."""
    encoding = str(getattr(stream, "encoding", "") or "").lower().replace("-", "")
    return encoding in ("utf8", "utf8sig")


def json_text(document: dict[str, Any], *, pretty: bool, ascii: bool = False) -> str:
    """Indented for a person at a terminal; one compact line into a pipe or file, where the
    standard library's C encoder (used only without indent) is several times faster.
    ``ascii``: every other character as a \\u escape (for a stream that is not UTF-8).
    A :class:`RawJSON` value goes in as it is written."""
    raws: list[str] = []

    def raw(value: object) -> str:
        if isinstance(value, RawJSON):
            raws.append(value.text)
            return f"\x00{len(raws) - 1}\x00"  # no text read from a file holds a NUL
        raise TypeError(f"{type(value).__name__} is not JSON")

    text = json.dumps(
        document,
        sort_keys=True,
        ensure_ascii=ascii,
        allow_nan=False,
        indent=2 if pretty else None,
        default=raw,
    )
    for n, value in enumerate(raws):
        text = text.replace(f'"\\u0000{n}\\u0000"', value, 1)
    return text


def cell_text(value: Cell, names: int | None = None) -> str:
    """A cell as text; a list of names cut to ``names`` of them (``None``: all)."""
    if value is None:
        return "-"
    if isinstance(value, Names):
        return value.text(names)
    if isinstance(value, float):
        return fmt_num(value)
    return str(value)


def write_csv(table: Table) -> None:
    """The table as CSV; a text cell a spreadsheet would run as a formula gets a ' first."""
    from gapcli.io.files import to_spreadsheet

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([_csv_cell(v, to_spreadsheet) for v in row] for row in table.rows)


def _csv_cell(value: Cell, to_spreadsheet: Callable[[str], str]) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, Names):
        return to_spreadsheet(value.text())
    if isinstance(value, float):
        rounded = num(value)  # as JSON rounds (docs/json.md)
        return "" if rounded is None else rounded
    return to_spreadsheet(value) if isinstance(value, str) else value


def markdown(report: Report) -> str:
    parts = [report.summary + "\n"] if report.summary else []
    if report.scenario is not None and report.scenario.overrides:
        parts.append(f"\n{_md_escape(overrides_line(report.scenario))}\n")
    for figure in report.figures:
        parts.append(f"\n### {_md_escape(figure.title)}\n\n```text\n")
        parts.append("".join(line + "\n" for line in figure_lines(figure)) + "```\n")
    for table in report.tables:
        parts.append(f"\n### {_md_escape(table.title)}\n\n")
        if not table.rows:
            parts.append("None.\n")
            continue
        parts.append("| " + " | ".join(_md_escape(c) for c in table.columns) + " |\n")
        parts.append("|" + "|".join(_md_rule(table, i) for i in range(len(table.columns))) + "|\n")
        for row in table.rows:
            parts.append("| " + " | ".join(_md_escape(cell_text(v)) for v in row) + " |\n")
        if table.note:
            parts.append(f"\n{_md_escape(table.note)}\n")
    return "".join(parts)


def _md_rule(table: Table, column: int) -> str:
    return "---:" if _numeric(table.rows, column) else "---"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _numeric(rows: Sequence[Sequence[Cell]], column: int) -> bool:
    values = [r[column] for r in rows if r[column] is not None]
    return bool(values) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values
    )


def draw(report: Report, console: Console, *, cut: bool = True) -> None:
    """The report as rich tables; ``cut``: at most :data:`TABLE_ROWS` rows a table and
    :data:`NAMES_SHOWN` names a cell, the rest counted. Into a pipe or a file, no line ends
    in spaces."""
    if console.is_terminal:
        _draw(report, console, cut=cut)
        return
    with console.capture() as captured:
        _draw(report, console, cut=cut)
    text = captured.get()
    console.file.write("".join(line.rstrip() + "\n" for line in text.splitlines()))


def _draw(report: Report, console: Console, *, cut: bool) -> None:
    from rich.text import Text

    rows_shown, names_shown = (TABLE_ROWS, NAMES_SHOWN) if cut else (None, None)

    if report.summary:
        console.print(Text(report.summary))
    if report.scenario is not None and report.scenario.overrides:
        console.print(Text(overrides_line(report.scenario), style="yellow"))
    for figure in report.figures:
        console.print(Text(figure.title, style="bold"))
        for line in figure_lines(figure):
            console.print(Text(line), overflow="ignore", crop=False, no_wrap=True)
    for table in report.tables:
        if not table.rows:
            console.print(Text(f"{table.title}: none", style="bold"))
            continue
        whole = rows_shown is None or table.count <= rows_shown + 1  # never "1 more row"
        rows = table.rows if whole else table.rows[:rows_shown]
        _draw_table(console, table, rows, names_shown)
        if table.count > len(rows):
            more = table.count - len(rows)
            console.print(
                Text(
                    f"… and {more:,} more rows, not shown ({table.count:,} in all; {table.hint})",
                    style="bold",
                )
            )
        if table.note:
            console.print(Text(table.note, style="dim"))


def _draw_table(
    console: Console, table: Table, rows: Sequence[Sequence[Cell]], names: int | None
) -> None:
    """A table as wide as the console allows, never cutting a word (an id) of a cell: the
    columns get at least their longest word, numeric columns' headers wrap first, then the
    other headers; when even that does not fit, each row is drawn as a block of lines."""
    from rich.table import Table as RichTable
    from rich.text import Text

    texts = [[cell_text(v, names) for v in row] for row in rows]
    numeric = [_numeric(rows, i) for i in range(len(table.columns))]
    widths = column_widths(table.columns, texts, numeric, console.width)
    if widths is None:
        _draw_blocks(console, table, texts)
        return
    rich_table = RichTable(title=Text(table.title, style="bold"), title_justify="left")
    for i, name in enumerate(table.columns):
        rich_table.add_column(
            Text(name, overflow="fold"),
            justify="right" if numeric[i] else "left",
            width=widths[i],
            overflow="fold",
        )
    for r, row in enumerate(texts):
        styles = table.styles[r] if table.styles else (None,) * len(row)
        rich_table.add_row(
            *(Text(v, style=st or "", overflow="fold") for v, st in zip(row, styles, strict=True))
        )
    console.print(rich_table)


def _draw_blocks(console: Console, table: Table, texts: Sequence[Sequence[str]]) -> None:
    """Each row as a block of ``column: value`` fields, as many a line as fit (three spaces
    apart), the lines after the first indented: for a console too narrow for the table's
    columns. A field too long for a line wraps between words, never inside an id."""
    import textwrap

    from rich.cells import cell_len
    from rich.text import Text

    width = max(console.width, 8)
    console.print(Text(table.title, style="bold"))
    for row in texts:
        lines: list[str] = []
        for name, value in zip(table.columns, row, strict=True):
            field = f"{name}: {value}" if name else value
            indent = "  " if lines else ""
            if lines and cell_len(lines[-1]) + 3 + cell_len(field) <= width:
                lines[-1] += "   " + field
                continue
            lines += textwrap.wrap(
                field,
                width=width,
                initial_indent=indent,
                subsequent_indent="    ",
                break_on_hyphens=False,  # an id stays whole (one longer than a line folds)
            )
        for line in lines:
            console.print(Text(line), overflow="fold")


def column_widths(
    columns: Sequence[str], texts: Sequence[Sequence[str]], numeric: Sequence[bool], width: int
) -> list[int] | None:
    """The width of each column of a rich table (borders and padding: 3 a column and 1)
    drawn in ``width`` columns, or None when even the longest word of each cell does not fit
    (draw blocks instead). Every cell on one line when there is room.
    Each column gets at least its longest word (a number whole); then its header's longest
    word (numeric columns' headers give way first); from their natural widths, the widest
    column that can give way narrows first (as rich does)."""
    from rich.cells import cell_len

    room = width - 3 * len(columns) - 1

    def longest_word(text: str) -> int:
        return max((cell_len(w) for w in text.split()), default=0)

    natural = [
        max([cell_len(h), *(cell_len(row[i]) for row in texts)]) for i, h in enumerate(columns)
    ]
    if sum(natural) <= room:
        return natural
    cells = [
        max(
            (cell_len(row[i]) if numeric[i] else longest_word(row[i]) for row in texts),
            default=1,
        )
        for i in range(len(columns))
    ]
    headers = [longest_word(h) for h in columns]
    for keep in ([True] * len(columns), [not n for n in numeric], [False] * len(columns)):
        least = [max(cells[i], headers[i] if keep[i] else 0, 1) for i in range(len(columns))]
        if sum(least) <= room:
            break
    else:
        return None
    widths = [max(n, k) for n, k in zip(natural, least, strict=True)]
    while sum(widths) > room:  # the widest column that can give way gives one column
        widest = max(
            (i for i in range(len(widths)) if widths[i] > least[i]), key=lambda i: widths[i]
        )
        widths[widest] -= 1
    return widths


def table_width() -> int:
    """The columns a table for a person may take: rich's width for stdout (COLUMNS, the
    terminal's, or 80 into a pipe)."""
    return stdout_console().width


def stdout_console() -> Console:
    from rich.console import Console

    class StdoutConsole(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit with status 1; the CLI ends a closed pipe quietly (status 0)
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    return StdoutConsole(highlight=False, markup=False, emoji=False)


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """One line each on stderr, as written (never read as markup)."""
    for diagnostic in diagnostics:
        sys.stderr.write(f"{diagnostic}\n")
    sys.stderr.flush()


def note(message: str) -> None:
    """A line for the person at the terminal (stderr), never part of the result."""
    sys.stderr.write(f"gapcli: {message}\n")
    sys.stderr.flush()


def plain_text() -> bool:
    """ASCII pictures: asked for by NO_COLOR (or TERM=dumb), or when stdout cannot encode
    the box-drawing characters."""
    import os
    import sys

    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return True
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower()
    return bool(encoding) and "utf" not in encoding


def terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def figure_lines(figure: Figure) -> tuple[str, ...]:
    """A figure drawn for stdout: as wide as the terminal, in ASCII where asked for."""
    return figure.draw(terminal_width(), plain_text())


def rows_wanted(fmt: Format, show_all: bool) -> int | None:
    """How many rows of a long table a command need build: a table for a person draws the
    first TABLE_ROWS (or one more when that is the last; all with ``--all``); other formats
    carry every row (``None``)."""
    return TABLE_ROWS + 1 if fmt is Format.TABLE and not show_all else None
