"""Pairs of parties: distance, compatibility and hard gap per issue, and the gap matrix G.

One function per issue kind computes, for party index arrays ``a`` (rows) and ``b``
(columns) and a slice of that kind's issues, arrays of shape ``(len(a), len(b), issues)``.
The gap matrix runs them over chunks of issues, so memory stays bounded however many
issues there are, with no Python loop over pairs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from gapcli.engine.arrays import Bools, ChoiceBlock, Compiled, Floats, Ints, ScaleBlock, SetBlock
from gapcli.engine.results import Gaps, PairIssue

CHUNK_ELEMENTS = 2_000_000  # elements of one (a, b, issue[, option]) working array


@dataclass(frozen=True, slots=True)
class PairBlock:
    """Pair arrays over one slice of one kind's issues, shape (A, B, k)."""

    shared: Bools  # both have a stance
    distance: Floats  # 0 where not shared
    compatible: Bools  # True where not shared
    weight: Floats  # (s_a + s_b) / 2, 0 where not shared
    hard_gap: Floats | None  # scale issues only


def scale_pairs(block: ScaleBlock, a: Ints, b: Ints, j: slice) -> PairBlock:
    shared = block.mask[a, None, j] & block.mask[None, b, j]
    width = block.width[j]
    x = block.position[:, j]
    distance = np.abs(x[a, None] - x[None, b]) / width * shared
    lo, hi = block.lo[:, j], block.hi[:, j]
    gap = np.maximum(lo[a, None], lo[None, b]) - np.minimum(hi[a, None], hi[None, b])
    hard = np.maximum(gap, 0.0) / width * shared
    s = block.salience[:, j]
    weight = (s[a, None] + s[None, b]) / 2 * shared
    return PairBlock(shared, distance, ~shared | (gap <= 0), weight, hard)


def choice_pairs(block: ChoiceBlock, a: Ints, b: Ints, j: slice) -> PairBlock:
    shared = block.mask[a, None, j] & block.mask[None, b, j]
    acc = block.accepts[:, j]
    pref = np.maximum(block.prefers[:, j], 0)  # masked entries are cleared by `shared`
    issues = np.arange(acc.shape[1])
    a_takes_b = acc[a[:, None, None], issues[None, None, :], pref[b][None, :, :]]
    b_takes_a = acc[b[None, :, None], issues[None, None, :], pref[a][:, None, :]]
    same = pref[a, None] == pref[None, b]
    distance = np.where(same, 0.0, 1.0 - (a_takes_b + b_takes_a.astype(np.float64)) / 2)
    common = (acc[a, None] & acc[None, b]).any(axis=-1)
    s = block.salience[:, j]
    weight = (s[a, None] + s[None, b]) / 2 * shared
    return PairBlock(shared, distance * shared, ~shared | common, weight, None)


def set_pairs(block: SetBlock, a: Ints, b: Ints, j: slice) -> PairBlock:
    shared = block.mask[a, None, j] & block.mask[None, b, j]
    req, rej = block.require[:, j], block.reject[:, j]
    clash = (req[a, None] & rej[None, b]) | (rej[a, None] & req[None, b])
    either = req[a, None] | rej[a, None] | req[None, b] | rej[None, b]
    conflicts = clash.sum(axis=-1)
    union = either.sum(axis=-1)
    distance = np.divide(conflicts, union, out=np.zeros(conflicts.shape), where=union > 0)
    s = block.salience[:, j]
    weight = (s[a, None] + s[None, b]) / 2 * shared
    return PairBlock(shared, distance * shared, ~shared | (conflicts == 0), weight, None)


def _chunks(issues: int, pairs: int, options: int) -> list[slice]:
    step = max(1, CHUNK_ELEMENTS // max(1, pairs * max(1, options)))
    return [slice(start, start + step) for start in range(0, issues, step)]


def _blocks(
    c: Compiled, a: Ints, b: Ints, *, choice: bool = True
) -> Iterator[tuple[PairBlock, Ints]]:
    """Every kind's pair arrays for rows ``a`` and columns ``b``, one chunk at a time, with
    the chunk's issues as positions in ``scenario.issues`` (choice issues left out unless
    ``choice``)."""
    pairs = len(a) * len(b)
    for j in _chunks(len(c.scale.issues), pairs, 1):
        yield scale_pairs(c.scale, a, b, j), c.scale.index[j]
    for j in _chunks(len(c.choice.issues), pairs, c.choice.accepts.shape[-1]) if choice else ():
        yield choice_pairs(c.choice, a, b, j), c.choice.index[j]
    for j in _chunks(len(c.sets.issues), pairs, c.sets.require.shape[-1]):
        yield set_pairs(c.sets, a, b, j), c.sets.index[j]


def gap_matrix(c: Compiled, *, deadlock_lists: bool = False) -> Gaps:
    """G_ab = sum_i w_i d_i / sum_i w_i over the issues both have a stance on.

    Where the shared issues' weights sum to 0 (every salience 0) G is the plain mean of d;
    where no issue is shared G is ``nan`` (shown as a dash, JSON null). With
    ``deadlock_lists``, also each pair's deadlocked issues, gathered in the same pass
    (they can be many: P^2/2 pairs x I issues at worst).
    """
    n = len(c.party_ids)
    everyone = np.arange(n)
    blocks = (c.scale, c.choice, c.sets)
    mask = np.concatenate([b.mask for b in blocks], axis=1).astype(np.float64)
    salience = np.concatenate([b.salience for b in blocks], axis=1)
    shared = np.rint(mask @ mask.T).astype(np.int64)
    half = salience @ mask.T / 2
    weights = half + half.T
    weighted = np.zeros((n, n))
    deadlocks = np.zeros((n, n), dtype=np.int64)
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)[:, :, None]
    found: list[tuple[Ints, Ints, Ints]] = []
    for block, issues in _blocks(c, everyone, everyone, choice=False):
        weighted += np.einsum("abi,abi->ab", block.weight, block.distance)
        deadlocks += np.count_nonzero(~block.compatible, axis=-1)
        if deadlock_lists:
            a, b, i = np.nonzero(~block.compatible & upper)
            found.append((a, b, issues[i]))
    choice = _choice_totals(c.choice, deadlock_lists)
    weighted += choice.weighted
    deadlocks += choice.deadlocks
    found += choice.found
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = weighted / weights
    unweighted = (weights <= 0) & (shared > 0)
    if unweighted.any():
        plain = choice.plain.copy()
        for block, _ in _blocks(c, everyone, everyone, choice=False):
            plain += block.distance.sum(axis=-1)
        gap = np.where(unweighted, plain / np.maximum(shared, 1), gap)
    gap = np.where(shared > 0, np.clip(gap, 0.0, 1.0), np.nan)
    np.fill_diagonal(gap, 0.0)
    for array in (gap, shared, deadlocks):
        array.setflags(write=False)
    lists = _by_pair(found) if deadlock_lists else None
    return Gaps(c.party_ids, gap, shared, deadlocks, lists)


@dataclass(frozen=True, slots=True)
class _Totals:
    weighted: Floats  # (P, P) sum over issues of w * d
    plain: Floats  # (P, P) sum over shared issues of d
    deadlocks: Ints  # (P, P) shared issues with nothing accepted in common
    found: list[tuple[Ints, Ints, Ints]]  # (a, b, issue) of those, a < b


def _choice_totals(block: ChoiceBlock, deadlock_lists: bool) -> _Totals:
    """The choice issues' part of G without a (P, P, I, K) array.

    With t_abi = [a accepts b's preferred option] (1 for both when they prefer the same),
    d = 1 - (t_ab + t_ba) / 2, so sum_i w d = sum_i w - (T_ab + T_ba) / 2 where
    T_ab = sum_i w_abi t_abi = sum_{i,k} (s_ai + s_bi) / 2 * A_aik * E_bik (A accepted,
    E preferred, one-hot): two matrix products. Compatibility (an option both accept) is a
    bitwise AND of packed accepted sets, one party against all at a time.
    """
    n, issues, _ = block.accepts.shape
    zeros = np.zeros((n, n))
    if not issues:
        return _Totals(zeros, zeros.copy(), np.zeros((n, n), dtype=np.int64), [])
    mask = block.mask.astype(np.float64)
    s = block.salience * mask
    accepted = block.accepts.reshape(n, -1).astype(np.float64)
    one_hot = np.zeros(block.accepts.shape)
    p, i = np.nonzero(block.mask)
    one_hot[p, i, block.prefers[p, i]] = 1.0
    preferred = one_hot.reshape(n, -1)
    per_option = np.repeat(s, block.accepts.shape[2], axis=1)
    t = 0.5 * ((per_option * accepted) @ preferred.T + accepted @ (per_option * preferred).T)
    weights = (s @ mask.T + mask @ s.T) / 2
    weighted = weights - (t + t.T) / 2
    u = accepted @ preferred.T  # unweighted: sum over shared issues of t_ab
    plain = mask @ mask.T - (u + u.T) / 2
    packed = np.packbits(block.accepts, axis=2, bitorder="little")
    deadlocks = np.zeros((n, n), dtype=np.int64)
    found: list[tuple[Ints, Ints, Ints]] = []
    for a in range(n):
        common = (packed[a][None] & packed).any(axis=2)
        apart = ~common & block.mask[a][None] & block.mask
        deadlocks[a] = apart.sum(axis=1)
        if deadlock_lists:
            b, k = np.nonzero(apart[a + 1 :])
            found.append((np.full(len(b), a, dtype=np.int64), b + a + 1, block.index[k]))
    return _Totals(weighted, plain, deadlocks, found)


def _by_pair(found: list[tuple[Ints, Ints, Ints]]) -> dict[tuple[int, int], tuple[int, ...]]:
    """(a, b, issue) triples grouped by pair, issues in the scenario's order."""
    if not found:
        return {}
    a, b, i = (np.concatenate(parts) for parts in zip(*found, strict=True))
    if not len(a):
        return {}
    order = np.lexsort((i, b, a))
    a, b, i = a[order], b[order], i[order]
    cuts = np.flatnonzero((np.diff(a) != 0) | (np.diff(b) != 0)) + 1
    starts = np.concatenate([[0], cuts]).astype(np.int64)
    groups = np.split(i, cuts)
    return {(int(a[s]), int(b[s])): tuple(g.tolist()) for s, g in zip(starts, groups, strict=True)}


def pair_issues(c: Compiled, a: int, b: int) -> tuple[PairIssue, ...]:
    """Both parties on every issue where both have a stance, in the scenario's issue order."""
    rows, cols = np.array([a]), np.array([b])
    found: list[tuple[int, PairIssue]] = []
    kinds = (
        (c.scale.index, scale_pairs(c.scale, rows, cols, slice(None))),
        (c.choice.index, choice_pairs(c.choice, rows, cols, slice(None))),
        (c.sets.index, set_pairs(c.sets, rows, cols, slice(None))),
    )
    issues = c.scenario.issues
    for index, block in kinds:
        for i in np.flatnonzero(block.shared[0, 0]):
            hard = None if block.hard_gap is None else float(block.hard_gap[0, 0, i])
            found.append(
                (
                    int(index[i]),
                    PairIssue(
                        issue=issues[int(index[i])].id,
                        distance=float(block.distance[0, 0, i]),
                        compatible=bool(block.compatible[0, 0, i]),
                        hard_gap=hard,
                        weight=float(block.weight[0, 0, i]),
                    ),
                )
            )
    return tuple(p for _, p in sorted(found, key=lambda item: item[0]))


def issue_matrix(c: Compiled, issue_id: str) -> PairBlock:
    """All pairs on one issue: arrays of shape (P, P)."""
    everyone = np.arange(len(c.party_ids))
    n = next(n for n, issue in enumerate(c.scenario.issues) if issue.id == issue_id)
    if n in c.scale.index:
        local = int(np.flatnonzero(c.scale.index == n)[0])
        pb = scale_pairs(c.scale, everyone, everyone, slice(local, local + 1))
    elif n in c.choice.index:
        local = int(np.flatnonzero(c.choice.index == n)[0])
        pb = choice_pairs(c.choice, everyone, everyone, slice(local, local + 1))
    else:
        local = int(np.flatnonzero(c.sets.index == n)[0])
        pb = set_pairs(c.sets, everyone, everyone, slice(local, local + 1))
    return PairBlock(
        pb.shared[..., 0],
        pb.distance[..., 0],
        pb.compatible[..., 0],
        pb.weight[..., 0],
        None if pb.hard_gap is None else pb.hard_gap[..., 0],
    )
