"""Blocs: agglomerative clustering of the parties on the pair-gap matrix G (docs/model.md,
"Blocs").

Average linkage (UPGMA), computed by scipy (``scipy.cluster.hierarchy.linkage`` on the
condensed distances, ``fcluster`` for the cut): the distance between two clusters is the
mean of G over their member pairs; the dendrogram runs to a single cluster and the blocs
are the clusters formed by merges at most the threshold high. A pair with no shared issue
(G undefined) counts as 1, the largest gap, for the clustering; reported gaps average the
defined values only. scipy is imported here only, when blocs are asked for.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from gapcli.engine.arrays import Floats, Ints

TIE = 1e-12  # a merge this close above the threshold still counts as within it
#: Up to this many parties the heatmap order is scipy's optimal leaf ordering (neighbours
#: as close as the dendrogram allows) when it beats the dendrogram's own order; its cost
#: grows about as parties^4 (0.2 s at 500, 5 s at 1,000), so above it the own order is kept.
OPTIMAL_ORDER_LIMIT = 500
ROW_CELLS = 1_000_000  # gap values summed at once per bloc


@dataclass(frozen=True, slots=True)
class Merge:
    a: tuple[int, ...]  # party positions, in scenario order
    b: tuple[int, ...]
    height: float  # the average-linkage distance at which a and b merged


@dataclass(frozen=True, slots=True)
class Bridge:
    bloc: int
    other: int
    member: int  # the member of ``bloc`` closest, on average, to the members of ``other``
    gap: float | None


class Bridges(Sequence[Bridge]):
    """The bridge-builder of every ordered pair of blocs ``(x, y)``, ``x != y``, in the order
    x, then y. Worked out when read, a bloc's row at a time, from each party's mean gap to
    each bloc: many blocs cost no B x B table of objects."""

    __slots__ = ("_means", "_blocs", "_row")

    def __init__(self, means: Floats, blocs: tuple[tuple[int, ...], ...]) -> None:
        self._means = means  # (P, B): each party's mean defined G to each bloc, nan if none
        self._blocs = blocs
        self._row: tuple[int, list[int], list[float | None]] | None = None

    def __len__(self) -> int:
        return len(self._blocs) * (len(self._blocs) - 1)

    def _members_of(self, x: int) -> tuple[list[int], list[float | None]]:
        """Bloc x's member closest to each bloc (ties: party order), and that mean gap."""
        if self._row is None or self._row[0] != x:
            mine = np.asarray(self._blocs[x])
            values = self._means[mine]
            values = np.where(np.isnan(values), np.inf, values)
            k = np.argmin(values, axis=0)
            low = values[k, np.arange(values.shape[1])]
            gaps = [None if g == np.inf else g for g in low.tolist()]
            self._row = (x, mine[k].tolist(), gaps)
        return self._row[1], self._row[2]

    def between(self, x: int, y: int) -> Bridge:
        members, gaps = self._members_of(x)
        return Bridge(x, y, members[y], gaps[y])

    @overload
    def __getitem__(self, index: int) -> Bridge: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Bridge]: ...

    def __getitem__(self, index: int | slice) -> Bridge | Sequence[Bridge]:
        if isinstance(index, slice):
            return [self[k] for k in range(len(self))[index]]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        x, k = divmod(index % len(self), len(self._blocs) - 1)
        return self.between(x, k + (k >= x))

    def __iter__(self) -> Iterator[Bridge]:
        for x in range(len(self._blocs)):
            for y in range(len(self._blocs)):
                if x != y:
                    yield self.between(x, y)


@dataclass(frozen=True, slots=True)
class Blocs:
    threshold: float
    blocs: tuple[tuple[int, ...], ...]  # ordered by their first member
    internal: tuple[float | None, ...]  # mean G within each bloc (None: one party)
    between: Floats  # (B, B) mean G between blocs, nan where undefined, 0 on the diagonal
    bridges: Bridges  # for every ordered pair of blocs; .between(x, y) for one
    merges: tuple[Merge, ...]  # the whole dendrogram, lowest first
    order: tuple[int, ...]  # parties in dendrogram order: each bloc's members together

    def bridge(self, bloc: int, other: int) -> Bridge:
        """The bridge-builder of ``bloc`` toward ``other``."""
        return self.bridges.between(bloc, other)


def condensed(gap: Floats) -> Floats:
    """The upper triangle of G row by row (scipy's condensed form), 1 where undefined."""
    n = gap.shape[0]
    out = np.empty(n * (n - 1) // 2)
    at = 0
    for a in range(n - 1):
        out[at : at + n - 1 - a] = gap[a, a + 1 :]
        at += n - 1 - a
    out[np.isnan(out)] = 1.0
    return out


def cluster(gap: Floats, threshold: float) -> Blocs:
    n = gap.shape[0]
    if n == 0:
        nothing = np.zeros((0, 0))
        return Blocs(threshold, (), (), nothing, Bridges(nothing, ()), (), ())
    if n == 1:
        return _describe(gap, threshold, np.zeros(n, dtype=np.int64), (), tuple(range(n)))
    from scipy.cluster.hierarchy import fcluster, leaves_list, linkage, optimal_leaf_ordering

    distances = condensed(gap)
    tree = linkage(distances, method="average")
    labels = fcluster(tree, threshold + TIE, criterion="distance")
    merges, first_order = _merges(tree, n)
    order = first_order
    if n <= OPTIMAL_ORDER_LIMIT:
        best = leaves_list(optimal_leaf_ordering(tree, distances)).tolist()
        best = best if best[0] < best[-1] else best[::-1]
        # scipy's ordering is not always optimal (scipy issue 11227): keep the better one
        if _path(distances, n, best) < _path(distances, n, list(order)) - TIE:
            order = tuple(best)
    del distances, tree  # a P^2/2 vector: freed before the bloc statistics
    return _describe(gap, threshold, np.asarray(labels, dtype=np.int64), merges, order)


def _path(distances: Floats, n: int, order: list[int]) -> float:
    """The sum of the distances between neighbours in ``order``."""
    a, b = np.array(order[:-1]), np.array(order[1:])
    low, high = np.minimum(a, b), np.maximum(a, b)
    at = n * low - low * (low + 1) // 2 + high - low - 1  # position in the condensed form
    return float(distances[at].sum())


def _merges(tree: Any, n: int) -> tuple[tuple[Merge, ...], tuple[int, ...]]:
    """Each row of scipy's linkage matrix as a Merge (``a`` the group whose first member
    comes first in party order), and the leaf order that puts that group's leaves first at
    every merge."""
    members: list[tuple[int, ...]] = [(p,) for p in range(n)]
    leaves: list[tuple[int, ...]] = [(p,) for p in range(n)]
    merges: list[Merge] = []
    for left, right, height, _ in tree.tolist():
        x, y = members[int(left)], members[int(right)]
        lx, ly = leaves[int(left)], leaves[int(right)]
        if y[0] < x[0]:
            x, y, lx, ly = y, x, ly, lx
        merges.append(Merge(x, y, float(height)))
        members.append(tuple(sorted(x + y)))
        leaves.append(lx + ly)
    return tuple(merges), leaves[-1]


def _describe(
    gap: Floats,
    threshold: float,
    labels: Ints,
    merges: tuple[Merge, ...],
    order: tuple[int, ...],
) -> Blocs:
    """Blocs from the flat cluster labels, with the mean gaps within and between them and
    the bridge-builders, from per-party sums of G over each bloc (no Python loop over
    pairs)."""
    n = gap.shape[0]
    # blocs numbered by their first member: relabel in the order labels first appear
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    bloc_of = rank[inverse.reshape(-1)]
    count = len(first)
    by_bloc = np.argsort(bloc_of, kind="stable")  # parties grouped by bloc, in party order
    starts = np.searchsorted(bloc_of[by_bloc], np.arange(count))
    blocs = tuple(tuple(m.tolist()) for m in np.split(by_bloc, starts[1:]))
    # per party and bloc: the sum and count of defined G; per pair of blocs the same, added
    # up a block of rows (in bloc order) at a time
    sums, counts = np.zeros((n, count)), np.zeros((n, count), dtype=np.int32)
    bloc_sums, bloc_counts = np.zeros((count, count)), np.zeros((count, count), dtype=np.int64)
    step = max(1, ROW_CELLS // max(1, n))
    for r0 in range(0, n, step):
        rows = by_bloc[r0 : r0 + step]
        block = gap[rows][:, by_bloc]
        known = ~np.isnan(block)
        sums[rows] = part_sums = np.add.reduceat(np.where(known, block, 0.0), starts, axis=1)
        counts[rows] = part_counts = np.add.reduceat(known.astype(np.int32), starts, axis=1)
        ids, at = np.unique(bloc_of[rows], return_index=True)
        bloc_sums[ids] += np.add.reduceat(part_sums, at, axis=0)
        bloc_counts[ids] += np.add.reduceat(part_counts, at, axis=0)
    sizes = np.diff(np.append(starts, n))
    inner = np.diagonal(bloc_counts) - sizes  # ordered pairs of two members, both ways
    internal = tuple(
        float(np.diagonal(bloc_sums)[x] / inner[x]) if sizes[x] > 1 and inner[x] > 0 else None
        for x in range(count)
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        between = np.divide(bloc_sums, bloc_counts, out=bloc_sums)
        means = np.divide(sums, counts, out=sums)  # (P, B)
    between[bloc_counts == 0] = np.nan
    means[counts == 0] = np.nan
    np.fill_diagonal(between, 0.0)
    between.setflags(write=False)
    return Blocs(threshold, blocs, internal, between, Bridges(means, blocs), merges, order)


def central_members(gap: Floats, found: Blocs, limit: int) -> tuple[int, ...]:
    """``limit`` parties to stand for all (a heatmap of thousands of parties cannot be
    drawn), in dendrogram order: seats go one per bloc, largest blocs first,
    then to the bloc with the most members per seat (D'Hondt); each bloc fills its seats
    with the members of smallest mean defined gap to the rest of the bloc (ties: party
    order)."""
    sizes = [len(m) for m in found.blocs]
    seats = [0] * len(sizes)
    for x in sorted(range(len(sizes)), key=lambda x: (-sizes[x], x))[:limit]:
        seats[x] = 1
    queue = [(-sizes[x] / 2, x) for x in range(len(sizes)) if seats[x] and sizes[x] > 1]
    heapq.heapify(queue)
    for _ in range(limit - sum(seats)):
        if not queue:
            break
        _, x = heapq.heappop(queue)
        seats[x] += 1
        if seats[x] < sizes[x]:
            heapq.heappush(queue, (-sizes[x] / (seats[x] + 1), x))
    chosen: list[int] = []
    for x, members in enumerate(found.blocs):
        if seats[x]:
            chosen += _most_central(gap, np.asarray(members), seats[x])
    rank = {p: k for k, p in enumerate(found.order)}
    return tuple(sorted(chosen, key=rank.__getitem__))


def _most_central(gap: Floats, members: Ints, count: int) -> list[int]:
    if count >= len(members):
        return [int(p) for p in members]
    means = np.empty(len(members))
    step = max(1, ROW_CELLS // len(members))
    for r0 in range(0, len(members), step):
        block = gap[members[r0 : r0 + step]][:, members]
        known = ~np.isnan(block)
        known[np.arange(len(block)), np.arange(r0, r0 + len(block))] = False  # itself
        total = np.where(known, block, 0.0).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            means[r0 : r0 + step] = np.where(known.any(axis=1), total / known.sum(axis=1), 1.0)
    best = np.lexsort((members, means))[:count]
    return [int(p) for p in members[best]]
