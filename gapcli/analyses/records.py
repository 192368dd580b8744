"""What an analysis returns: a JSON-ready result, and the tables and figures that show it.

Plain data for every face of gapcli: the command line renders a :class:`Report` as a table,
Markdown, CSV or one JSON document (``gapcli.render.output``); the Python API hands it to
the caller (``to_dict()`` is the ``result`` of the command's JSON).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gapcli.errors import Diagnostic

if TYPE_CHECKING:
    from gapcli.model import Scenario

ROUND = 6  # decimals kept in JSON: enough for any analysis, free of float noise


def num(x: float | None) -> float | None:
    """A float for JSON: rounded, integral values stay exact, ``None`` stays ``None``."""
    if x is None or x != x:
        return None
    return round(float(x), ROUND) + 0.0


def fmt_num(value: float) -> str:
    """A number as every table for a person shows it: 3 decimals, a whole number bare."""
    return f"{value:.3f}" if value != int(value) else str(int(value))


#: Rows of one table drawn for a person (in the command's order: the hardest deadlocks, the
#: widest gaps first); the rest are counted (one more row is drawn, not counted). ``--all``
#: draws every row; CSV, Markdown and JSON carry every row.
TABLE_ROWS = 50
#: Names in one cell of a table drawn for a person (and in a summary line); the rest are
#: counted. ``--all`` draws every name in a cell; CSV and Markdown carry every name.
NAMES_SHOWN = 8
ALL_HINT = "use --all, --format markdown or --json for all"
FULL_HINT = "use --all, --format markdown or --json --full for all"


@dataclass(frozen=True, slots=True)
class Names:
    """A cell that lists names (parties, issues): cut to :data:`NAMES_SHOWN` in a table for a
    person. ``more`` counts names left out already (the cell holds only the first ones);
    ``empty`` is the cell's text when there are none."""

    items: tuple[str, ...]
    empty: str = "-"
    more: int = 0

    def text(self, limit: int | None = None) -> str:
        """The names joined, at most ``limit`` of them, then how many more (never "and 1
        more": one name more is shown; a cut cell holds ``limit + 1`` names for that)."""
        whole = limit is None or len(self.items) + self.more <= limit + 1
        shown = self.items if whole else self.items[:limit]
        more = self.more + len(self.items) - len(shown)
        if not shown:
            return self.empty if not more else f"{more:,} more"
        return ", ".join(shown) + (f" and {more:,} more" if more else "")


def named(items: Sequence[str], empty: str = "none", limit: int | None = NAMES_SHOWN) -> str:
    """Names for a summary line: at most ``limit``, then how many more."""
    return Names(tuple(items), empty).text(limit)


Cell = str | int | float | Names | None


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells. ``styles`` (same shape as ``rows``) colours cells in a terminal only."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    styles: tuple[tuple[str | None, ...], ...] | None = None
    note: str = ""  # a line under the table (legends, explanations)
    total: int | None = None  # rows in all, when ``rows`` holds only the first ones
    hint: str = ALL_HINT  # where the rows not drawn are (JSON may need --full for them)

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else self.total


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture drawn in text (a number line): shown in tables and Markdown, never in CSV.
    ``draw(width, ascii_only)`` gives its lines, sized to ``width`` columns: the renderer
    knows the terminal, the analysis does not."""

    title: str
    draw: Callable[[int, bool], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Report:
    """What a command found. ``csv`` (or else ``tables[0]``) is the table CSV output carries."""

    command: str
    result: dict[str, Any]
    scenario: Scenario | None = None
    summary: str = ""
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()  # drawn before the tables
    warnings: tuple[Diagnostic, ...] = field(default=())
    csv: Table | None = None  # what CSV output carries, when not tables[0]

    def to_dict(self) -> dict[str, Any]:
        """The result as plain lists, dicts, strings and numbers: equal to the ``result`` of
        the command's JSON document, and a copy (changing it changes nothing here)."""
        copied = _plain(self.result)
        assert isinstance(copied, dict)
        return copied

    def to_pandas(self, table: int | str = 0) -> Any:
        """One table (by index or title; the first by default) as a pandas DataFrame, a
        list-of-names cell as a list. pandas is not a dependency of gapcli: install it to
        use this."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "Report.to_pandas() needs pandas, which gapcli does not install: pip install pandas"
            ) from None
        chosen = self.table(table)
        rows = [[_pandas_cell(c) for c in row] for row in chosen.rows]
        return pd.DataFrame(rows, columns=list(chosen.columns))

    def table(self, which: int | str = 0) -> Table:
        """A table by index or title."""
        if isinstance(which, int):
            return self.tables[which]
        for t in self.tables:
            if t.title == which:
                return t
        titles = ", ".join(repr(t.title) for t in self.tables) or "none"
        raise KeyError(f"no table {which!r} (the tables: {titles})")


def _plain(value: Any) -> Any:
    """A deep copy in the types JSON reads back: tuples as lists, raw JSON text parsed."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, RawJSON):
        import json

        return json.loads(value.text)
    return value


def _pandas_cell(value: Cell) -> Any:
    if isinstance(value, Names):
        return list(value.items)
    return value


@dataclass(frozen=True, slots=True)
class RawJSON:
    """A value already written as JSON text: a matrix of millions of numbers is written row
    by row, faster and in less memory than as lists of floats for the encoder."""

    text: str


def scenario_json(scenario: Scenario) -> dict[str, Any]:
    return {
        "path": scenario.path,
        "title": scenario.title,
        "as_of": scenario.as_of,
        "overrides": list(scenario.overrides),
    }
