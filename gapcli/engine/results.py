"""What the engine returns: plain frozen data, in the scenario's units and order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import overload

import numpy as np
import numpy.typing as npt

from gapcli.model import IssueKind


class Status(StrEnum):
    AGREEMENT = "agreement"
    DEADLOCK = "deadlock"


@dataclass(frozen=True, slots=True)
class Move:
    """What the bridge asks of one party on one issue.

    ``distance`` is how far the bridge lies outside what the party accepts, in [0, 1]: for a
    scale issue dist(x, A_p) / W; for a choice issue 1 if the bridge is not an option it
    accepts, else 0; for a set issue the share of the issue's options on which the bridge
    goes against the party. ``concedes`` names those options (set issues only).
    """

    party: str
    distance: float
    weighted: float  # capability * salience * distance
    concedes: tuple[str, ...] = ()

    @property
    def must_move(self) -> bool:
        return self.distance > 0


class Moves(Sequence[Move]):
    """The moves of an issue's parties, kept as arrays and made :class:`Move` objects only
    when read (a scenario of thousands of issues has a move per stance; most commands read
    only the totals). Compares equal to a tuple of the same moves."""

    __slots__ = ("_ids", "_parties", "_distance", "_weighted")

    def __init__(
        self,
        ids: Sequence[str],
        parties: npt.NDArray[np.intp],
        distance: npt.NDArray[np.float64],
        weighted: npt.NDArray[np.float64],
    ) -> None:
        self._ids, self._parties = ids, parties
        self._distance, self._weighted = distance, weighted

    def __len__(self) -> int:
        return len(self._parties)

    @overload
    def __getitem__(self, index: int) -> Move: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Move, ...]: ...

    def __getitem__(self, index: int | slice) -> Move | tuple[Move, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        n = range(len(self))[index]  # an IndexError past the end, as a tuple gives
        return Move(
            self._ids[int(self._parties[n])], float(self._distance[n]), float(self._weighted[n])
        )

    def __iter__(self) -> Iterator[Move]:
        ids = self._ids
        for p, d, w in zip(
            self._parties.tolist(), self._distance.tolist(), self._weighted.tolist(), strict=True
        ):
            yield Move(ids[p], d, w)

    def moving(self, limit: int) -> tuple[tuple[Move, ...], int]:
        """The moves above 0 (the parties that must move), at most ``limit`` of them: the
        largest weighted ones (ties: party order), kept in party order; and how many there
        are in all."""
        moved = np.flatnonzero(self._distance > 0)
        total = len(moved)
        if total > limit:
            largest = np.argsort(-self._weighted[moved], kind="stable")[:limit]
            moved = moved[np.sort(largest)]
        return tuple(self[n] for n in moved.tolist()), total

    def must_move_count(self) -> int:
        """How many of the parties must move (a distance above 0)."""
        return int(np.count_nonzero(self._distance > 0))

    def total(self) -> float:
        """The sum of the weighted moves, added in order (as ``sum`` of the moves would)."""
        return float(sum(self._weighted.tolist()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Moves | tuple):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Moves({tuple(self)!r})"


@dataclass(frozen=True, slots=True)
class Contest:
    """One option of a set issue that some party requires and another rejects."""

    option: str
    requirers: tuple[str, ...]
    rejecters: tuple[str, ...]
    require_weight: float  # sum of capability * salience of the requirers
    reject_weight: float
    blockers: tuple[str, ...]  # the lighter side (both on a tie)
    include: bool  # what the bridge does with the option


@dataclass(frozen=True, slots=True)
class IssueResult:
    """One issue across the parties with a stance on it.

    ``zone`` is the zone of agreement: ``(lo, hi)`` for a scale issue, the options every party
    accepts for a choice issue, the options to include for a set issue (``zone_exclude`` the
    options to leave out); ``None`` when it is empty. ``support_point`` (scale and choice
    issues) is the point with the most capability-weighted support, ``support`` that support.
    ``bridge`` is a number (scale), an option id (choice) or the included option ids (set).
    """

    issue: str
    kind: IssueKind
    status: Status
    parties: tuple[str, ...]
    zone: tuple[float, float] | tuple[str, ...] | None
    zone_exclude: tuple[str, ...] | None
    support_point: float | str | None
    support: float | None
    blockers: tuple[str, ...]
    bridge: float | str | tuple[str, ...] | None
    moves: Sequence[Move]  # a tuple, or Moves (the same, made on reading)
    concession: float  # sum of the moves' weighted distances
    contests: tuple[Contest, ...] = ()  # set issues only

    @property
    def severity(self) -> float:
        """How hard the deadlock is: the weighted concession the bridge needs (0 if none)."""
        return self.concession if self.status is Status.DEADLOCK else 0.0


@dataclass(frozen=True, slots=True)
class PairIssue:
    """Two parties on one issue where both have a stance."""

    issue: str
    distance: float
    compatible: bool
    hard_gap: float | None  # scale issues only: the gap between accepted intervals / W
    weight: float  # (s_a + s_b) / 2


@dataclass(frozen=True, slots=True)
class Gaps:
    """The pair-gap matrix G, ``nan`` where two parties share no issue.

    ``shared[a, b]`` counts the issues where both have a stance, ``deadlocks[a, b]`` those
    where they are incompatible. The matrices are read-only. ``deadlock_issues`` (when asked
    for) maps each pair ``(a, b)`` with ``a < b`` and a deadlock to the positions in
    ``scenario.issues`` of its deadlocked issues; it computes a pair's list when looked up
    (``engine.apart.PairDeadlocks``, whose ``row(a)`` gives one party's pairs at once).
    """

    parties: tuple[str, ...]
    gap: npt.NDArray[np.float64]
    shared: npt.NDArray[np.int64]
    deadlocks: npt.NDArray[np.int64]
    deadlock_issues: Mapping[tuple[int, int], tuple[int, ...]] | None = None

    def value(self, a: int, b: int) -> float | None:
        g = float(self.gap[a, b])
        return None if np.isnan(g) else g

    def most_distant(self, count: int) -> tuple[tuple[int, int], ...]:
        """The ``count`` pairs ``(a, b)``, ``a < b``, with the largest defined gaps, largest
        first (ties in pair order), without listing every pair."""
        return _extreme_pairs(self.gap, count, largest=True)

    def closest(self, count: int) -> tuple[tuple[int, int], ...]:
        """The ``count`` pairs with the smallest defined gaps, smallest first (ties in pair
        order)."""
        return _extreme_pairs(self.gap, count, largest=False)


ROW_CELLS = 1_000_000  # gap values examined at once by _extreme_pairs


def _extreme_pairs(
    gap: npt.NDArray[np.float64], count: int, *, largest: bool
) -> tuple[tuple[int, int], ...]:
    """The upper triangle's defined values, a block of rows at a time; a running best
    ``count`` is kept, ordered by value and then by pair (a lexsort), so ties at the cut
    keep the pairs that come first."""
    n = gap.shape[0]
    if count <= 0 or n < 2:
        return ()
    keep_a = np.zeros(0, dtype=np.int64)
    keep_b = np.zeros(0, dtype=np.int64)
    keep_v = np.zeros(0)
    step = max(1, ROW_CELLS // n)
    for r0 in range(0, n - 1, step):
        r1 = min(n - 1, r0 + step)
        block = gap[r0:r1]
        cols = np.arange(n)[None]
        wanted = (cols > np.arange(r0, r1)[:, None]) & ~np.isnan(block)
        a, b = np.nonzero(wanted)
        values = block[a, b] if largest else -block[a, b]
        if len(values) > count:  # only what could make the cut (every tie at it included)
            cut = np.partition(values, len(values) - count)[len(values) - count]
            chosen = values >= cut
            a, b, values = a[chosen], b[chosen], values[chosen]
        keep_a = np.concatenate([keep_a, a + r0])
        keep_b = np.concatenate([keep_b, b])
        keep_v = np.concatenate([keep_v, values])
        order = np.lexsort((keep_b, keep_a, -keep_v))[:count]
        keep_a, keep_b, keep_v = keep_a[order], keep_b[order], keep_v[order]
    return tuple(zip(keep_a.tolist(), keep_b.tolist(), strict=True))


@dataclass(frozen=True, slots=True)
class Analysis:
    gaps: Gaps
    issues: tuple[IssueResult, ...]  # in the scenario's issue order
