from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gapcli.commands._common import (
    AllOpt,
    FormatOpt,
    JsonOpt,
    OnlyOpt,
    WithoutOpt,
    chosen_in_each,
    output_format,
    path_value,
    rows_wanted,
)
from gapcli.render.output import Format, emit, note


def timeline(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            parser=path_value,
            metavar="[SCENARIO]...",
            help="Snapshots of the same talks: scenarios, or folders of scenarios "
            "(default: every scenario in ./positions).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
) -> None:
    """How the talks moved over time: snapshots ordered by their as_of date.

    For each pair of parties, its gap in every snapshot (a sparkline from 0 to 1 in the
    terminal, the numbers in JSON and CSV) and the change from first to last; for each
    issue, its status in every snapshot; and the deadlock count per snapshot.

    Example: gapcli timeline positions/syria-2017-03 positions/syria-2017-05
    """
    from gapcli.analyses import timeline as analysis
    from gapcli.io.snapshots import load_snapshots

    fmt = output_format(fmt, as_json)
    snapshots = load_snapshots(paths or [], note)
    snapshots = chosen_in_each(snapshots, without or [], only or [], "snapshot")
    report = analysis.timeline(
        snapshots, tables=fmt is not Format.JSON, rows=rows_wanted(fmt, show_all)
    )
    emit(report, fmt, cut=not show_all)
