from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from gapcli.commands._common import (
    FailOnOpt,
    FormatOpt,
    JsonOpt,
    ScenarioArg,
    SetOpt,
    check_id,
    emit_then_fail,
    load_compiled,
    output_format,
)
from gapcli.output import Cell, Format, Report, Table

if TYPE_CHECKING:
    from gapcli.engine import Compiled, Gaps
    from gapcli.loader import Loaded

TOP = 5


def gaps(
    path: ScenarioArg = None,
    issue: Annotated[
        str | None,
        typer.Option("--issue", "-i", help="Only this issue: distances on it instead of G."),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    fail_on: FailOnOpt = None,
    sets: SetOpt = None,
) -> None:
    """The pair-gap matrix: how far apart each pair of parties is, 0 (same stances) to 1.

    G weighs each issue both parties take a stance on by their mean salience. The heatmap is
    followed by the most distant and the closest pairs, with the issues on which they are
    deadlocked (nothing both accept). With --fail-on deadlock, exit 3 when any pair is
    deadlocked on any issue (on --issue, if given).

    Example: gapcli gaps positions/syria-2017-05 --issue assad-tenure
    """
    loaded, compiled = load_compiled(path, sets or ())
    if issue is not None:
        check_id("issue", issue, [i.id for i in loaded.scenario.issues], "'--issue'")
    report, found = build(loaded, compiled, issue, every_pair=output_format(fmt, as_json) == "json")
    emit_then_fail(report, output_format(fmt, as_json), fail_on, found)


def build(
    loaded: Loaded, compiled: Compiled, issue: str | None = None, *, every_pair: bool = True
) -> tuple[Report, bool]:
    """The report (the matrix, or distances on one issue), and whether a pair is deadlocked.

    Every pair's list of deadlocked issues (P^2/2 x I at worst) is gathered only with
    ``every_pair`` (JSON prints them all); tables need them for the pairs they show only.
    """
    from gapcli.engine import gap_matrix

    if issue is not None:
        return _one_issue(loaded, compiled, issue)
    matrix = gap_matrix(compiled, deadlock_lists=every_pair)
    return _matrix(loaded, compiled, matrix)


def _heatmap(title: str, parties: tuple[str, ...], value: Any) -> Table:
    """The matrix with a colour per cell (the numbers stay, so it reads without colour).
    When the party ids as column headers would not fit the terminal, the columns are
    numbered and the rows say which number is which party."""
    from gapcli.figures import heat_style, terminal_width

    rows: list[tuple[Cell, ...]] = []
    styles: list[tuple[str | None, ...]] = []
    width = terminal_width()
    numbered = _table_width(parties) > width
    cells = 8 * len(parties) + 4  # numbered columns (5 wide, 3 of padding) and borders
    room = max(len(str(len(parties))), width - cells)  # for "n name" in the first column
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


def _pairs(gaps: Gaps) -> list[tuple[int, int]]:
    """Pairs a < b sorted by gap, largest first; pairs with no shared issue last."""
    n = len(gaps.parties)
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    return sorted(pairs, key=lambda ab: (gaps.value(*ab) is None, -(gaps.value(*ab) or 0.0)))


def _matrix(loaded: Loaded, compiled: Compiled, gaps: Gaps) -> tuple[Report, bool]:
    from gapcli.engine import pair_issues
    from gapcli.views import num, pair_json

    issues = loaded.scenario.issues
    known = gaps.deadlock_issues

    def dead(a: int, b: int) -> list[str]:
        if known is not None:
            return [issues[i].id for i in known.get((a, b), ())]
        if not gaps.deadlocks[a, b]:
            return []
        return [p.issue for p in pair_issues(compiled, a, b) if not p.compatible]

    ordered = _pairs(gaps)
    defined_pairs = [ab for ab in ordered if gaps.value(*ab) is not None]
    shown = set(defined_pairs[:TOP]) | set(
        sorted(defined_pairs, key=lambda ab: gaps.value(*ab) or 0.0)[:TOP]
    )
    pairs = [
        pair_json(gaps, a, b, dead(a, b) if known is not None or (a, b) in shown else [])
        for a, b in ordered
    ]
    defined = [p for p in pairs if p["gap"] is not None]

    def rows(chosen: list[dict[str, Any]]) -> tuple[tuple[Cell, ...], ...]:
        return tuple(
            (p["a"], p["b"], p["gap"], p["shared"], ", ".join(p["deadlocks"]) or "none")
            for p in chosen
        )

    columns = ("party", "party", "gap", "shared issues", "deadlocked on")
    tables = (
        _heatmap("Pair gaps G", gaps.parties, gaps.value),
        Table("Most distant pairs", columns, rows(defined[:TOP])),
        Table("Closest pairs", columns, rows(sorted(defined, key=lambda p: p["gap"])[:TOP])),
    )
    result = {
        "issue": None,
        "parties": list(gaps.parties),
        "matrix": [
            [num(gaps.value(a, b)) for b in range(len(gaps.parties))]
            for a in range(len(gaps.parties))
        ],
        "pairs": pairs,
    }
    scenario = loaded.scenario
    summary = f"{scenario.title}: gaps between {len(gaps.parties)} parties."
    report = Report("gaps", result, scenario, summary, tables, warnings=loaded.warnings)
    return report, bool(gaps.deadlocks.any())


def _one_issue(loaded: Loaded, compiled: Compiled, issue_id: str) -> tuple[Report, bool]:
    from gapcli.engine import issue_matrix
    from gapcli.views import num

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
    tables = (
        _heatmap(f"Distances on {issue_id}", parties, value),
        Table("Pairs", ("party", "party", "distance", "hard gap", "compatible"), rows),
    )
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
    report = Report("gaps", result, loaded.scenario, summary, tables, warnings=loaded.warnings)
    return report, bool(blocked)
