from __future__ import annotations

from typing import Annotated

import typer

from gapcli.commands._common import (
    AllOpt,
    FormatOpt,
    JsonOpt,
    OnlyOpt,
    ScenarioArg,
    SetOpt,
    WithoutOpt,
    check_id,
    load,
    output_format,
    rows_wanted,
)
from gapcli.render.output import Format, emit


def issue(
    issue_id: Annotated[str, typer.Argument(metavar="ISSUE", help="The issue's id.")],
    path: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    sets: SetOpt = None,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
) -> None:
    """One issue: every party's position and accepted range, the zone or the gap, the bridge.

    A scale issue is drawn as a number line (━ accepted range, ● position, ═ zone of
    agreement, ▲ bridge; - o = ^ in ASCII with NO_COLOR), sized to the terminal; choice and
    set issues as a table of options.

    Example: gapcli issue assad-tenure positions/syria-2017-05
    """
    from gapcli.analyses import issue as analysis

    fmt = output_format(fmt, as_json)
    loaded = load(path, sets or (), without=without, only=only)
    check_id("issue", issue_id, [i.id for i in loaded.scenario.issues], "'ISSUE'")
    report = analysis.issue(
        loaded, issue_id, tables=fmt is not Format.JSON, rows=rows_wanted(fmt, show_all)
    )
    emit(report, fmt, cut=not show_all)
