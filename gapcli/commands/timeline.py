from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gapcli.analyses.records import Cell, Names, Report, Table, scenario_json
from gapcli.commands._common import AllOpt, FormatOpt, JsonOpt, output_format, path_value
from gapcli.render.output import Format, emit, note

if TYPE_CHECKING:
    from gapcli.engine.timeline import Timeline
    from gapcli.errors import Diagnostic
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
) -> None:
    """How the talks moved over time: snapshots ordered by their as_of date.

    For each pair of parties, its gap in every snapshot (a sparkline from 0 to 1 in the
    terminal, the numbers in JSON and CSV) and the change from first to last; for each
    issue, its status in every snapshot; and the deadlock count per snapshot.

    Example: gapcli timeline positions/syria-2017-03 positions/syria-2017-05
    """
    from gapcli.engine import analyse
    from gapcli.engine.timeline import build

    loaded = _load_all(paths or [])
    runs = [(one.scenario, analyse(one.scenario)) for one in loaded]
    found = build(runs)
    warnings = tuple(w for one in loaded for w in one.warnings)
    emit(_report(found, warnings), output_format(fmt, as_json), cut=not show_all)


def _load_all(paths: list[Path]) -> list[Loaded]:
    """Every snapshot named (folders of scenarios expanded), loaded and sorted by date; all
    problems of all snapshots are reported together."""
    from gapcli.errors import InputError, Location
    from gapcli.io.discover import DEFAULT_DIR, choose, passed_over, survey
    from gapcli.io.folder import scenario_file
    from gapcli.io.loader import load_scenario

    if not paths and not DEFAULT_DIR.is_dir():
        choose(None)  # says how to name a scenario
    chosen: list[Path] = []
    for path in paths or [DEFAULT_DIR]:
        inside, other = survey(path) if path.is_dir() and scenario_file(path) is None else ([], [])
        if inside and other:
            note(passed_over(path, other))
        chosen += [c.path for c in inside] or [choose(path).path]
    loaded: list[Loaded] = []
    problems: list[Diagnostic] = []
    seen: set[Path] = set()  # a scenario named twice, under any spelling, counts once
    for path in chosen:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        try:
            one = load_scenario(path)
        except InputError as exc:
            problems += exc.diagnostics
            continue
        if one.scenario.as_of is None:
            problems += InputError.at(
                Location(one.scenario.path),
                "no as_of date: a timeline orders its snapshots by date "
                "(add 'as_of: YYYY-MM-DD' to the scenario)",
            ).diagnostics
        loaded.append(one)
    if problems:
        raise InputError(problems)
    return sorted(loaded, key=lambda one: one.scenario.as_of or "")


def _report(t: Timeline, warnings: tuple[Diagnostic, ...]) -> Report:
    from gapcli.analyses.figures import sparkline
    from gapcli.analyses.views import num
    from gapcli.commands.validate import plural

    dates = [s.scenario.as_of or "" for s in t.snapshots]
    labels = _labels(t)
    result: dict[str, Any] = {
        "snapshots": [
            {
                **scenario_json(s.scenario),
                "parties": list(s.parties),
                "deadlocks": len(s.deadlocks),
                "deadlocked": list(s.deadlocks),
            }
            for s in t.snapshots
        ],
        "pairs": [
            {
                "a": p.key[0],
                "b": p.key[1],
                "gaps": [num(v) if isinstance(v, float) else None for v in p.values],
                "change": num(p.change),
            }
            for p in t.pairs
        ],
        "issues": [{"issue": i.key[0], "status": list(i.values)} for i in t.issues],
    }
    ordered = sorted(t.pairs, key=lambda p: (p.change is None, -abs(p.change or 0.0)))
    numbers: list[tuple[Cell, ...]] = [
        (*p.key, *(_gap(v) for v in p.values), num(p.change)) for p in ordered
    ]
    pair_rows: list[tuple[Cell, ...]] = [
        (
            f"{p.key[0]} / {p.key[1]}",
            sparkline([v if isinstance(v, float) else None for v in p.values]),
            *(_gap(v) for v in p.values),
            "-" if p.change is None else f"{p.change:+.3f}",
        )
        for p in ordered
    ]
    counts = [len(s.deadlocks) for s in t.snapshots]
    tables = (
        Table(
            "Pair gaps over time, largest change first",
            ("pair", "trend", *labels, "change"),
            tuple(pair_rows),
            note="trend: one bar per snapshot on a fixed 0 (▁) to 1 (█) scale; · not present.",
        ),
        Table(
            "Issue status by snapshot",
            ("issue", *labels),
            tuple((i.key[0], *(str(v) if v else "-" for v in i.values)) for i in t.issues),
        ),
        Table(
            "Snapshots",
            ("as of", "scenario", "parties", "deadlocks", "deadlocked issues"),
            tuple(
                (
                    s.scenario.as_of,
                    s.scenario.path,
                    len(s.parties),
                    len(s.deadlocks),
                    Names(s.deadlocks, "none"),
                )
                for s in t.snapshots
            ),
        ),
    )
    csv_table = Table("Pair gaps", ("a", "b", *labels, "change"), tuple(numbers))
    summary = (
        f"{plural(len(t.snapshots), 'snapshot')} from {dates[0]} to {dates[-1]}; deadlocks per "
        "snapshot: "
        f"{' -> '.join(str(c) for c in counts)}."
    )
    latest = t.snapshots[-1].scenario
    return Report("timeline", result, latest, summary, tables, warnings=warnings, csv=csv_table)


def _labels(t: Timeline) -> list[str]:
    """Column names for the snapshots: their dates, made unique when two share a date."""
    dates = [s.scenario.as_of or "" for s in t.snapshots]
    return [
        d if dates.count(d) == 1 else f"{d} ({s.scenario.path})"
        for d, s in zip(dates, t.snapshots, strict=True)
    ]


def _gap(value: float | str | None) -> float | None:
    from gapcli.analyses.views import num

    return num(value) if isinstance(value, float) else None
