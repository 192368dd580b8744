from __future__ import annotations

import typer

from gapcli.commands._common import (
    AllOpt,
    FormatOpt,
    JsonOpt,
    OnlyOpt,
    ScenarioArg,
    SetOpt,
    WithoutOpt,
    load,
    output_format,
    rows_wanted,
)
from gapcli.render.output import Format, emit


def whatif(
    path: ScenarioArg = None,
    sets: SetOpt = None,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
) -> None:
    """What changes if one assumption changes: the files against the files with --set.

    Shows the deadlocks that open (an issue that gains a zone of agreement) or close, the
    blockers, bridges and moves that change, and the pair gaps that change most. The files
    are never touched.

    Example: gapcli whatif positions/syria-2017-05 --set united-states.assad-tenure.accepts=25..75
    """
    from gapcli.analyses import diff as analysis

    if not sets:
        raise typer.BadParameter(
            "name at least one change, e.g. --set iran.capability=2", param_hint="'--set'"
        )
    fmt = output_format(fmt, as_json)
    # first: file and --set problems are reported together
    changed = load(path, sets, without=without, only=only)
    files = load(path, note_choice=False, without=without, only=only)
    report = analysis.whatif(
        files, changed, tables=fmt is not Format.JSON, rows=rows_wanted(fmt, show_all)
    )
    emit(report, fmt, cut=not show_all)
