"""Forecasts of each scale issue's outcome (docs/model.md, "Forecast").

* the weighted mean of positions, weights c * s (the compromise model);
  c is each stance's capability on its issue (its own, else its party's);
* the weighted median: positions in order, the first where the cumulative share of c * s
  reaches one half;
* where the issue has a status quo q, the asymmetric Nash bargaining point: with linear
  utility u_p(x) = 1 - |x - x_p| / W, the point maximising sum_p c_p log(u_p(x) - u_p(q))
  over the outcomes every party prefers to q (none when no such outcome exists).

Every function works on (P, I) arrays, one column per issue (or per issue and sample).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gapcli.engine.arrays import Bools, Compiled, Floats, taking_part
from gapcli.engine.kernels import REL_TOL, outside, support_tie_weights

BISECTIONS = 200  # halvings of the feasible interval: far below float resolution


def forecast_weights(cap: Floats, salience: Floats, mask: Bools) -> Floats:
    """c * s, or capability alone on an issue where every salience is 0."""
    return support_tie_weights(cap, salience, mask)


def weighted_mean(x: Floats, weight: Floats) -> Floats:
    total = weight.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean: Floats = np.where(total > 0, (weight * x).sum(axis=0) / total, np.nan)
    return mean


def weighted_median(x: Floats, weight: Floats, mask: Bools) -> Floats:
    """Per column, the first position (in position order) where the cumulative share of the
    weight reaches 1/2; ``nan`` where the column has no weight."""
    keyed = np.where(mask, x, np.inf)
    order = np.argsort(keyed, axis=0, kind="stable")
    xs = np.take_along_axis(keyed, order, axis=0)
    cum = np.cumsum(np.take_along_axis(weight * mask, order, axis=0), axis=0)
    total = cum[-1] if len(cum) else np.zeros(x.shape[1])
    reached = cum >= total * (0.5 - REL_TOL)
    first = np.argmax(reached, axis=0)
    median: Floats = np.where(total > 0, xs[first, np.arange(x.shape[1])], np.nan)
    return median


def weighted_spread(x: Floats, weight: Floats, mean: Floats) -> Floats:
    """The weighted standard deviation of positions around the mean, in the issue's units."""
    total = weight.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.where(total > 0, (weight * (x - mean[None]) ** 2).sum(axis=0) / total, np.nan)
    spread: Floats = np.sqrt(np.maximum(var, 0.0))
    return spread


def nash_points(x: Floats, cap: Floats, mask: Bools, status_quo: Floats) -> Floats:
    """Per column, the Nash bargaining point, ``nan`` where there is none (no status quo, a
    party whose ideal point is the status quo, or parties on both sides of it).

    The objective is strictly concave on the open feasible interval and its right derivative
    falls from +inf to -inf there, so bisection on the sign of that derivative finds it.
    """
    q = status_quo[None]
    reach = np.abs(q - x)  # d_p: how far from its ideal point the status quo lies
    weight = cap * mask
    low = np.where(mask, x - reach, -np.inf).max(axis=0)
    high = np.where(mask, x + reach, np.inf).min(axis=0)
    # q itself bounds every party's interval, so rounding can leave a sliver around q where
    # parties sit on both sides of it: an interval narrower than the tolerance is empty.
    scale = np.where(mask, np.abs(x), 0.0).max(axis=0, initial=0.0) + np.abs(status_quo)
    with np.errstate(invalid="ignore"):
        feasible = np.isfinite(status_quo) & (high - low > REL_TOL * scale) & mask.any(axis=0)
    lo = np.where(feasible, low, 0.0)
    hi = np.where(feasible, high, 0.0)
    safe_reach = np.where(mask, reach, 1.0)
    for _ in range(BISECTIONS):
        mid = (lo + hi) / 2
        gap = safe_reach - np.abs(mid[None] - x)
        side = np.where(mid[None] < x, 1.0, -1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = np.where(weight > 0, weight * side / gap, 0.0).sum(axis=0)
        rise = slope > 0
        lo, hi = np.where(rise, mid, lo), np.where(rise, hi, mid)
    point: Floats = np.where(feasible, (lo + hi) / 2, np.nan)
    return point


@dataclass(frozen=True, slots=True)
class ScaleForecasts:
    """One column per scale issue of the compiled scenario."""

    mean: Floats
    median: Floats
    nash: Floats  # nan where there is no Nash point
    spread: Floats
    distance: Floats  # (P, I) |x_p - median| / W, 0 where masked
    outside: Bools  # (P, I) the median lies outside what the party accepts


def scale_forecasts(c: Compiled) -> ScaleForecasts:
    """The forecasts of every scale issue; observers carry no weight and are never far."""
    b = taking_part(c).scale
    weight = forecast_weights(b.capability, b.salience, b.mask)
    mean = weighted_mean(b.position, weight)
    median = weighted_median(b.position, weight, b.mask)
    q = np.array([np.nan if i.status_quo is None else i.status_quo for i in b.issues])
    nash = nash_points(b.position, b.capability, b.mask, q.reshape(-1))
    spread = weighted_spread(b.position, weight, mean)
    filled = np.where(np.isnan(median), 0.0, median)[None]
    distance = np.where(b.mask, np.abs(b.position - filled) / b.width, 0.0)
    beyond = b.mask & (outside(filled, b.lo, b.hi) > 0) & ~np.isnan(median)[None]
    return ScaleForecasts(mean, median, nash, spread, distance, beyond)


def no_nash_reason(parties: list[tuple[str, float]], status_quo: float | None) -> str | None:
    """Why an issue has no Nash point, in words (``None`` when it has one); ``parties`` are
    (id, position) of the parties with a stance."""
    if status_quo is None:
        return "no status quo on this issue"
    if not parties:
        return "no party takes a stance"
    at = [p for p, x in parties if x == status_quo]
    if at:
        return f"{at[0]} wants the status quo itself, so no outcome is better for it"
    below = [p for p, x in parties if x < status_quo]
    above = [p for p, x in parties if x > status_quo]
    if below and above:
        return (
            f"{below[0]} wants less than the status quo and {above[0]} more: "
            "no outcome is better for both"
        )
    return None
