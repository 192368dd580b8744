from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, Annotated

from gapcli.analyses.records import FULL_HINT, Cell, Names, Report, Table, named
from gapcli.commands._common import (
    AllOpt,
    FailOnOpt,
    FormatOpt,
    JsonOpt,
    ScenarioArg,
    SetOpt,
    emit_then_fail,
    full_option,
    load_compiled,
    output_format,
    rows_wanted,
)
from gapcli.render.output import Format

if TYPE_CHECKING:
    from gapcli.engine import Compiled, IssueResult
    from gapcli.io.loader import Loaded


def deadlocks(
    path: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    full: Annotated[
        bool,
        full_option("each issue's parties and moves (issues[].parties, issues[].moves; P x I)"),
    ] = False,
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
    fmt = output_format(fmt, as_json)
    loaded, compiled = load_compiled(path, sets or ())
    report, found = build(loaded, compiled, full=full, fmt=fmt, show_all=show_all)
    emit_then_fail(report, fmt, fail_on, found, cut=not show_all)


def build(
    loaded: Loaded,
    compiled: Compiled,
    *,
    full: bool = False,
    fmt: Format = Format.TABLE,
    show_all: bool = False,
) -> tuple[Report, bool]:
    """The report, and whether any issue is deadlocked. ``full``: the JSON lists every
    issue's parties and moves. The tables are built for the formats that show them, and
    for a table for a person only the rows it draws (all with ``show_all``)."""
    from gapcli.analyses.views import by_severity, issue_json
    from gapcli.engine import analyse_issues

    scenario = loaded.scenario
    ordered = by_severity(analyse_issues(compiled))
    stuck = [r for r in ordered if r.status == "deadlock"]
    summary = (
        f"{scenario.title}: {len(stuck):,} of {len(ordered):,} issues deadlocked "
        f"({named([r.issue for r in stuck])})."
    )
    result = {
        "counts": {"deadlock": len(stuck), "agreement": len(ordered) - len(stuck)},
        "issues": [issue_json(r, scenario, full) for r in ordered],
    }
    tables = () if fmt is Format.JSON else _tables(ordered, stuck, rows_wanted(fmt, show_all))
    report = Report("deadlocks", result, scenario, summary, tables, warnings=loaded.warnings)
    return report, bool(stuck)


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
            note="severity = the capability x salience weighted concession the bridge needs.",
            total=len(ordered),
        ),
        Table(
            "Moves the bridges ask",
            ("issue", "bridge", "party", "move", "weighted", "gives up"),
            tuple(moves),
            note="move = how far the bridge lies outside what the party accepts (0 to 1).",
            total=moves_in_all,
            hint=FULL_HINT,
        ),
    )
