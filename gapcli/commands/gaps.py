from __future__ import annotations

from typing import Annotated

import typer

from gapcli.commands._common import (
    AllOpt,
    FailOnOpt,
    FormatOpt,
    JsonOpt,
    OnlyOpt,
    ScenarioArg,
    SetOpt,
    WithoutOpt,
    check_id,
    emit_then_fail,
    full_option,
    load,
    output_format,
    rows_wanted,
)
from gapcli.render.output import Format, table_width


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
    without: WithoutOpt = None,
    only: OnlyOpt = None,
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
    from gapcli.analyses import gaps as analysis

    loaded = load(path, sets or (), without=without, only=only)
    if issue is not None:
        check_id("issue", issue, [i.id for i in loaded.scenario.issues], "'--issue'")
    fmt = output_format(fmt, as_json)
    report = analysis.gaps(
        loaded,
        issue=issue,
        full=full and fmt is Format.JSON,  # only JSON shows what --full adds
        result=fmt is Format.JSON or fail_on is not None,  # what JSON and --fail-on read
        tables=fmt is not Format.JSON,
        rows=0 if fmt is Format.CSV else rows_wanted(fmt, show_all),  # CSV: the matrix alone
        width=table_width() if fmt is Format.TABLE else None,
    )
    found = fail_on is not None and analysis.any_deadlock(loaded, report)
    emit_then_fail(report, fmt, fail_on, found, cut=not show_all)
