"""Every issue's status: deadlocked (nothing all its parties accept) or in agreement; for a
deadlock its severity, blockers, bridge and the moves the bridge asks, for an agreement its
zone."""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from gapcli.analyses import issue_results
from gapcli.analyses.records import FULL_HINT, Cell, Names, Report, Table, named

if TYPE_CHECKING:
    from gapcli.engine import IssueResult
    from gapcli.io.loader import Loaded


def deadlocks(
    loaded: Loaded, *, full: bool = False, tables: bool = True, rows: int | None = None
) -> Report:
    """Every issue of ``loaded``, the hardest deadlock first. ``full``: the result lists each
    issue's parties and moves (P x I). ``rows``: at most that many rows of each table (None:
    all); a table's ``total`` says how many there are."""
    from gapcli.analyses.views import by_severity, issue_json

    scenario = loaded.scenario
    ordered = by_severity(issue_results(loaded))
    stuck = [r for r in ordered if r.status == "deadlock"]
    summary = (
        f"{scenario.title}: {len(stuck):,} of {len(ordered):,} issues deadlocked "
        f"({named([r.issue for r in stuck])})."
    )
    result = {
        "counts": {"deadlock": len(stuck), "agreement": len(ordered) - len(stuck)},
        "issues": [issue_json(r, scenario, full) for r in ordered],
    }
    built = _tables(ordered, stuck, rows) if tables else ()
    return Report("deadlocks", result, scenario, summary, built, warnings=loaded.warnings)


def _tables(
    ordered: list[IssueResult], stuck: list[IssueResult], rows: int | None
) -> tuple[Table, ...]:
    """The issues and the moves the bridges ask, the first ``rows`` of each (``None``: all)."""
    from gapcli.analyses.views import fmt_point, fmt_zone, must_move_count, num

    issue_rows: list[tuple[Cell, ...]] = [
        (
            r.issue,
            str(r.status),
            num(r.severity),
            Names(r.blockers),
            f"bridge {fmt_point(r.bridge)}" if r.status == "deadlock" else f"zone {fmt_zone(r)}",
        )
        for r in ordered[:rows]
    ]
    asked = ((r, m) for r in stuck for m in r.moves if m.distance > 0)
    moves: list[tuple[Cell, ...]] = [
        (
            r.issue,
            fmt_point(r.bridge),
            m.party,
            num(m.distance),
            num(m.weighted),
            ", ".join(m.concedes) or "-",
        )
        for r, m in islice(asked, rows)
    ]
    moves_in_all = sum(must_move_count(r.moves) for r in stuck)
    return (
        Table(
            "Issues, hardest deadlock first",
            ("issue", "status", "severity", "blockers", "bridge or zone"),
            tuple(issue_rows),
            note="severity = the capability x salience weighted concession the bridge needs; "
            "blockers = the parties outside the point most capability supports (set issues: "
            "the lighter side of each contested option), not those the bridge moves.",
            total=len(ordered),
        ),
        Table(
            "Moves the bridges ask",
            ("issue", "bridge", "party", "move", "weighted", "gives up"),
            tuple(moves),
            note="move = how far the bridge lies outside what the party accepts (0 to 1); "
            "a blocker may need no move, and a party that does not block may need one.",
            total=moves_in_all,
            hint=FULL_HINT,
        ),
    )
