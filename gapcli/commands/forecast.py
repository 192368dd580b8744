from __future__ import annotations

from typing import Annotated

from gapcli.commands._common import (
    AllOpt,
    FormatOpt,
    JsonOpt,
    OnlyOpt,
    ScenarioArg,
    SetOpt,
    WithoutOpt,
    full_option,
    load,
    output_format,
    rows_wanted,
)
from gapcli.render.output import Format, emit


def forecast(
    path: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    full: Annotated[
        bool,
        full_option(
            "each scale issue's parties and their distances (scale[].parties, "
            "scale[].distances; P x I)"
        ),
    ] = False,
    sets: SetOpt = None,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
) -> None:
    """Where each issue is likely to land, by the standard bargaining-model forecasts.

    Scale issues: the weighted mean of positions (the compromise model, weights capability x
    salience), the weighted median, and, where the issue has a status quo, the Nash
    bargaining point (linear utility; none when no outcome is better than the status quo for
    every party, with the reason). The spread of positions, and the parties for which the
    median lies outside what they accept. Choice and set issues: the bridge.

    Example: gapcli forecast positions/syria-2017-05
    """
    from gapcli.analyses import forecast as analysis

    fmt = output_format(fmt, as_json)
    loaded = load(path, sets or (), without=without, only=only)
    report = analysis.forecast(
        loaded, full=full, tables=fmt is not Format.JSON, rows=rows_wanted(fmt, show_all)
    )
    emit(report, fmt, cut=not show_all)
