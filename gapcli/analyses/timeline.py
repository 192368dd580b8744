"""How the talks moved over time: snapshots of the same talks in date order, each pair's gap
and each issue's status in every snapshot, and the deadlocks per snapshot."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gapcli.analyses.records import Cell, Names, Report, Table, scenario_json

if TYPE_CHECKING:
    from gapcli.engine.timeline import Timeline
    from gapcli.io.loader import Loaded


def timeline(
    snapshots: Sequence[Loaded], *, tables: bool = True, rows: int | None = None
) -> Report:
    """The timeline of ``snapshots`` (at least one, each with an ``as_of`` date), put in
    date order (snapshots of the same date keep the order given). ``tables`` and ``rows``:
    see :mod:`gapcli.analyses` (``rows`` cuts the CSV table too)."""
    from gapcli.analyses import analysis
    from gapcli.analyses.views import num
    from gapcli.engine.timeline import build

    if not snapshots:
        raise ValueError("a timeline needs at least one snapshot")
    undated = [one.scenario.path for one in snapshots if one.scenario.as_of is None]
    if undated:
        raise ValueError(f"a timeline orders its snapshots by date; no as_of: {undated[0]}")
    ordered = sorted(snapshots, key=lambda one: one.scenario.as_of or "")
    t = build([(one.scenario, analysis(one)) for one in ordered])
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
    shown, csv_table = _tables(t, rows) if tables else ((), None)
    return Report(
        "timeline",
        result,
        t.snapshots[-1].scenario,
        _summary(t),
        shown,
        warnings=tuple(w for one in ordered for w in one.warnings),
        csv=csv_table,
    )


def _summary(t: Timeline) -> str:
    from gapcli.analyses.validate import plural

    dates = [s.scenario.as_of or "" for s in t.snapshots]
    counts = " -> ".join(str(len(s.deadlocks)) for s in t.snapshots)
    return (
        f"{plural(len(t.snapshots), 'snapshot')} from {dates[0]} to {dates[-1]}; deadlocks per "
        f"snapshot: {counts}."
    )


def _tables(t: Timeline, rows: int | None) -> tuple[tuple[Table, ...], Table]:
    """The pair gaps (largest change first), the issue statuses and the snapshots; and the
    table CSV carries (the pair gaps as numbers). The first ``rows`` of each."""
    from gapcli.analyses._rows import first
    from gapcli.analyses.figures import sparkline
    from gapcli.analyses.views import num

    labels = _labels(t)
    ordered = sorted(t.pairs, key=lambda p: (p.change is None, -abs(p.change or 0.0)))
    kept, total = first(ordered, rows)
    issues, issue_total = first(t.issues, rows)
    snapshots, snapshot_total = first(t.snapshots, rows)
    numbers: list[tuple[Cell, ...]] = [
        (*p.key, *(_gap(v) for v in p.values), num(p.change)) for p in kept
    ]
    pair_rows: list[tuple[Cell, ...]] = [
        (
            f"{p.key[0]} / {p.key[1]}",
            sparkline([v if isinstance(v, float) else None for v in p.values]),
            *(_gap(v) for v in p.values),
            "-" if p.change is None else f"{p.change:+.3f}",
        )
        for p in kept
    ]
    tables = (
        Table(
            "Pair gaps over time, largest change first",
            ("pair", "trend", *labels, "change"),
            tuple(pair_rows),
            note="trend: one bar per snapshot on a fixed 0 (▁) to 1 (█) scale; · not present.",
            total=total,
        ),
        Table(
            "Issue status by snapshot",
            ("issue", *labels),
            tuple((i.key[0], *(str(v) if v else "-" for v in i.values)) for i in issues),
            total=issue_total,
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
                for s in snapshots
            ),
            total=snapshot_total,
        ),
    )
    csv_table = Table("Pair gaps", ("a", "b", *labels, "change"), tuple(numbers), total=total)
    return tables, csv_table


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
