from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gapcli.commands._common import AllOpt, OnlyOpt, SetOpt, WithoutOpt, path_value
from gapcli.errors import did_you_mean, one_of

if TYPE_CHECKING:
    from gapcli.render.watch import View


def watch(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH] [ID]",
            help="Scenario to watch (default: ./positions, its latest scenario), and the issue "
            "or party id for --view issue or --view party.",
            show_default=False,
        ),
    ] = None,
    view: Annotated[
        str,
        typer.Option(
            "--view",
            help="What to show: deadlocks, gaps, issue ID, party ID or validate "
            "(issue:ID and party:ID work too).",
        ),
    ] = "deadlocks",
    sets: SetOpt = None,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
    show_all: AllOpt = False,
    poll: Annotated[
        bool,
        typer.Option(
            "--poll", help="Poll for changes instead of using file events (network drives)."
        ),
    ] = False,
) -> None:
    """Re-check and redraw a view each time a position file is saved.

    Errors in the files replace the view until they are fixed (a half-saved file is never
    fatal). At a terminal the screen is redrawn; into a pipe each view follows the last,
    under a '---' line. Stop with Ctrl-C (exit status 130).

    Example: gapcli watch positions/syria-2017-05 --view issue assad-tenure
    """
    from gapcli.render.watch import run

    path, chosen, view_id = _parse(args or [], view)
    run(path, chosen, view_id, sets or [], show_all, poll, (without or [], only or []))


def _parse(args: list[str], view: str) -> tuple[Path | None, View, str | None]:
    """Split ``[PATH] [ID]`` and ``--view``: the id is the argument that is not a path."""
    from gapcli.render.watch import NEEDS_ID, View

    name, _, given = view.replace("=", ":").partition(":")
    if name not in list(View):
        raise typer.BadParameter(
            f"unknown view '{name}'{did_you_mean(name, list(View))} (expected {one_of(View)})",
            param_hint="'--view'",
        )
    chosen = View(name)
    view_id: str | None = given or None
    rest = list(args)
    if chosen in NEEDS_ID and view_id is None:
        ids = [a for a in rest if not Path(a).exists()]
        if not ids:
            raise typer.BadParameter(
                f"--view {chosen} needs the {chosen}'s id, e.g. --view {chosen} ID",
                param_hint="'--view'",
            )
        view_id = ids[-1]
        rest.remove(view_id)
    if len(rest) > 1:
        raise typer.BadParameter(
            f"expected one scenario path, got {len(rest)}: {', '.join(rest)}",
            param_hint="'[PATH]'",
        )
    return (path_value(rest[0]) if rest else None), chosen, view_id
