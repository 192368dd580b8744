"""The array kernels behind every issue's result: zone, max-support point, bridge, moves.

Each works on party-by-column arrays, one column per issue; the sensitivity analysis runs
them on one column per issue and sample. ``cap`` is (P, columns) too: each stance's
capability on its issue (its own, else its party's; 0 where masked). ``issues.py`` turns
their output into results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gapcli.engine.arrays import Bools, Floats, Ints

REL_TOL = 1e-9  # relative tolerance for ties between sums of weights


def outside(x: Floats, lo: Floats, hi: Floats) -> Floats:
    """dist(x, [lo, hi]) elementwise."""
    return np.maximum(lo - x, 0.0) + np.maximum(x - hi, 0.0)


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
    weights: Floats = capability * salience * mask
    dead = weights.sum(axis=0) == 0
    if dead.any():
        weights[:, dead] = (capability * mask)[:, dead]
    return weights


def bridge_tie_weights(capability: Floats, salience: Floats, mask: Bools) -> Floats:
    """Capability of the parties with salience 0, which the concession c * s ignores.

    Among the bridges of least weighted concession, the one these parties need to move least
    is taken, so that an issue in agreement always has its bridge inside the zone.
    """
    weights: Floats = capability * (mask & (salience == 0))
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
    held = np.where(present, capability, 0.0)
    steps = np.concatenate([held, -held])
    support = np.cumsum(np.take_along_axis(steps, order, axis=0), axis=0)
    best = support.max(axis=0)
    top = (order < n) & real & (support >= best - REL_TOL * held.sum(axis=0))
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


@dataclass(frozen=True, slots=True)
class ScaleCore:
    """The arrays behind the scale issues' results (one column per issue, or per sample)."""

    zone_lo: Floats  # (I,)
    zone_hi: Floats
    star: Floats  # (I,) the max-support point
    accepts_star: Bools  # (P, I)
    support: Floats  # (I,)
    bridge: Floats  # (I,)
    move: Floats  # (P, I) dist(bridge, A_p) / W, 0 where masked

    @property
    def deadlock(self) -> Bools:
        stuck: Bools = self.zone_lo > self.zone_hi
        return stuck


def scale_core(
    cap: Floats, mask: Bools, lo: Floats, hi: Floats, salience: Floats, width: Floats
) -> ScaleCore:
    """Zone, max-support point, blockers' complement, bridge and moves for every column."""
    lo_, hi_ = np.where(mask, lo, np.inf), np.where(mask, hi, np.inf)
    zone_lo = np.where(mask, lo, -np.inf).max(axis=0)
    zone_hi = hi_.min(axis=0)
    weight = support_tie_weights(cap, salience, mask)
    m1, m2 = bridge_segments(lo_, hi_, weight)
    star = support_points(lo_, hi_, cap, weight, m1, m2)
    then = bridge_tie_weights(cap, salience, mask)
    bridge = lexicographic_bridge(lo_, hi_, cap * salience * mask, then)
    accepts_star = (lo_ <= star) & (star <= hi_)
    support = (cap * accepts_star).sum(axis=0)
    move = np.where(mask, outside(bridge[None], lo, hi) / width, 0.0)
    return ScaleCore(zone_lo, zone_hi, star, accepts_star, support, bridge, move)


def _first_best(score: Floats, valid: Bools, tol: Floats) -> Bools:
    """Per row, the options whose score is within ``tol`` of the row's minimum."""
    score = np.where(valid, score, np.inf)
    best: Bools = valid & (score <= score.min(axis=1, keepdims=True) + tol[:, None])
    return best


@dataclass(frozen=True, slots=True)
class ChoiceCore:
    zone: Bools  # (I, K) options every party accepts
    support: Floats  # (I, K) capability accepting each option
    star: Ints  # (I,) the max-support option
    bridge: Ints  # (I,)
    accepts_star: Bools  # (P, I)
    moved: Bools  # (P, I) the bridge is not an option the party accepts


def choice_core(cap: Floats, mask: Bools, acc: Bools, salience: Floats, valid: Bools) -> ChoiceCore:
    zone = (acc | ~mask[:, :, None]).all(axis=0) & valid  # (I, K)
    accepts = acc.astype(np.float64)
    n = mask.shape[1]

    def left_out(weight: Floats) -> Floats:
        """Per issue and option, the weight of the parties that do not accept it."""
        total: Floats = weight.sum(axis=0)[:, None] - np.einsum("pi,pik->ik", weight, accepts)
        return total

    def tol(weight: Floats) -> Floats:
        scaled: Floats = REL_TOL * np.maximum(weight.sum(axis=0), 1e-300)
        return scaled

    held = cap * mask
    support = np.einsum("pi,pik->ik", held, accepts)
    top = _first_best(-support, valid, REL_TOL * held.sum(axis=0))
    weight = support_tie_weights(cap, salience, mask)
    star = np.argmax(_first_best(np.where(top, left_out(weight), np.inf), top, tol(weight)), axis=1)
    true_weight = held * salience
    best = _first_best(left_out(true_weight), valid, tol(true_weight))
    ties = bridge_tie_weights(cap, salience, mask)
    bridge = np.argmax(_first_best(np.where(best, left_out(ties), np.inf), best, tol(ties)), axis=1)
    issues = np.arange(n)
    accepts_star = acc[:, issues, star]  # (P, I)
    moved = mask & ~acc[:, issues, bridge]
    return ChoiceCore(zone, support, star, bridge, accepts_star, moved)


@dataclass(frozen=True, slots=True)
class SetCore:
    required: Bools  # (I, K) some party requires the option
    rejected: Bools
    contested: Bools  # both
    require_weight: Floats  # (I, K) sum of c * s of its requirers
    reject_weight: Floats
    include: Bools  # (I, K) the bridge includes the option
    conceded: Bools  # (P, I, K) the bridge goes against the party on the option
    distance: Floats  # (P, I) share of the issue's options conceded


def set_core(
    cap: Floats, mask: Bools, req: Bools, rej: Bools, salience: Floats, valid: Bools
) -> SetCore:
    true_weight = cap * salience * mask
    required: Bools = np.any(req, axis=0)  # (I, K)
    rejected: Bools = np.any(rej, axis=0)
    req_w = np.einsum("pi,pik->ik", true_weight, req.astype(np.float64))
    rej_w = np.einsum("pi,pik->ik", true_weight, rej.astype(np.float64))
    ties = bridge_tie_weights(cap, salience, mask)
    req_c = np.einsum("pi,pik->ik", ties, req.astype(np.float64))
    rej_c = np.einsum("pi,pik->ik", ties, rej.astype(np.float64))
    tol = REL_TOL * np.maximum(true_weight.sum(axis=0), 1e-300)[:, None]
    tol_c = REL_TOL * (cap * mask).sum(axis=0)[:, None]
    # Include an option when its requirers outweigh its rejecters (capability * salience);
    # on a tie, when they do by bridge_tie_weights; on a tie again, leave it out.
    tied = np.abs(req_w - rej_w) <= tol
    include = required & ((req_w > rej_w + tol) | (tied & (req_c > rej_c + tol_c)))
    conceded = (req & ~include[None]) | (rej & include[None])  # (P, I, K)
    n_options = valid.sum(axis=1)
    distance = conceded.sum(axis=2) / np.maximum(n_options, 1)
    return SetCore(
        required, rejected, required & rejected, req_w, rej_w, include, conceded, distance
    )


def set_blockers(core: SetCore, req: Bools, rej: Bools) -> Bools:
    """(P, I): the party is on the lighter side (or either side of a tie) of a contest."""
    tol = REL_TOL * np.maximum(core.require_weight + core.reject_weight, 1e-300)
    tie = np.abs(core.require_weight - core.reject_weight) <= tol
    light_req = core.contested & (tie | (core.require_weight < core.reject_weight))
    light_rej = core.contested & (tie | (core.reject_weight < core.require_weight))
    blocks: Bools = np.asarray(((req & light_req[None]) | (rej & light_rej[None])).any(axis=2))
    return blocks
