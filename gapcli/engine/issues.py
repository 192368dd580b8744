"""Each issue across its parties: zone of agreement, status, max-support point, blockers,
bridge and moves (docs/model.md). Every kind is computed for all its issues at once.
"""

from __future__ import annotations

import numpy as np

from gapcli.engine.arrays import (
    Bools,
    ChoiceBlock,
    Compiled,
    Floats,
    ScaleBlock,
    SetBlock,
)
from gapcli.engine.results import Contest, IssueResult, Move, Status
from gapcli.model import IssueKind

REL_TOL = 1e-9  # relative tolerance for ties between sums of weights


def analyse_issues(c: Compiled) -> tuple[IssueResult, ...]:
    results = [*_scale(c, c.scale), *_choice(c, c.choice), *_sets(c, c.sets)]
    order = [*c.scale.index.tolist(), *c.choice.index.tolist(), *c.sets.index.tolist()]
    return tuple(r for _, r in sorted(zip(order, results, strict=True), key=lambda x: x[0]))


def outside(x: Floats, lo: Floats, hi: Floats) -> Floats:
    """dist(x, [lo, hi]) elementwise."""
    return np.maximum(lo - x, 0.0) + np.maximum(x - hi, 0.0)


def _moves(
    c: Compiled, parties: Bools, distance: Floats, salience: Floats
) -> tuple[tuple[Move, ...], float]:
    """Moves of the parties flagged in ``parties`` (P,), and their total weighted concession."""
    moves = tuple(
        Move(c.party_ids[p], float(distance[p]), float(c.capability[p] * salience[p] * distance[p]))
        for p in np.flatnonzero(parties)
    )
    return moves, sum(m.weighted for m in moves)


def bridge_segments(lo: Floats, hi: Floats, weight: Floats) -> tuple[Floats, Floats]:
    """Per column, the segment [m1, m2] of points minimising sum_p w_p dist(x, [lo_p, hi_p]).

    Masked entries must carry ``lo = hi = inf`` and weight 0. The cost is convex and piecewise
    linear; its slope starts at -T (T = total weight) and rises by w_p at each endpoint, so
    the minimisers run from the first endpoint where the cumulative endpoint weight reaches T
    to the first where it passes T: a weighted median of the interval endpoints.
    """
    ends = np.concatenate([lo, hi])
    order = np.argsort(ends, axis=0, kind="stable")
    ends = np.take_along_axis(ends, order, axis=0)
    cum = np.cumsum(np.take_along_axis(np.concatenate([weight, weight]), order, axis=0), axis=0)
    total = weight.sum(axis=0)
    tol = REL_TOL * total
    m1 = np.take_along_axis(ends, np.argmax(cum >= total - tol, axis=0)[None], axis=0)[0]
    m2 = np.take_along_axis(ends, np.argmax(cum > total + tol, axis=0)[None], axis=0)[0]
    free = total == 0  # no weight: every point costs 0
    return np.where(free, -np.inf, m1), np.where(free, np.inf, m2)


def lexicographic_bridge(lo: Floats, hi: Floats, first: Floats, then: Floats) -> Floats:
    """The middle of the points minimising the concession weighted by ``first`` and, among
    those, by ``then`` (see :func:`bridge_tie_weights`).
    """
    m1, m2 = bridge_segments(lo, hi, first)
    n1, n2 = bridge_segments(lo, hi, then)
    low, high = np.maximum(m1, n1), np.minimum(m2, n2)
    with np.errstate(invalid="ignore"):  # both unbounded only on issues with no stance
        middle = (low + high) / 2
    bridge: Floats = np.where(low <= high, middle, np.where(n2 < m1, m1, m2))
    return bridge


def support_tie_weights(capability: Floats, salience: Floats, mask: Bools) -> Floats:
    """Weights c_p * s_p of the concession that breaks ties between max-support points.

    On an issue where every party with a stance has salience 0 that concession is 0
    everywhere; there the weights fall back to capability alone (docs/model.md).
    """
    weights: Floats = capability[:, None] * salience * mask
    dead = weights.sum(axis=0) == 0
    if dead.any():
        weights[:, dead] = (capability[:, None] * mask)[:, dead]
    return weights


def bridge_tie_weights(capability: Floats, salience: Floats, mask: Bools) -> Floats:
    """Capability of the parties with salience 0, which the concession c * s ignores.

    Among the bridges of least weighted concession, the one these parties need to move least
    is taken, so that an issue in agreement always has its bridge inside the zone.
    """
    weights: Floats = capability[:, None] * (mask & (salience == 0))
    return weights


def support_points(
    lo: Floats, hi: Floats, capability: Floats, weight: Floats, m1: Floats, m2: Floats
) -> Floats:
    """Per column, the point with the most capability-weighted support.

    Ties go to the least weighted concession, then the smallest point. Masked entries carry
    ``lo = hi = inf``. Supported points form closed intervals between a start and the next
    end; the concession is convex with minimisers [m1, m2], so among max-support intervals
    the best is one meeting [m1, m2], else the nearest on the left or on the right.
    """
    n = lo.shape[0]
    ends = np.concatenate([lo, hi])
    order = np.argsort(ends, axis=0, kind="stable")  # starts before ends at equal values
    ends = np.take_along_axis(ends, order, axis=0)
    real = np.isfinite(ends)
    present = np.isfinite(lo)
    steps = np.concatenate([capability[:, None] * present, -capability[:, None] * present])
    support = np.cumsum(np.take_along_axis(steps, order, axis=0), axis=0)
    best = support.max(axis=0)
    top = (order < n) & real & (support >= best - REL_TOL * capability.sum())
    left_end = ends
    right_end = np.concatenate([ends[1:], np.full((1, ends.shape[1]), np.inf)])
    meets = top & (right_end >= m1) & (left_end <= m2)
    cols = np.arange(ends.shape[1])
    x_meet = np.maximum(left_end[np.argmax(meets, axis=0), cols], m1)
    before = top & (right_end < m1)
    x_before = right_end[2 * n - 1 - np.argmax(before[::-1], axis=0), cols]
    after = top & (left_end > m2)
    x_after = left_end[np.argmax(after, axis=0), cols]

    finite_lo, finite_hi = np.where(present, lo, 0.0), np.where(present, hi, 0.0)

    def cost(x: Floats) -> Floats:
        total: Floats = (weight * outside(x[None], finite_lo, finite_hi)).sum(axis=0)
        return total

    has_before, has_after = before.any(axis=0), after.any(axis=0)
    c_before = np.where(has_before, cost(np.where(has_before, x_before, 0.0)), np.inf)
    c_after = np.where(has_after, cost(np.where(has_after, x_after, 0.0)), np.inf)
    span = np.where(present, hi, -np.inf).max(axis=0) - np.where(present, lo, np.inf).min(axis=0)
    tol = REL_TOL * weight.sum(axis=0) * np.where(np.isfinite(span), span, 0.0)
    x_side = np.where(c_before <= c_after + tol, x_before, x_after)
    star: Floats = np.where(meets.any(axis=0), x_meet, x_side)
    return star


def _scale(c: Compiled, b: ScaleBlock) -> list[IssueResult]:
    if not b.issues:
        return []
    mask, cap = b.mask, c.capability
    lo, hi = np.where(mask, b.lo, np.inf), np.where(mask, b.hi, np.inf)
    zone_lo = np.where(mask, b.lo, -np.inf).max(axis=0)
    zone_hi = hi.min(axis=0)
    weight = support_tie_weights(cap, b.salience, mask)
    m1, m2 = bridge_segments(lo, hi, weight)
    star = support_points(lo, hi, cap, weight, m1, m2)
    then = bridge_tie_weights(cap, b.salience, mask)
    bridge = lexicographic_bridge(lo, hi, cap[:, None] * b.salience * mask, then)
    accepts_star = (lo <= star) & (star <= hi)
    support = (cap[:, None] * accepts_star).sum(axis=0)
    move = np.where(mask, outside(bridge[None], b.lo, b.hi) / b.width, 0.0)
    out: list[IssueResult] = []
    for i, issue in enumerate(b.issues):
        parties = tuple(c.party_ids[p] for p in np.flatnonzero(mask[:, i]))
        if not parties:
            out.append(_unopposed(issue.id, IssueKind.SCALE, (issue.lo, issue.hi)))
            continue
        deadlock = bool(zone_lo[i] > zone_hi[i])
        moves, concession = _moves(c, mask[:, i], move[:, i], b.salience[:, i])
        out.append(
            IssueResult(
                issue=issue.id,
                kind=IssueKind.SCALE,
                status=Status.DEADLOCK if deadlock else Status.AGREEMENT,
                parties=parties,
                zone=None if deadlock else (float(zone_lo[i]), float(zone_hi[i])),
                zone_exclude=None,
                support_point=float(star[i]),
                support=float(support[i]),
                blockers=tuple(
                    c.party_ids[p] for p in np.flatnonzero(mask[:, i] & ~accepts_star[:, i])
                ),
                bridge=float(bridge[i]),
                moves=moves,
                concession=concession,
            )
        )
    return out


def _unopposed(
    issue: str, kind: IssueKind, zone: tuple[float, float] | tuple[str, ...]
) -> IssueResult:
    """An issue no party takes a stance on: nothing is contested, so every point agrees."""
    return IssueResult(
        issue=issue,
        kind=kind,
        status=Status.AGREEMENT,
        parties=(),
        zone=zone,
        zone_exclude=() if kind is IssueKind.SET else None,
        support_point=None,
        support=None,
        blockers=(),
        bridge=None,
        moves=(),
        concession=0.0,
    )


def _first_best(score: Floats, valid: Bools, tol: Floats) -> Bools:
    """Per row, the options whose score is within ``tol`` of the row's minimum."""
    score = np.where(valid, score, np.inf)
    best: Bools = valid & (score <= score.min(axis=1, keepdims=True) + tol[:, None])
    return best


def _choice(c: Compiled, b: ChoiceBlock) -> list[IssueResult]:
    if not b.issues:
        return []
    mask, acc, cap = b.mask, b.accepts, c.capability
    zone = (acc | ~mask[:, :, None]).all(axis=0) & b.valid  # (I, K)
    accepts = acc.astype(np.float64)

    def left_out(weight: Floats) -> Floats:
        """Per issue and option, the weight of the parties that do not accept it."""
        total: Floats = weight.sum(axis=0)[:, None] - np.einsum("pi,pik->ik", weight, accepts)
        return total

    def tol(weight: Floats) -> Floats:
        scaled: Floats = REL_TOL * np.maximum(weight.sum(axis=0), 1e-300)
        return scaled

    support = np.einsum("p,pik->ik", cap, accepts)
    top = _first_best(-support, b.valid, np.full(len(b.issues), REL_TOL * cap.sum()))
    weight = support_tie_weights(cap, b.salience, mask)
    star = np.argmax(_first_best(np.where(top, left_out(weight), np.inf), top, tol(weight)), axis=1)
    true_weight = cap[:, None] * b.salience * mask
    best = _first_best(left_out(true_weight), b.valid, tol(true_weight))
    ties = bridge_tie_weights(cap, b.salience, mask)
    bridge = np.argmax(_first_best(np.where(best, left_out(ties), np.inf), best, tol(ties)), axis=1)
    issues = np.arange(len(b.issues))
    accepts_star = acc[:, issues, star]  # (P, I)
    moved = mask & ~acc[:, issues, bridge]
    out: list[IssueResult] = []
    for i, issue in enumerate(b.issues):
        ids = issue.option_ids
        parties = tuple(c.party_ids[p] for p in np.flatnonzero(mask[:, i]))
        if not parties:
            out.append(_unopposed(issue.id, IssueKind.CHOICE, ids))
            continue
        agreed = tuple(ids[k] for k in np.flatnonzero(zone[i]))
        moves, concession = _moves(c, mask[:, i], moved[:, i].astype(np.float64), b.salience[:, i])
        out.append(
            IssueResult(
                issue=issue.id,
                kind=IssueKind.CHOICE,
                status=Status.AGREEMENT if agreed else Status.DEADLOCK,
                parties=parties,
                zone=agreed or None,
                zone_exclude=None,
                support_point=ids[int(star[i])],
                support=float(support[i, star[i]]),
                blockers=tuple(
                    c.party_ids[p] for p in np.flatnonzero(mask[:, i] & ~accepts_star[:, i])
                ),
                bridge=ids[int(bridge[i])],
                moves=moves,
                concession=concession,
            )
        )
    return out


def _sets(c: Compiled, b: SetBlock) -> list[IssueResult]:
    if not b.issues:
        return []
    mask, req, rej, cap = b.mask, b.require, b.reject, c.capability
    true_weight = cap[:, None] * b.salience * mask
    required: Bools = np.any(req, axis=0)  # (I, K)
    rejected: Bools = np.any(rej, axis=0)
    contested: Bools = required & rejected
    req_w = np.einsum("pi,pik->ik", true_weight, req.astype(np.float64))
    rej_w = np.einsum("pi,pik->ik", true_weight, rej.astype(np.float64))
    ties = bridge_tie_weights(cap, b.salience, mask)
    req_c = np.einsum("pi,pik->ik", ties, req.astype(np.float64))
    rej_c = np.einsum("pi,pik->ik", ties, rej.astype(np.float64))
    tol = REL_TOL * np.maximum(true_weight.sum(axis=0), 1e-300)[:, None]
    tol_c = REL_TOL * cap.sum()
    # Include an option when its requirers outweigh its rejecters (capability * salience);
    # on a tie, when they do by bridge_tie_weights; on a tie again, leave it out.
    tied = np.abs(req_w - rej_w) <= tol
    include = required & ((req_w > rej_w + tol) | (tied & (req_c > rej_c + tol_c)))
    conceded = (req & ~include[None]) | (rej & include[None])  # (P, I, K)
    n_options = b.valid.sum(axis=1)
    distance = conceded.sum(axis=2) / np.maximum(n_options, 1)
    out: list[IssueResult] = []
    for i, issue in enumerate(b.issues):
        ids = issue.option_ids
        parties = tuple(c.party_ids[p] for p in np.flatnonzero(mask[:, i]))
        if not parties:
            out.append(_unopposed(issue.id, IssueKind.SET, ()))
            continue
        contests = tuple(
            _contest(c, ids[k], req[:, i, k], rej[:, i, k], req_w[i, k], rej_w[i, k], include[i, k])
            for k in np.flatnonzero(contested[i])
        )
        moves = tuple(
            Move(
                c.party_ids[p],
                float(distance[p, i]),
                float(true_weight[p, i] * distance[p, i]),
                tuple(ids[k] for k in np.flatnonzero(conceded[p, i])),
            )
            for p in np.flatnonzero(mask[:, i])
        )
        deadlock = bool(contests)
        out.append(
            IssueResult(
                issue=issue.id,
                kind=IssueKind.SET,
                status=Status.DEADLOCK if deadlock else Status.AGREEMENT,
                parties=parties,
                zone=None if deadlock else tuple(ids[k] for k in np.flatnonzero(required[i])),
                zone_exclude=None
                if deadlock
                else tuple(ids[k] for k in np.flatnonzero(rejected[i])),
                support_point=None,
                support=None,
                blockers=tuple(
                    p for p in c.party_ids if any(p in contest.blockers for contest in contests)
                ),
                bridge=tuple(ids[k] for k in np.flatnonzero(include[i])),
                moves=moves,
                concession=sum(m.weighted for m in moves),
                contests=contests,
            )
        )
    return out


def _contest(
    c: Compiled,
    option: str,
    requirers: Bools,
    rejecters: Bools,
    require_weight: float,
    reject_weight: float,
    include: bool,
) -> Contest:
    tol = REL_TOL * max(require_weight + reject_weight, 1e-300)
    req_ids = tuple(c.party_ids[p] for p in np.flatnonzero(requirers))
    rej_ids = tuple(c.party_ids[p] for p in np.flatnonzero(rejecters))
    if abs(require_weight - reject_weight) <= tol:
        blockers = tuple(p for p in c.party_ids if p in req_ids or p in rej_ids)
    else:
        blockers = req_ids if require_weight < reject_weight else rej_ids
    return Contest(
        option=option,
        requirers=req_ids,
        rejecters=rej_ids,
        require_weight=float(require_weight),
        reject_weight=float(reject_weight),
        blockers=blockers,
        include=bool(include),
    )
