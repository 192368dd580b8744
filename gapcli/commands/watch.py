from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gapcli.commands._common import AllOpt, SetOpt, path_value
from gapcli.errors import Diagnostic, did_you_mean, one_of

if TYPE_CHECKING:
    from rich.console import Console

    from gapcli.analyses.records import Report

SUFFIXES = (".yaml", ".yml", ".csv")


class View(StrEnum):
    DEADLOCKS = "deadlocks"
    GAPS = "gaps"
    ISSUE = "issue"
    PARTY = "party"
    VALIDATE = "validate"


NEEDS_ID = (View.ISSUE, View.PARTY)


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
    import watchfiles

    from gapcli.errors import InputError, Location
    from gapcli.io.discover import DEFAULT_DIR, choose
    from gapcli.io.files import why_unreadable
    from gapcli.render.output import stdout_console

    path, chosen, view_id = _parse(args or [], view)
    if path is None and not DEFAULT_DIR.is_dir():
        choose(None)  # says how to name a scenario
    folder = path or DEFAULT_DIR
    problem = None if folder.is_dir() else why_unreadable(folder)
    if problem is not None:  # a missing path, a device, a FIFO: nothing to watch
        raise InputError.at(Location(folder.as_posix()), problem)
    root = folder if folder.is_dir() else folder.parent
    console = stdout_console()
    changes = watchfiles.watch(
        root,
        watch_filter=_Filter(None if folder.is_dir() else folder),
        rust_timeout=500,
        yield_on_timeout=True,  # the first (empty) batch says the watcher is live
        force_polling=poll or None,
        recursive=folder.is_dir(),  # a one-file scenario: its folder only, not everything under
        debounce=400,
    )
    next(changes)
    _show(console, _render(path, chosen, view_id, sets or [], show_all), folder, show_all)
    for batch in changes:
        if batch:
            _show(console, _render(path, chosen, view_id, sets or [], show_all), folder, show_all)


def _parse(args: list[str], view: str) -> tuple[Path | None, View, str | None]:
    """Split ``[PATH] [ID]`` and ``--view``: the id is the argument that is not a path."""
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


def _render(
    path: Path | None, view: View, view_id: str | None, sets: list[str], show_all: bool = False
) -> Report | tuple[Diagnostic, ...]:
    """The view, or the problems that stand in its place. Never raises for bad input."""
    from gapcli.errors import InputError, Location

    try:
        return _view(path, view, view_id, sets, show_all)
    except InputError as exc:
        return exc.diagnostics
    except Exception as exc:  # a bug must not end the watch: show it in place, keep watching
        import traceback

        traceback.print_exc()
        where = Location(path.as_posix() if path else "positions")
        return (Diagnostic(where, f"gapcli bug, please report it: {exc!r}"),)


def _view(
    path: Path | None, view: View, view_id: str | None, sets: list[str], show_all: bool = False
) -> Report | tuple[Diagnostic, ...]:
    from gapcli.commands import deadlocks, gaps, issue, party, validate
    from gapcli.commands._common import load_compiled
    from gapcli.errors import Location

    loaded, compiled = load_compiled(path, sets)
    scenario = loaded.scenario
    if view is View.DEADLOCKS:
        return deadlocks.build(loaded, compiled, show_all=show_all)[0]
    if view is View.GAPS:
        return gaps.build(loaded, compiled, show_all=show_all)[0]
    if view is View.VALIDATE:
        return validate.summarise(loaded)
    assert view_id is not None
    ids = [i.id for i in scenario.issues] if view is View.ISSUE else list(compiled.party_ids)
    if view_id not in ids:
        hint = did_you_mean(view_id, ids) or f" (expected {one_of(ids)})"
        return (Diagnostic(Location(scenario.path), f"no {view} '{view_id}' here{hint}"),)
    if view is View.ISSUE:
        return issue.build(loaded, compiled, view_id)
    return party.build(loaded, compiled, view_id)


def _show(
    console: Console, outcome: Report | tuple[Diagnostic, ...], folder: Path, show_all: bool = False
) -> None:
    from rich.text import Text

    from gapcli.analyses.records import Report
    from gapcli.render.output import draw

    stamp = time.strftime("%H:%M:%S")
    if console.is_terminal:
        console.clear()
    else:
        console.print(Text(f"--- {stamp}"))
    if isinstance(outcome, Report):
        draw(outcome, console, cut=not show_all)
        for warning in outcome.warnings:
            console.print(Text(str(warning), style="yellow"))
    else:
        count = f"{len(outcome)} problem{'s' if len(outcome) != 1 else ''}"
        console.print(Text(f"{count}; the view comes back when they are fixed:", style="bold red"))
        for diagnostic in outcome:
            console.print(Text(str(diagnostic)), overflow="fold")
    console.print(Text(f"watching {folder.as_posix()} · {stamp} · Ctrl-C to stop", style="dim"))
    sys.stdout.flush()


class _Filter:
    """Position files only (editors' swap and backup files are ignored); for a one-file
    scenario, that file only."""

    def __init__(self, only: Path | None) -> None:
        import watchfiles

        self.default = watchfiles.DefaultFilter()
        self.only = None if only is None else only.resolve()

    def __call__(self, change: object, path: str) -> bool:
        if not self.default(change, path):  # type: ignore[arg-type]
            return False
        if self.only is not None:
            return Path(path).resolve() == self.only
        # position files, and folders (a parties/ folder renamed or removed changes the view)
        return path.endswith(SUFFIXES) or not Path(path).suffix
