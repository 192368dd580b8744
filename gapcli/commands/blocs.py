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
    finite,
    load,
    output_format,
    rows_wanted,
)
from gapcli.render.output import Format, emit, table_width


def blocs(
    path: ScenarioArg = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            "-t",
            min=0.0,
            max=1.0,
            callback=finite,
            help="Join parties into a bloc while their average gap is at most this (0 to 1).",
        ),
    ] = 0.3,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    sets: SetOpt = None,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
) -> None:
    """Blocs of parties: who stands together, and who could bridge to another bloc.

    Parties are clustered on the pair gap G with average linkage (two groups join while the
    mean gap between their members is at most the threshold). For each bloc: its members,
    its internal gap, its gap to each other bloc and the bridge-builder (the member closest
    to that bloc). The gap matrix is shown in bloc order (when it fits the terminal), and
    every merge of the dendrogram.

    Example: gapcli blocs positions/syria-2017-05 --threshold 0.3
    """
    from gapcli.analyses import blocs as analysis

    fmt = output_format(fmt, as_json)
    report = analysis.blocs(
        load(path, sets or (), without=without, only=only),
        threshold=threshold,
        tables=fmt is not Format.JSON,
        rows=rows_wanted(fmt, show_all),
        width=table_width() if fmt is Format.TABLE else None,
    )
    emit(report, fmt, cut=not show_all)
