"""The snapshots a timeline compares: the scenarios named, folders of scenarios expanded,
each loaded once, in date order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gapcli.errors import Diagnostic
    from gapcli.io.loader import Loaded


def load_snapshots(
    paths: Sequence[Path],
    note: Callable[[str], None],
    *,
    command: str = "timeline",
    dated: bool = True,
) -> list[Loaded]:
    """Every scenario ``paths`` name (a folder of scenarios stands for each one in it; no
    path, for ./positions), loaded and sorted by ``as_of``. A scenario named twice, under
    any spelling, is loaded once. ``note`` is given a line for the person at the terminal
    when a folder holds entries that are not scenarios. The problems of every snapshot,
    including a missing ``as_of`` date (when ``dated``: a timeline needs one), are raised
    together as one InputError. ``command`` names the command run, for the hint when there
    is nothing to read."""
    from gapcli.errors import InputError, Location
    from gapcli.io.discover import choose, default_path, passed_over, survey
    from gapcli.io.folder import scenario_file
    from gapcli.io.loader import load_scenario

    if not paths and not default_path().is_dir():
        choose(None, f"gapcli {command} {{path}}")  # says how to name a scenario
    chosen: list[Path] = []
    for path in paths or [default_path()]:
        inside, other = survey(path) if path.is_dir() and scenario_file(path) is None else ([], [])
        if inside and other:
            note(passed_over(path, other))
        chosen += [c.path for c in inside] or [choose(path).path]
    loaded: list[Loaded] = []
    problems: list[Diagnostic] = []
    seen: set[Path] = set()
    for path in chosen:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        try:
            one = load_scenario(path)
        except InputError as exc:
            problems += exc.diagnostics
            continue
        if dated and one.scenario.as_of is None:
            problems += InputError.at(
                Location(one.scenario.path),
                "no as_of date: a timeline orders its snapshots by date "
                "(add 'as_of: YYYY-MM-DD' to the scenario)",
            ).diagnostics
        loaded.append(one)
    if problems:
        raise InputError(problems)
    return sorted(loaded, key=lambda one: one.scenario.as_of or "")
