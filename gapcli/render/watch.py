"""``gapcli watch``: redraw a view each time a position file is saved."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from gapcli.errors import Diagnostic, Location, did_you_mean, one_of

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


def run(
    path: Path | None,
    view: View,
    view_id: str | None,
    sets: list[str],
    show_all: bool = False,
    poll: bool = False,
    parties: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> None:
    """Draw the view, then again after every change to the scenario's files, until Ctrl-C.
    Bad input replaces the view with its problems, never ends the watch."""
    import watchfiles

    from gapcli.errors import InputError
    from gapcli.io.discover import choose, default_path
    from gapcli.io.files import why_unreadable
    from gapcli.render.output import stdout_console

    if path is None and not default_path().is_dir():
        choose(None, "gapcli watch {path}")  # says how to name a scenario
    folder = path or default_path()
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
    _show(console, _render(path, view, view_id, sets, show_all, parties), folder, show_all)
    for batch in changes:
        if batch:
            _show(console, _render(path, view, view_id, sets, show_all, parties), folder, show_all)


def _render(
    path: Path | None,
    view: View,
    view_id: str | None,
    sets: list[str],
    show_all: bool = False,
    parties: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> Report | tuple[Diagnostic, ...]:
    """The view, or the problems that stand in its place. Never raises for bad input.
    ``parties``: those ``--without`` and ``--only`` name."""
    from gapcli.errors import InputError
    from gapcli.io.loader import PartyChoiceError

    try:
        return _view(path, view, view_id, sets, show_all, parties)
    except InputError as exc:
        return exc.diagnostics
    except PartyChoiceError as exc:  # a party the files no longer have: say so in place
        return (Diagnostic(Location(exc.option), str(exc)),)
    except Exception as exc:  # a bug must not end the watch: show it in place, keep watching
        import traceback

        traceback.print_exc()
        where = Location(path.as_posix() if path else "positions")
        return (Diagnostic(where, f"gapcli bug, please report it: {exc!r}"),)


def _view(
    path: Path | None,
    view: View,
    view_id: str | None,
    sets: list[str],
    show_all: bool = False,
    parties: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> Report | tuple[Diagnostic, ...]:
    from gapcli.analyses.deadlocks import deadlocks
    from gapcli.analyses.gaps import gaps
    from gapcli.analyses.issue import issue
    from gapcli.analyses.party import party
    from gapcli.analyses.validate import validate
    from gapcli.io.discover import load_chosen
    from gapcli.io.loader import leave_out
    from gapcli.render.output import Format, note, rows_wanted, table_width

    loaded, chosen = load_chosen(path, sets)
    if chosen:
        note(chosen)
    loaded = leave_out(loaded, *parties)
    scenario = loaded.scenario
    rows = rows_wanted(Format.TABLE, show_all)
    if view is View.DEADLOCKS:
        return deadlocks(loaded, rows=rows)
    if view is View.GAPS:
        return gaps(loaded, result=False, rows=rows, width=table_width())
    if view is View.VALIDATE:
        return validate(loaded, rows=rows)
    assert view_id is not None
    ids = [i.id for i in (scenario.issues if view is View.ISSUE else scenario.parties)]
    if view_id not in ids:
        hint = did_you_mean(view_id, ids) or f" (expected {one_of(ids)})"
        return (Diagnostic(Location(scenario.path), f"no {view} '{view_id}' here{hint}"),)
    if view is View.ISSUE:
        return issue(loaded, view_id, rows=rows)
    return party(loaded, view_id, rows=rows)


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
