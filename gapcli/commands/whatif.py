from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from gapcli.analyses.records import Report, named, scenario_json
from gapcli.commands._common import AllOpt, FormatOpt, JsonOpt, ScenarioArg, SetOpt, output_format
from gapcli.render.output import Format, emit

if TYPE_CHECKING:
    from gapcli.engine.compare import Diff


def whatif(
    path: ScenarioArg = None,
    sets: SetOpt = None,
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
    from gapcli.commands._common import load
    from gapcli.commands.diff import changes_json, changes_tables
    from gapcli.engine import analyse, compile_scenario
    from gapcli.engine.compare import compare

    if not sets:
        raise typer.BadParameter(
            "name at least one change, e.g. --set iran.capability=2", param_hint="'--set'"
        )
    changed = load(path, sets)  # first: file and --set problems are reported together
    files = load(path, note_choice=False)
    before = analyse(compile_scenario(files.scenario))
    after = analyse(compile_scenario(changed.scenario))
    found = compare(files.scenario, changed.scenario, before, after)
    result = {"files": scenario_json(files.scenario), **changes_json(found)}
    report = Report(
        "whatif",
        result,
        changed.scenario,
        _summary(found, len(before.issues)),
        changes_tables(found),
        warnings=changed.warnings,
    )
    emit(report, output_format(fmt, as_json), cut=not show_all)


def _summary(d: Diff, issue_count: int) -> str:
    opened = named(d.left_deadlock)
    closed = named(d.entered_deadlock)
    moved = [c.issue for c in d.issues if c.issue not in d.left_deadlock + d.entered_deadlock]
    widest = ""
    if d.gaps and d.gaps[0].delta is not None:
        g = d.gaps[0]
        widest = f" Largest gap change: {g.a}-{g.b} {g.delta:+.3f}."
    return (
        f"Deadlocks broken: {opened}. New deadlocks: {closed}. "
        f"Other issues whose blockers, bridge or moves change: {named(moved)} "
        f"(of {issue_count}).{widest}"
    )
