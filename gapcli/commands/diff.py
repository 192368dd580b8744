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
    load,
    output_format,
    path_value,
    rows_wanted,
)
from gapcli.render.output import Format, emit


def diff(
    old: Annotated[
        Path, typer.Argument(parser=path_value, metavar="OLD", help="The earlier scenario.")
    ],
    new: Annotated[
        Path, typer.Argument(parser=path_value, metavar="NEW", help="The later scenario.")
    ],
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
) -> None:
    """What changed between two scenarios of the same talks.

    Parties and issues added or removed; each party's stance shifts (scale moves as a share
    of the scale) and capability changes; the pair gaps that widened and narrowed most; the
    issues that entered or left deadlock, or whose blockers, bridge or moves changed.

    Example: gapcli diff positions/syria-2017-03 positions/syria-2017-05
    """
    from gapcli.analyses import diff as analysis

    fmt = output_format(fmt, as_json)
    before, after = chosen_in_each([load(old), load(new)], without or [], only or [])
    report = analysis.diff(
        before, after, tables=fmt is not Format.JSON, rows=rows_wanted(fmt, show_all)
    )
    emit(report, fmt, cut=not show_all)
