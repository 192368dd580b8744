from __future__ import annotations

from typing import TYPE_CHECKING

from gapcli.commands._common import (
    FailOnOpt,
    FormatOpt,
    JsonOpt,
    ScenarioArg,
    SetOpt,
    emit_then_fail,
    load_compiled,
    output_format,
)
from gapcli.output import Cell, Format, Report, Table

if TYPE_CHECKING:
    from gapcli.engine import Compiled
    from gapcli.loader import Loaded


def deadlocks(
    path: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    fail_on: FailOnOpt = None,
    sets: SetOpt = None,
) -> None:
    """Every issue's status: deadlocked (nothing all its parties accept) or in agreement.

    Deadlocks come first, hardest first: severity is the total concession, weighted by
    capability and salience, that the bridge asks for. For each: who blocks the point with
    the most support, the bridge (the point needing the least weighted concession) and each
    party's move. For agreements: the zone of agreement. With --fail-on deadlock, exit 3
    when any issue is deadlocked.

    Example: gapcli deadlocks positions/syria-2017-05 --fail-on deadlock
    """
    report, found = build(*load_compiled(path, sets or ()))
    emit_then_fail(report, output_format(fmt, as_json), fail_on, found)


def build(loaded: Loaded, compiled: Compiled) -> tuple[Report, bool]:
    """The report, and whether any issue is deadlocked."""
    from gapcli.engine import analyse_issues
    from gapcli.views import by_severity, fmt_point, fmt_zone, issue_json, num

    scenario = loaded.scenario
    ordered = by_severity(analyse_issues(compiled))
    stuck = [r for r in ordered if r.status == "deadlock"]
    rows: list[tuple[Cell, ...]] = [
        (
            r.issue,
            str(r.status),
            num(r.severity),
            ", ".join(r.blockers) or "-",
            f"bridge {fmt_point(r.bridge)}" if r.status == "deadlock" else f"zone {fmt_zone(r)}",
        )
        for r in ordered
    ]
    moves: list[tuple[Cell, ...]] = [
        (
            r.issue,
            fmt_point(r.bridge),
            m.party,
            num(m.distance),
            num(m.weighted),
            ", ".join(m.concedes) or "-",
        )
        for r in stuck
        for m in r.moves
        if m.must_move
    ]
    tables = (
        Table(
            "Issues, hardest deadlock first",
            ("issue", "status", "severity", "blockers", "bridge or zone"),
            tuple(rows),
            note="severity = the capability x salience weighted concession the bridge needs.",
        ),
        Table(
            "Moves the bridges ask",
            ("issue", "bridge", "party", "move", "weighted", "gives up"),
            tuple(moves),
            note="move = how far the bridge lies outside what the party accepts (0 to 1).",
        ),
    )
    names = ", ".join(r.issue for r in stuck) or "none"
    summary = f"{scenario.title}: {len(stuck)} of {len(ordered)} issues deadlocked ({names})."
    result = {
        "counts": {"deadlock": len(stuck), "agreement": len(ordered) - len(stuck)},
        "issues": [issue_json(r, scenario) for r in ordered],
    }
    report = Report("deadlocks", result, scenario, summary, tables, warnings=loaded.warnings)
    return report, bool(stuck)
