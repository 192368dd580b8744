"""Blocs by scipy against the clustering gapcli had before (tests/old_clusters.py) and
against the definition of average linkage, on seeded random gap matrices."""

from __future__ import annotations

import itertools

import numpy as np
import old_clusters
import pytest

from gapcli.engine import clusters
from gapcli.engine.clusters import Blocs, cluster

SEEDS = range(80)


def random_gaps(rng: np.random.Generator, n: int, grid: int = 0) -> np.ndarray:
    """A symmetric G with zero diagonal, some pairs undefined (nan); with ``grid``, values
    on a grid of that many steps, so that ties are common."""
    g = rng.random((n, n))
    if grid:
        g = np.round(g * grid) / grid
    g = np.triu(g, 1)
    g = g + g.T
    undefined = np.triu(rng.random((n, n)) < 0.1, 1)
    g[undefined | undefined.T] = np.nan
    np.fill_diagonal(g, 0.0)
    return g


def same_description(got: Blocs, want: old_clusters.Blocs) -> None:
    assert got.blocs == want.blocs
    assert got.internal == pytest.approx(want.internal, abs=1e-12)
    np.testing.assert_allclose(got.between, want.between, atol=1e-12)
    assert len(got.bridges) == len(want.bridges)
    for mine, theirs in zip(got.bridges, want.bridges, strict=True):
        assert (mine.bloc, mine.other, mine.member) == (theirs.bloc, theirs.other, theirs.member)
        assert mine.gap == pytest.approx(theirs.gap, abs=1e-12)
        assert got.bridge(mine.bloc, mine.other) == mine


@pytest.mark.parametrize("seed", SEEDS)
def test_the_same_as_the_old_clustering_without_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 14))
    g = random_gaps(rng, n)
    threshold = float(rng.choice([0.0, 0.2, 0.3, 0.5, 1.0]))
    want = old_clusters.cluster(g, threshold)
    got = cluster(g, threshold)
    assert [(m.a, m.b) for m in got.merges] == [(m.a, m.b) for m in want.merges]
    heights = [m.height for m in want.merges]
    assert [m.height for m in got.merges] == pytest.approx(heights, abs=1e-12)
    same_description(got, want)


@pytest.mark.parametrize("seed", SEEDS[:30])
def test_above_the_limit_the_order_is_the_old_one(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clusters, "OPTIMAL_ORDER_LIMIT", 0)
    rng = np.random.default_rng(seed)
    g = random_gaps(rng, int(rng.integers(2, 14)))
    assert cluster(g, 0.3).order == old_clusters.cluster(g, 0.3).order


def adjacent(g: np.ndarray, order: tuple[int, ...]) -> float:
    d = np.where(np.isnan(g), 1.0, g)
    return float(sum(d[a, b] for a, b in itertools.pairwise(order)))


@pytest.mark.parametrize("seed", SEEDS[:30])
def test_the_optimal_order_keeps_blocs_together_and_neighbours_close(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 14))
    g = random_gaps(rng, n)
    got = cluster(g, 0.3)
    assert sorted(got.order) == list(range(n)) and got.order[0] < got.order[-1]
    where = {p: k for k, p in enumerate(got.order)}
    for members in got.blocs:
        spots = sorted(where[p] for p in members)
        assert spots == list(range(spots[0], spots[0] + len(members)))
    assert adjacent(g, got.order) <= adjacent(g, old_clusters.cluster(g, 0.3).order) + 1e-12


def mean_gap(d: np.ndarray, x: tuple[int, ...], y: tuple[int, ...]) -> float:
    return float(np.mean([d[a, b] for a in x for b in y]))


@pytest.mark.parametrize("seed", SEEDS)
def test_with_ties_every_merge_is_a_closest_pair(seed: int) -> None:
    """With ties the order of tied merges is scipy's (docs/model.md), but the dendrogram is
    still average linkage: each merge joins two groups at the least mean distance of any
    two groups at that step, at that height, and the blocs are its cut."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 12))
    g = random_gaps(rng, n, grid=4)
    d = np.where(np.isnan(g), 1.0, g)
    got = cluster(g, 0.5)
    groups: set[tuple[int, ...]] = {(p,) for p in range(n)}
    for merge in got.merges:
        assert merge.a in groups and merge.b in groups and merge.a[0] < merge.b[0]
        least = min(mean_gap(d, x, y) for x, y in itertools.combinations(groups, 2))
        assert merge.height == pytest.approx(mean_gap(d, merge.a, merge.b), abs=1e-12)
        assert merge.height == pytest.approx(least, abs=1e-12)
        groups -= {merge.a, merge.b}
        groups.add(tuple(sorted(merge.a + merge.b)))
    joined = {tuple(sorted(m.a + m.b)) for m in got.merges if m.height <= 0.5 + 1e-12}
    for bloc in got.blocs:
        assert len(bloc) == 1 or bloc in joined


def test_one_party_and_none() -> None:
    one = cluster(np.zeros((1, 1)), 0.3)
    assert one.blocs == ((0,),) and one.order == (0,) and one.internal == (None,)
    assert one.merges == () and len(one.bridges) == 0
    none = cluster(np.zeros((0, 0)), 0.3)
    assert none.blocs == () and none.order == () and list(none.bridges) == []


def test_bridges_read_as_a_sequence() -> None:
    g = random_gaps(np.random.default_rng(5), 9)
    found = cluster(g, 0.4)
    listed = list(found.bridges)
    assert len(listed) == len(found.blocs) * (len(found.blocs) - 1) > 0
    assert [found.bridges[k] for k in range(len(listed))] == listed
    assert found.bridges[-1] == listed[-1] and list(found.bridges[1:3]) == listed[1:3]
    with pytest.raises(IndexError):
        found.bridges[len(listed)]
