"""Snapshots of the same talks over time (pure: scenarios and analyses in, frozen data out).

``gapcli timeline`` shows it: each pair's gap, each issue's status and the deadlock count per
snapshot, in date order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gapcli.model import Scenario

if TYPE_CHECKING:
    from gapcli.engine import Analysis


@dataclass(frozen=True, slots=True)
class Snapshot:
    scenario: Scenario
    parties: tuple[str, ...]
    deadlocks: tuple[str, ...]  # the deadlocked issues, in the scenario's order


@dataclass(frozen=True, slots=True)
class Series:
    """One pair's gap, or one issue's status, per snapshot (``None``: not in that snapshot)."""

    key: tuple[str, ...]  # (a, b) for a pair, (issue,) for an issue
    values: tuple[float | str | None, ...]

    @property
    def change(self) -> float | None:
        """Last known gap minus first known gap (pairs only; ``None`` with under two)."""
        known = [v for v in self.values if isinstance(v, float)]
        return known[-1] - known[0] if len(known) >= 2 else None


@dataclass(frozen=True, slots=True)
class Timeline:
    snapshots: tuple[Snapshot, ...]  # in date order
    pairs: tuple[Series, ...]  # every pair of parties seen, in order of first appearance
    issues: tuple[Series, ...]  # every issue seen, with its status per snapshot


def build(runs: Sequence[tuple[Scenario, Analysis]]) -> Timeline:
    """The timeline of ``runs``, which must be in date order already."""
    parties: dict[str, None] = {}
    issues: dict[str, None] = {}
    snapshots = []
    for scenario, analysis in runs:
        parties.update(dict.fromkeys(analysis.gaps.parties))
        issues.update(dict.fromkeys(i.id for i in scenario.issues))
        stuck = tuple(r.issue for r in analysis.issues if r.status == "deadlock")
        snapshots.append(Snapshot(scenario, analysis.gaps.parties, stuck))
    ids = list(parties)
    indexes = [{p: n for n, p in enumerate(analysis.gaps.parties)} for _, analysis in runs]
    pairs = []
    for n, a in enumerate(ids):
        for b in ids[n + 1 :]:
            values = tuple(
                analysis.gaps.value(index[a], index[b]) if a in index and b in index else None
                for (_, analysis), index in zip(runs, indexes, strict=True)
            )
            pairs.append(Series((a, b), values))
    statuses = [{r.issue: str(r.status) for r in analysis.issues} for _, analysis in runs]
    return Timeline(
        tuple(snapshots),
        tuple(pairs),
        tuple(Series((i,), tuple(s.get(i) for s in statuses)) for i in issues),
    )
