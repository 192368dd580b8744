"""The pair gaps: how far apart each pair of parties is (the matrix G), or how far apart
they are on one issue; the most distant and the closest pairs, with the issues on which
they are deadlocked."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from gapcli.analyses import check_id, compiled, pair_gaps
from gapcli.analyses.records import Cell, Report, Table

if TYPE_CHECKING:
    from gapcli.engine import Compiled, Gaps
    from gapcli.io.loader import Loaded
    from gapcli.model import Issue

#: Pairs in each of the two short tables (most distant, closest) of a table for a person
TOP = 5
#: Pairs past which the result lists only the EXTREME most distant and the EXTREME closest
#: (``pair_count`` says how many there are; ``full`` lists every pair)
PAIRS_LISTED = 100_000
EXTREME = 1_000
#: Parties past which the result's matrix is None without ``full`` (5,000 parties: 25
#: million numbers)
MATRIX_PARTIES = 1_000


def gaps(
    loaded: Loaded,
    *,
    issue: str | None = None,
    full: bool = False,
    result: bool = True,
    tables: bool = True,
    rows: int | None = None,
    width: int | None = None,
) -> Report:
    """The pair-gap matrix of ``loaded`` and its pairs, or with ``issue`` the distances on
    that issue alone (:class:`~gapcli.analyses.UnknownId` if the scenario has no such
    issue).

    ``full``: the result holds the matrix and every pair, each with the ids of the issues
    it is deadlocked on (P^2/2 x I at worst); without it, past MATRIX_PARTIES parties the
    matrix is None and past PAIRS_LISTED pairs only the extremes are listed.

    ``result`` False leaves the report's result empty: the tables only, for a table, Markdown
    or CSV (the result lists up to PAIRS_LISTED pairs and the matrix, which cost more than
    the tables a person reads). ``tables`` False builds the result only.

    The tables: the matrix as a heatmap, then the pairs. ``rows`` None lists every pair,
    most distant first; a number gives the TOP most distant and TOP closest pairs instead
    (at most ``rows`` each), or the ``rows`` most distant when the matrix is too wide. On
    one issue, the pairs that share it, most distant first (the first ``rows``). ``width``
    is the columns a table may take: a matrix wider than that is not drawn, and the summary
    says so; None: no limit.
    """
    if issue is not None:
        check_id("issue", issue, [i.id for i in loaded.scenario.issues])
        return _one_issue(loaded, issue, result=result, tables=tables, rows=rows, width=width)
    c = compiled(loaded)
    matrix = pair_gaps(loaded, deadlock_lists=full)
    built = _matrix_result(matrix, full, loaded.scenario.issues) if result else ({}, None)
    summary = f"{loaded.scenario.title}: gaps between {len(matrix.parties)} parties."
    if not tables:
        return Report("gaps", built[0], loaded.scenario, summary, warnings=loaded.warnings)
    return _matrix_tables(loaded, c, matrix, built, summary, rows=rows, width=width)


def any_deadlock(loaded: Loaded, report: Report) -> bool:
    """Whether a :func:`gaps` report (built with its result) found a pair deadlocked on any
    issue (on its issue, if it has one). Read from the result when it lists every pair;
    past PAIRS_LISTED pairs without ``full`` the result lists only the extremes, so the
    answer comes from the (shared) gap matrix."""
    result = report.result
    if result["issue"] is not None:
        return any(not p["compatible"] for p in result["pairs"])
    if len(result["pairs"]) == result["pair_count"]:
        return any(p["deadlock_count"] > 0 for p in result["pairs"])
    return bool(pair_gaps(loaded).deadlocks.any())


def fits(parties: tuple[str, ...], width: int) -> bool:
    """Whether the matrix can be drawn in ``width`` columns (numbered if need be), every
    party id whole in its row's label."""
    longest = max((len(p) for p in parties), default=0)
    return width - _numbered_width(parties) >= max(longest, len(str(len(parties))))


def _heatmap(title: str, parties: tuple[str, ...], value: Any, width: int) -> Table:
    """The matrix with a colour per cell (the numbers stay, so it reads without colour).
    When the party ids as column headers would not fit ``width``, the columns are numbered
    and the rows say which number is which party (an id is never cut: the label wraps after
    its number)."""
    from gapcli.analyses.figures import heat_legend, heat_style

    rows: list[tuple[Cell, ...]] = []
    styles: list[tuple[str | None, ...]] = []
    numbered = _table_width(parties) > width
    for a, pa in enumerate(parties):
        values = [value(a, b) for b in range(len(parties))]
        rows.append((f"{a + 1} {pa}" if numbered else pa, *values))
        styles.append((None, *(heat_style(v) if a != b else None for b, v in enumerate(values))))
    headers = tuple(str(n + 1) for n in range(len(parties))) if numbered else parties
    note = (
        "0 = same stances, 1 = opposed on every shared issue; - = no issue in common. "
        + heat_legend()
    )
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


def _ranked(gaps: Gaps) -> list[tuple[int, int]]:
    """Pairs a < b sorted by gap, largest first, ties in party order; pairs with no shared
    issue last."""
    import numpy as np

    a, b = np.triu_indices(len(gaps.parties), k=1)
    gap = gaps.gap[a, b]
    order = np.lexsort((-np.nan_to_num(gap), np.isnan(gap)))
    return list(zip(a[order].tolist(), b[order].tolist(), strict=True))


def _matrix_result(
    gaps: Gaps, full: bool, issues: tuple[Issue, ...]
) -> tuple[dict[str, Any], list[tuple[int, int]] | None]:
    """The result, and every pair ranked when the result lists them all (else None)."""
    from gapcli.analyses.views import matrix_json, pair_json

    n = len(gaps.parties)
    known = gaps.deadlock_issues
    ranked: list[tuple[int, int]] | None = None
    if known is not None or n * (n - 1) // 2 <= PAIRS_LISTED:
        ranked = _ranked(gaps)
        listed = ranked
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
    return result, ranked


def _matrix_tables(
    loaded: Loaded,
    c: Compiled,
    gaps: Gaps,
    built: tuple[dict[str, Any], list[tuple[int, int]] | None],
    summary: str,
    *,
    rows: int | None,
    width: int | None,
) -> Report:
    result, ranked = built
    n = len(gaps.parties)
    room = sys.maxsize if width is None else width  # ids as column headers: CSV, Markdown
    wide = not fits(gaps.parties, room)
    heatmap = None if wide else _heatmap("Pair gaps G", gaps.parties, gaps.value, room)
    if wide:
        summary += "\n" + _too_wide(n, room, "the pairs follow instead, most distant first")
    if rows is None and ranked is None:
        ranked = _ranked(gaps)
    pairs = _pair_tables(c, gaps, ranked if rows is None else None, wide=wide, rows=rows)
    return Report(
        "gaps",
        result,
        loaded.scenario,
        summary,
        pairs if heatmap is None else (heatmap, *pairs),
        warnings=loaded.warnings,
        csv=heatmap,
    )


def _too_wide(n: int, width: int, instead: str) -> str:
    return (
        f"The {n} x {n} matrix is too wide for {width} columns: {instead} "
        "(--format csv or --json has the matrix)."
    )


def _pair_tables(
    c: Compiled, gaps: Gaps, ranked: list[tuple[int, int]] | None, *, wide: bool, rows: int | None
) -> tuple[Table, ...]:
    """Every pair, most distant first, when ``ranked`` (every pair in that order) is given;
    else the first ``rows`` most distant pairs in place of a matrix too wide to draw, or
    the TOP most distant and TOP closest (at most ``rows`` each), found without ranking
    every pair."""
    import numpy as np

    from gapcli.analyses.records import NAMES_SHOWN, Names
    from gapcli.analyses.views import num
    from gapcli.engine.apart import deadlocked

    if ranked is not None:
        distant = [ab for ab in ranked if gaps.value(*ab) is not None]
        defined = len(distant)
        closest: list[tuple[int, int]] = []
    else:
        assert rows is not None
        distant = list(gaps.most_distant(rows if wide else min(TOP, rows)))
        closest = list(gaps.closest(min(TOP, rows)))
        defined = (int(np.count_nonzero(~np.isnan(gaps.gap))) - len(gaps.parties)) // 2
    wanted = list(dict.fromkeys(distant + closest))
    issues = c.scenario.issues
    names = {
        ab: Names(tuple(issues[i].id for i in found), "none", count - len(found))
        for ab, (found, count) in zip(wanted, deadlocked(c, wanted, NAMES_SHOWN + 1), strict=True)
    }

    def cells(chosen: list[tuple[int, int]]) -> tuple[tuple[Cell, ...], ...]:
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
    if ranked is not None or wide:
        title = "Most distant pairs" if closest else "Pairs, most distant first"
        tables = [Table(title, columns, cells(distant), total=defined)]
    else:
        tables = [Table("Most distant pairs", columns, cells(distant))]
    if closest:
        tables.append(Table("Closest pairs", columns, cells(closest)))
    return tuple(tables)


def _one_issue(
    loaded: Loaded,
    issue_id: str,
    *,
    result: bool,
    tables: bool,
    rows: int | None,
    width: int | None,
) -> Report:
    from gapcli.analyses.views import num
    from gapcli.engine import issue_matrix

    c = compiled(loaded)
    block = issue_matrix(c, issue_id)
    parties = c.party_ids
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
    at = [k for k in range(n) if block.shared[k, k]]  # the parties with a stance on it
    holders = tuple(parties[k] for k in at)
    blocked = [p for p in pairs if not p["compatible"]]
    doc: dict[str, Any] = {}
    if result:
        doc = {
            "issue": issue_id,
            "parties": list(parties),
            "matrix": [[num(value(a, b)) for b in range(n)] for a in range(n)],
            "pairs": pairs,
        }
    summary = (
        f"{issue_id}: {len(holders)} of {n} parties take a stance; "
        f"{len(blocked)} of {len(pairs)} pairs accept nothing in common."
    )
    if not tables:
        return Report("gaps", doc, loaded.scenario, summary, warnings=loaded.warnings)
    cells = tuple(
        (p["a"], p["b"], p["distance"], p["hard_gap"], "no" if not p["compatible"] else "yes")
        for p in pairs[:rows]
    )
    room = sys.maxsize if width is None else width
    # the matrix of the parties with a stance only: the others have no distance on it
    heatmap = _heatmap(
        f"Distances on {issue_id}",
        holders,
        lambda a, b: value(at[a], at[b]),
        room,
    )
    columns = ("party", "party", "distance", "hard gap", "compatible")
    pair_table = Table("Pairs", columns, cells, total=len(pairs))
    shown: tuple[Table, ...] = (heatmap, pair_table)
    if not fits(holders, room):
        summary += "\n" + _too_wide(len(at), room, "the pairs follow, most distant first")
        shown = (pair_table,)
    return Report(
        "gaps", doc, loaded.scenario, summary, shown, warnings=loaded.warnings, csv=heatmap
    )
