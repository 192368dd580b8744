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


def party(
    party_id: Annotated[str, typer.Argument(metavar="PARTY", help="The party's id.")],
    path: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    sets: SetOpt = None,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
) -> None:
    """One party: its closest and farthest parties, its deadlocks, what it blocks, and the
    moves the bridges ask of it.

    Example: gapcli party opposition positions/syria-2017-05
    """
    from gapcli.analyses import party as analysis

    loaded = load(path, sets or (), without=without, only=only)
    check_id("party", party_id, [p.id for p in loaded.scenario.parties], "'PARTY'")
    fmt = output_format(fmt, as_json)
    report = analysis.party(
        loaded, party_id, tables=fmt is not Format.JSON, rows=rows_wanted(fmt, show_all)
    )
    emit(report, fmt, cut=not show_all)
