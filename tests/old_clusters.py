"""The clustering gapcli had before it used scipy (commit 28a053b), kept as the oracle of
tests/test_clusters.py: average linkage merging the closest pair of groups one step at a
time (ties within 1e-12 to the groups first in party order), and every bloc statistic
computed straight from its definition.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from gapcli.engine.clusters import Bridge, Merge  # the same records as the engine's

Floats = npt.NDArray[np.float64]

TIE = 1e-12  # heights this close are equal (ties go to the clusters first in party order)


@dataclass(frozen=True, slots=True)
class Blocs:
    threshold: float
    blocs: tuple[tuple[int, ...], ...]  # ordered by their first member
    internal: tuple[float | None, ...]  # mean G within each bloc (None: one party)
    between: Floats  # (B, B) mean G between blocs, nan where undefined, 0 on the diagonal
    bridges: tuple[Bridge, ...]  # for every ordered pair of blocs
    merges: tuple[Merge, ...]  # the whole dendrogram, lowest first
    order: tuple[int, ...]  # parties in dendrogram order: each bloc's members together


def _mean(values: Floats) -> float | None:
    known = values[~np.isnan(values)]
    return float(known.mean()) if known.size else None


def cluster(gap: Floats, threshold: float) -> Blocs:
    n = gap.shape[0]
    dist = np.where(np.isnan(gap), 1.0, gap)
    np.fill_diagonal(dist, 0.0)
    clusters: list[tuple[int, ...]] = [(p,) for p in range(n)]
    between = dist.copy()  # cluster x cluster average linkage, in the order of ``clusters``
    trees: dict[tuple[int, ...], tuple[int, ...]] = {(p,): (p,) for p in range(n)}
    merges: list[Merge] = []
    blocs: list[tuple[int, ...]] | None = None
    while len(clusters) > 1:
        size = len(clusters)
        masked = between + np.diag(np.full(size, np.inf))
        low = masked.min()
        i, j = divmod(int(np.argmax(masked.ravel() <= low + TIE)), size)
        i, j = min(i, j), max(i, j)
        a, b = clusters[i], clusters[j]
        if blocs is None and low > threshold + TIE:
            blocs = list(clusters)
        merges.append(Merge(a, b, float(low)))
        merged = tuple(sorted(a + b))
        trees[merged] = trees.pop(a) + trees.pop(b)  # leaf order: a's leaves, then b's
        row = (len(a) * between[i] + len(b) * between[j]) / (len(a) + len(b))
        keep = [k for k in range(size) if k not in (i, j)]
        clusters = [clusters[k] for k in keep] + [merged]
        between = np.vstack(
            [
                np.hstack([between[np.ix_(keep, keep)], row[keep, None]]),
                np.append(row[keep], 0.0)[None],
            ]
        )
        order = sorted(range(len(clusters)), key=lambda k: clusters[k][0])
        clusters = [clusters[k] for k in order]
        between = between[np.ix_(order, order)]
    if blocs is None:
        blocs = list(clusters)
    blocs.sort(key=lambda members: members[0])
    return _describe(gap, threshold, tuple(blocs), tuple(merges), trees)


def _describe(
    gap: Floats,
    threshold: float,
    blocs: tuple[tuple[int, ...], ...],
    merges: tuple[Merge, ...],
    trees: dict[tuple[int, ...], tuple[int, ...]],
) -> Blocs:
    internal = tuple(
        _mean(gap[np.ix_(m, m)][np.triu_indices(len(m), 1)]) if len(m) > 1 else None for m in blocs
    )
    count = len(blocs)
    between = np.zeros((count, count))
    bridges: list[Bridge] = []
    for x, mine in enumerate(blocs):
        for y, theirs in enumerate(blocs):
            if x == y:
                continue
            block = gap[np.ix_(mine, theirs)]
            mean = _mean(block)
            between[x, y] = np.nan if mean is None else mean
            per_member = [_mean(block[k]) for k in range(len(mine))]
            known = [(g, k) for k, g in enumerate(per_member) if g is not None]
            if known:
                g, k = min(known)
                bridges.append(Bridge(x, y, mine[k], g))
            else:
                bridges.append(Bridge(x, y, mine[0], None))
    # dendrogram order of the whole tree, cut into the blocs: each bloc's members together
    full = next(iter(trees.values())) if len(trees) == 1 else tuple(p for m in blocs for p in m)
    rank = {p: n for n, p in enumerate(full)}
    ordered = sorted(blocs, key=lambda m: min(rank[p] for p in m))
    order = tuple(p for m in ordered for p in sorted(m, key=rank.__getitem__))
    between.setflags(write=False)
    return Blocs(threshold, blocs, internal, between, tuple(bridges), merges, order)
