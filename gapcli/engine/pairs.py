"""Pairs of parties: distance, compatibility and hard gap per issue.

One function per issue kind computes, for party index arrays ``a`` (rows) and ``b``
(columns) and a slice of that kind's issues, arrays of shape ``(len(a), len(b), issues)``:
one pair on every issue (``pair_issues``) or every pair on one issue (``issue_matrix``).
The gap matrix over all pairs is ``matrix.gap_matrix``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gapcli.engine.arrays import Bools, ChoiceBlock, Compiled, Floats, Ints, ScaleBlock, SetBlock
from gapcli.engine.results import PairIssue


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
