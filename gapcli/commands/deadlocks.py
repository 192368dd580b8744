from __future__ import annotations

from typing import Annotated

from gapcli.commands._common import (
    AllOpt,
    FailOnOpt,
    FormatOpt,
    JsonOpt,
    OnlyOpt,
    ScenarioArg,
    SetOpt,
    WithoutOpt,
    emit_then_fail,
    full_option,
    load,
    output_format,
    rows_wanted,
)
from gapcli.render.output import Format


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
    without: WithoutOpt = None,
    only: OnlyOpt = None,
) -> None:
    """Every issue's status: deadlocked (nothing all its parties accept) or in agreement.

    Deadlocks come first, hardest first: severity is the total concession, weighted by
    capability and salience, that the bridge asks for. For each: who blocks the point with
    the most support, the bridge (the point needing the least weighted concession) and each
    party's move. For agreements: the zone of agreement. With --fail-on deadlock, exit 3
    when any issue is deadlocked.

    Example: gapcli deadlocks positions/syria-2017-05 --fail-on deadlock
    """
    from gapcli.analyses import deadlocks as analysis

    fmt = output_format(fmt, as_json)
    report = analysis.deadlocks(
        load(path, sets or (), without=without, only=only),
        full=full,
        tables=fmt is not Format.JSON,
        rows=rows_wanted(fmt, show_all),
    )
    found = report.result["counts"]["deadlock"] > 0
    emit_then_fail(report, fmt, fail_on, found, cut=not show_all)
