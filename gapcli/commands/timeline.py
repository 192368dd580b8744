from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gapcli.commands._common import (
    AllOpt,
    FormatOpt,
    JsonOpt,
    OnlyOpt,
    WithoutOpt,
    chosen_parties,
    output_format,
    path_value,
    rows_wanted,
)
from gapcli.render.output import Format, emit, note

if TYPE_CHECKING:
    from gapcli.io.loader import Loaded


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
    if without or only:
        snapshots = [leave_out(s, snapshots, without or [], only or []) for s in snapshots]
    report = analysis.timeline(
        snapshots, tables=fmt is not Format.JSON, rows=rows_wanted(fmt, show_all)
    )
    emit(report, fmt, cut=not show_all)


def leave_out(snapshot: Loaded, every: list[Loaded], without: list[str], only: list[str]) -> Loaded:
    """``snapshot`` without the parties ``--without`` and ``--only`` leave out: those of them
    it has (a party may join or leave the talks between snapshots); an id no snapshot has is
    a usage error."""
    kept = [p for group in only for p in group.split(",") if p]
    known = {p.id for s in every for p in s.scenario.parties}
    if unknown := sorted(set(without + kept) - known):
        raise typer.BadParameter(
            f"no snapshot has a party {', '.join(map(repr, unknown))}",
            param_hint="--without/--only",
        )
    ids = {p.id for p in snapshot.scenario.parties}
    mine = [p for p in kept if p in ids]
    if kept and not mine:
        raise typer.BadParameter(
            f"{snapshot.scenario.path or 'a snapshot'} has none of {', '.join(kept)}",
            param_hint="--only",
        )
    return chosen_parties(snapshot, [p for p in without if p in ids], mine)
