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


def validate(
    path: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    full: Annotated[
        bool, full_option("the parties with a stance on each issue (issues[].parties; P x I)")
    ] = False,
    sets: SetOpt = None,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
) -> None:
    """Check a scenario's files and summarise them.

    Every problem is printed as path:line:column: message, all at once, with exit status 1.
    Warnings (a party with no stances, an issue nobody takes a stance on, a stance with no
    source) go to stderr and do not fail the run.

    Example: gapcli validate positions/syria-2017-05
    """
    from gapcli.analyses import validate as analysis

    fmt = output_format(fmt, as_json)
    loaded = load(path, sets or (), without=without, only=only)
    report = analysis.validate(
        loaded, full=full, tables=fmt is not Format.JSON, rows=rows_wanted(fmt, show_all)
    )
    emit(report, fmt, cut=not show_all)
