from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gapcli.analyses.records import Cell, Report, Table
from gapcli.commands._common import (
    AllOpt,
    FailOnOpt,
    FormatOpt,
    JsonOpt,
    ScenarioArg,
    SetOpt,
    check_id,
    emit_then_fail,
    full_option,
    load_compiled,
    output_format,
)
from gapcli.render.output import Format

if TYPE_CHECKING:
    from gapcli.engine import Compiled, Gaps
    from gapcli.io.loader import Loaded

TOP = 5
#: Pairs past which JSON lists only the EXTREME most distant and closest (pair_count says how
#: many there are; --full lists every pair)
PAIRS_LISTED = 100_000
EXTREME = 1_000
#: Parties past which JSON's matrix is null without --full (5,000 parties: 25 million numbers)
MATRIX_PARTIES = 1_000


def gaps(
    path: ScenarioArg = None,
    issue: Annotated[
        str | None,
        typer.Option("--issue", "-i", help="Only this issue: distances on it instead of G."),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    full: Annotated[
        bool, full_option("each pair's deadlocked issues (pairs[].deadlocks; P^2/2 x I at most)")
    ] = False,
    fail_on: FailOnOpt = None,
    sets: SetOpt = None,
) -> None:
    """The pair-gap matrix: how far apart each pair of parties is, 0 (same stances) to 1.

    G weighs each issue both parties take a stance on by their mean salience. The heatmap is
    followed by the most distant and the closest pairs, with the issues on which they are
    deadlocked (nothing both accept; at most 8 named a pair, in every table format). A
    matrix too wide for the terminal is not drawn: one line says so, and the pairs are
    listed instead, most distant first (50 of them; --format csv or --json has the matrix).
    With --all, every pair is listed, most distant first (under the heatmap when it fits).
    With --fail-on deadlock, exit 3 when any pair is deadlocked on any issue (on --issue, if
    given).

    Example: gapcli gaps positions/syria-2017-05 --issue assad-tenure
    """
    loaded, compiled = load_compiled(path, sets or ())
    if issue is not None:
        check_id("issue", issue, [i.id for i in loaded.scenario.issues], "'--issue'")
    fmt = output_format(fmt, as_json)
    report, found = build(loaded, compiled, issue, full=full, fmt=fmt, show_all=show_all)
    emit_then_fail(report, fmt, fail_on, found, cut=not show_all)


def build(
    loaded: Loaded,
    compiled: Compiled,
    issue: str | None = None,
    *,
    full: bool = False,
    fmt: Format = Format.TABLE,
    show_all: bool = False,
) -> tuple[Report, bool]:
    """The report (the matrix, or distances on one issue), and whether a pair is deadlocked.

    Every pair's list of deadlocked issues (P^2/2 x I at worst) is gathered only for JSON
    with ``full``; tables name at most NAMES_SHOWN issues for the pairs they show. ``fmt``
    and ``show_all`` choose the tables (a table for a person fits the terminal).
    """
    from gapcli.engine import gap_matrix

    if issue is not None:
        return _one_issue(loaded, compiled, issue, fmt)
    matrix = gap_matrix(compiled, deadlock_lists=full and fmt is Format.JSON)
    return _matrix(loaded, compiled, matrix, fmt=fmt, show_all=show_all, full=full)


def _heatmap(title: str, parties: tuple[str, ...], value: Any, width: int) -> Table:
    """The matrix with a colour per cell (the numbers stay, so it reads without colour).
    When the party ids as column headers would not fit ``width``, the columns are numbered
    and the rows say which number is which party."""
    from gapcli.analyses.figures import heat_style

    rows: list[tuple[Cell, ...]] = []
    styles: list[tuple[str | None, ...]] = []
    numbered = _table_width(parties) > width
    room = max(len(str(len(parties))), width - _numbered_width(parties))
    for a, pa in enumerate(parties):
        values = [value(a, b) for b in range(len(parties))]
        label = f"{a + 1} {pa}"
        if len(label) > room:
            label = label[: room - 1] + "…" if room > len(str(a + 1)) + 2 else str(a + 1)
        rows.append((label if numbered else pa, *values))
        styles.append((None, *(heat_style(v) if a != b else None for b, v in enumerate(values))))
    headers = tuple(str(n + 1) for n in range(len(parties))) if numbered else parties
    note = "0 = same stances, 1 = opposed on every shared issue; - = no issue in common."
    if numbered:
        note += " Columns are numbered as the rows."
    return Table(title, ("", *headers), tuple(rows), tuple(styles), note=note)


def _table_width(parties: tuple[str, ...]) -> int:
    """The columns a rich table of the matrix needs: each column as wide as its header or
    its widest number (0.123), plus borders and padding."""
    label = max((len(p) for p in parties), default=0)
    return label + sum(max(len(p), 5) for p in parties) + 3 * (len(parties) + 1) + 1


def _numbered_width(parties: tuple[str, ...]) -> int:
    """The columns the numbered matrix needs besides its first column's text: numbered
    columns 5 wide with 3 of padding and border, the first column's 3, the left border."""
    return 8 * len(parties) + 4


def fits(parties: tuple[str, ...], width: int) -> bool:
    """Whether the matrix can be drawn in ``width`` columns (numbered if need be)."""
    return width - _numbered_width(parties) >= len(str(len(parties)))


def _ranked(gaps: Gaps) -> list[tuple[int, int]]:
    """Pairs a < b sorted by gap, largest first, ties in party order; pairs with no shared
    issue last."""
    import numpy as np

    a, b = np.triu_indices(len(gaps.parties), k=1)
    gap = gaps.gap[a, b]
    order = np.lexsort((-np.nan_to_num(gap), np.isnan(gap)))
    return list(zip(a[order].tolist(), b[order].tolist(), strict=True))


def _matrix(
    loaded: Loaded, compiled: Compiled, gaps: Gaps, *, fmt: Format, show_all: bool, full: bool
) -> tuple[Report, bool]:
    from gapcli.analyses.views import matrix_json, pair_json
    from gapcli.render.output import table_width

    scenario = loaded.scenario
    n = len(gaps.parties)
    known = gaps.deadlock_issues
    issues = scenario.issues
    width = table_width()
    wide = fmt is Format.TABLE and not fits(gaps.parties, width)
    every_pair = show_all or fmt is Format.MARKDOWN or known is not None
    ordered: list[tuple[int, int]] | None = None  # every pair, ranked (when needed)
    if fmt is Format.JSON:
        if every_pair or n * (n - 1) // 2 <= PAIRS_LISTED:
            ordered = _ranked(gaps)
            listed = ordered
        else:  # the most distant and the closest pairs; pair_count says how many there are
            listed = list(dict.fromkeys([*gaps.most_distant(EXTREME), *gaps.closest(EXTREME)]))
        result = {
            "issue": None,
            "parties": list(gaps.parties),
            "matrix": matrix_json(gaps.gap) if full or n <= MATRIX_PARTIES else None,
            "pair_count": n * (n - 1) // 2,
            "pairs": [
                pair_json(
                    gaps,
                    a,
                    b,
                    [issues[i].id for i in known.get((a, b), ())] if known is not None else None,
                )
                for a, b in listed
            ],
        }
    else:
        result = {}
    heatmap = None
    if fmt is not Format.JSON and not wide:  # ids as column headers in CSV and Markdown
        room = width if fmt is Format.TABLE else sys.maxsize
        heatmap = _heatmap("Pair gaps G", gaps.parties, gaps.value, room)
    summary = f"{scenario.title}: gaps between {n} parties."
    if wide:
        summary += "\n" + _too_wide(n, width, "the pairs follow instead, most distant first")
    tables: tuple[Table, ...] = ()
    if fmt is not Format.CSV and fmt is not Format.JSON:
        if ordered is None and (show_all or fmt is Format.MARKDOWN):
            ordered = _ranked(gaps)
        tables = _pair_tables(compiled, gaps, ordered, fmt=fmt, wide=wide, show_all=show_all)
        tables = tables if heatmap is None else (heatmap, *tables)
    report = Report(
        "gaps", result, scenario, summary, tables, warnings=loaded.warnings, csv=heatmap
    )
    return report, bool(gaps.deadlocks.any())


def _too_wide(n: int, width: int, instead: str) -> str:
    return (
        f"The {n} x {n} matrix is too wide for {width} columns: {instead} "
        "(--format csv or --json has the matrix)."
    )


def _pair_tables(
    compiled: Compiled,
    gaps: Gaps,
    ordered: list[tuple[int, int]] | None,
    *,
    fmt: Format,
    wide: bool,
    show_all: bool,
) -> tuple[Table, ...]:
    """Most distant pairs then closest (five each), or every pair, most distant first: with
    ``--all``, in Markdown, and in place of a matrix too wide to draw (then only the first
    TABLE_ROWS are built)."""
    import numpy as np

    from gapcli.analyses.records import NAMES_SHOWN, TABLE_ROWS, Names
    from gapcli.analyses.views import num
    from gapcli.engine.apart import deadlocked

    every = show_all or wide or fmt is Format.MARKDOWN
    if ordered is None:  # a table of the first rows: found without ranking every pair
        distant = list(gaps.most_distant(TABLE_ROWS + 1 if wide else TOP))
        closest = list(gaps.closest(TOP))
        defined = (int(np.count_nonzero(~np.isnan(gaps.gap))) - len(gaps.parties)) // 2
    else:
        ranked = [ab for ab in ordered if gaps.value(*ab) is not None]
        defined = len(ranked)
        closest = (
            []
            if show_all or fmt is Format.MARKDOWN
            else sorted(ranked, key=lambda ab: gaps.value(*ab) or 0.0)[:TOP]
        )
        distant = ranked if every else ranked[:TOP]
        if wide and not show_all:
            distant = distant[: TABLE_ROWS + 1]
    wanted = list(dict.fromkeys(distant + closest))
    issues = compiled.scenario.issues
    names = {
        ab: Names(tuple(issues[i].id for i in found), "none", count - len(found))
        for ab, (found, count) in zip(
            wanted, deadlocked(compiled, wanted, NAMES_SHOWN + 1), strict=True
        )
    }

    def rows(chosen: list[tuple[int, int]]) -> tuple[tuple[Cell, ...], ...]:
        return tuple(
            (
                gaps.parties[a],
                gaps.parties[b],
                num(gaps.value(a, b)),
                int(gaps.shared[a, b]),
                names[a, b],
            )
            for a, b in chosen
        )

    columns = ("party", "party", "gap", "shared issues", "deadlocked on")
    if every:
        title = "Most distant pairs" if closest else "Pairs, most distant first"
        tables = [Table(title, columns, rows(distant), total=defined)]
    else:
        tables = [Table("Most distant pairs", columns, rows(distant))]
    if closest:
        tables.append(Table("Closest pairs", columns, rows(closest)))
    return tuple(tables)


def _one_issue(
    loaded: Loaded, compiled: Compiled, issue_id: str, fmt: Format
) -> tuple[Report, bool]:
    from gapcli.analyses.views import num
    from gapcli.engine import issue_matrix
    from gapcli.render.output import table_width

    block = issue_matrix(compiled, issue_id)
    parties = compiled.party_ids
    n = len(parties)

    def value(a: int, b: int) -> float | None:
        return float(block.distance[a, b]) if block.shared[a, b] else (0.0 if a == b else None)

    pairs: list[dict[str, Any]] = []
    for a in range(n):
        for b in range(a + 1, n):
            if block.shared[a, b]:
                hard = None if block.hard_gap is None else num(float(block.hard_gap[a, b]))
                pairs.append(
                    {
                        "a": parties[a],
                        "b": parties[b],
                        "distance": num(float(block.distance[a, b])),
                        "compatible": bool(block.compatible[a, b]),
                        "hard_gap": hard,
                        "weight": num(float(block.weight[a, b])),
                    }
                )
    pairs.sort(key=lambda p: -(p["distance"] or 0.0))
    holders = [p for n_, p in enumerate(parties) if block.shared[n_, n_]]
    blocked = [p for p in pairs if not p["compatible"]]
    rows = tuple(
        (p["a"], p["b"], p["distance"], p["hard_gap"], "no" if not p["compatible"] else "yes")
        for p in pairs
    )
    width = table_width()
    room = width if fmt is Format.TABLE else sys.maxsize
    heatmap = _heatmap(f"Distances on {issue_id}", parties, value, room)
    pair_table = Table("Pairs", ("party", "party", "distance", "hard gap", "compatible"), rows)
    tables: tuple[Table, ...] = (heatmap, pair_table)
    result = {
        "issue": issue_id,
        "parties": list(parties),
        "matrix": [[num(value(a, b)) for b in range(n)] for a in range(n)],
        "pairs": pairs,
    }
    summary = (
        f"{issue_id}: {len(holders)} parties take a stance; "
        f"{len(blocked)} of {len(pairs)} pairs accept nothing in common."
    )
    if fmt is Format.TABLE and not fits(parties, width):
        summary += "\n" + _too_wide(n, width, "the pairs follow, most distant first")
        tables = (pair_table,)
    report = Report(
        "gaps", result, loaded.scenario, summary, tables, warnings=loaded.warnings, csv=heatmap
    )
    return report, bool(blocked)
