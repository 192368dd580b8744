"""Trades of voting positions between two parties on two scale issues: the exchange model of
Stokman and Van Oosten (1994), with the equal-gain exchange rate (docs/model.md, "Trades").

Positions are taken as shares of each issue's scale (0 at its low end, 1 at its high end), so
moves and gains compare across issues. The expected outcome of an issue is the weighted mean
of positions, weights w = c * s (the compromise model; c the stance's capability). Two parties
i and j can trade on issues p and q when they sit on opposite sides of the expected outcome
on both and i cares relatively more about p, j about q (s_ip s_jq > s_jp s_iq): j moves its
position on p toward i, and i moves on q toward j. The outcome of p shifts toward i by
d_p = m_jp w_jp / S_p (S = sum of w on the issue), that of q toward j by d_q = m_iq w_iq / S_q.
Each gains the salience-weighted shift on the issue it cares about and loses it on the other:
gain_i = s_ip d_p - s_iq d_q, gain_j = s_jq d_q - s_jp d_p; equal gains fix the rate
d_q / d_p = (s_ip + s_jp) / (s_iq + s_jq).

With a_k = s_ik + s_jk and t = d_p a_p = d_q a_q, each gain is t (s_ip / a_p - s_iq / a_q), and
t is the least of four limits, each a function of one issue only: j's whole move on p, i's
whole move on q, and the caps that keep each outcome from passing the position of the party
it moves toward. So a pair's candidates are an outer "minimum" of two vectors, computed as
arrays, never as one object per candidate.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from gapcli.engine.arrays import Bools, Compiled, Floats, Ints, taking_part
from gapcli.engine.kernels import REL_TOL

#: Party or issue numbers, in the smallest integer type that holds them.
Index = npt.NDArray[np.signedinteger[Any]]


@dataclass(frozen=True, slots=True)
class State:
    """Scale issues as shares of their scales: positions and accepted ranges (P, I).

    ``capability`` is (P, I), each stance's own, or (P,), the party's on every issue.
    """

    position: Floats
    lo: Floats
    hi: Floats
    salience: Floats
    mask: Bools
    capability: Floats
    weight: Floats = field(init=False, repr=False, compare=False)  # (P, I) c * s, 0 off mask

    def __post_init__(self) -> None:
        c = self.capability if self.capability.ndim == 2 else self.capability[:, None]
        object.__setattr__(self, "weight", c * self.salience * self.mask)

    def moved(self, position: Floats) -> State:
        """The state with parties at ``position``, each taking its accepted range along by the
        same move (clipped to the scale)."""
        delta = position - self.position
        return State(
            position,
            np.clip(self.lo + delta, 0.0, 1.0),
            np.clip(self.hi + delta, 0.0, 1.0),
            self.salience,
            self.mask,
            self.capability,
        )

    def outcomes(self) -> Floats:
        """The expected outcome of each issue (nan where no party has weight on it)."""
        return outcomes_of(self.weight, self.position)


def outcomes_of(weight: Floats, position: Floats) -> Floats:
    """Per issue, the mean of ``position`` weighted by ``weight`` (nan where all are 0)."""
    total = weight.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: Floats = np.where(total > 0, (weight * position).sum(0) / total, np.nan)
    return out


def initial_state(c: Compiled) -> State:
    """The scale issues of ``c`` as shares; observers take no part (their stances masked)."""
    b = taking_part(c).scale
    base = np.array([i.lo for i in b.issues])[None]

    def share(values: Floats) -> Floats:
        shares: Floats = np.where(b.mask, (values - base) / b.width, 0.0)
        return shares

    return State(share(b.position), share(b.lo), share(b.hi), b.salience, b.mask, b.capability)


@dataclass(frozen=True, slots=True)
class Trade:
    """Party ``i`` moves on issue ``q`` toward ``j``; ``j`` moves on ``p`` toward ``i``.

    Indices are party and issue positions in the compiled scale block; moves and shifts are
    shares of the scale (signed: + toward the high end). ``from_jp`` and ``from_iq`` are where
    the movers stood before.
    """

    i: int
    j: int
    p: int
    q: int
    move_jp: float  # j's move on p
    move_iq: float  # i's move on q
    shift_p: float  # the expected outcome's shift on p
    shift_q: float
    gain: float  # each party's gain (equal by construction)
    from_jp: float
    from_iq: float


@dataclass(frozen=True, slots=True)
class Realised:
    """A trade realised in a round, and what it opened (:func:`opens`) in the state just
    before it was realised."""

    trade: Trade
    pairs: tuple[int, ...]
    issues: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Candidates:
    """Every trade the model allows in a state (parallel arrays), party pair by party pair
    (i, j ascending); :meth:`ranked` orders them by gain, :meth:`trade` builds the record of
    one."""

    i: Index
    j: Index
    p: Index
    q: Index
    gain: Floats
    starts: Ints  # where each party pair's candidates start (and, last, len), in order

    def __len__(self) -> int:
        return len(self.gain)

    def ranked(self, among: Ints | None = None, top: int | None = None) -> Ints:
        """The ``top`` best (default: all) of the candidates ``among`` (default: all), best
        first: gain descending, ties by i, j, p, q. Only those kept are sorted."""
        gain = self.gain if among is None else self.gain[among]
        if top is not None and top <= 0:
            return np.zeros(0, np.int64)
        if top is not None and top < len(gain):
            cut = np.partition(gain, len(gain) - top)[len(gain) - top]
            keep = np.flatnonzero(gain >= cut)  # every tie of the last kept, so ties sort right
        else:
            keep = np.arange(len(gain))
        index: Ints = keep if among is None else among[keep]
        keys = (self.q[index], self.p[index], self.j[index], self.i[index], -self.gain[index])
        order = np.lexsort(keys)
        ranked: Ints = index[order][:top]
        return ranked

    def trades(self, state: State, ks: Ints) -> list[Trade]:
        """The records of candidates ``ks``, worked out together."""
        c = (a[ks].astype(np.int64) for a in (self.i, self.j, self.p, self.q))
        return trades_of(state, *c)

    def trade(self, state: State, k: int) -> Trade:
        [one] = self.trades(state, np.array([k]))
        return one


def sides(state: State, outcome: Floats, at_outcome: float = 0.0) -> Floats:
    """(P, I): +1 above the expected outcome, -1 below, ``at_outcome`` at it (within 1e-9),
    0 off mask or where the issue has no outcome."""
    off = state.position - outcome[None]
    known = state.mask & ~np.isnan(outcome)[None]
    side: Floats = np.where(np.abs(off) > REL_TOL, np.sign(off), at_outcome)
    return np.where(known, side, 0.0)


def _kind(size: int) -> type[np.signedinteger[Any]]:
    """The smallest integer type that holds numbers below ``size``."""
    return np.int16 if size < 2**15 else np.int32 if size < 2**31 else np.int64


def candidates(state: State, side: Floats | None = None, tol: float = REL_TOL) -> Candidates:
    """Every trade the model allows in ``state``, party pair by party pair.

    One party pair at a time: only issues where the two sit on opposite sides of the expected
    outcome (``side``, default :func:`sides`), only the (p, q) where i cares relatively more
    about p, each candidate's gain computed from per-issue vectors (see the module's
    docstring); gains up to ``tol`` are left out."""
    outcome = state.outcomes()
    y, s, w = state.position, state.salience, state.weight
    total = w.sum(axis=0)
    side = sides(state, outcome) if side is None else side
    n_parties, n_issues = y.shape
    party_kind, issue_kind = _kind(n_parties), _kind(n_issues)
    found: dict[str, list[Index]] = {"i": [], "j": [], "p": [], "q": []}
    gains: list[Floats] = []
    for i in range(n_parties - 1):
        opposite = side[i][None, :] * side[i + 1 :] < 0  # (rest, I)
        for j in (np.flatnonzero(opposite.sum(axis=1) >= 2) + i + 1).tolist():
            k = np.flatnonzero(opposite[j - i - 1])
            both = np.ix_(np.array([i, j]), k)
            p, q, gain = _pair(y[both], s[both], w[both], total[k], outcome[k], tol)
            if gain.size:
                found["i"].append(np.full(gain.size, i, party_kind))
                found["j"].append(np.full(gain.size, j, party_kind))
                found["p"].append(k[p].astype(issue_kind))
                found["q"].append(k[q].astype(issue_kind))
                gains.append(gain)
    kinds = {"i": party_kind, "j": party_kind, "p": issue_kind, "q": issue_kind}
    by = [np.concatenate(found[key]) if gains else np.zeros(0, kinds[key]) for key in "ijpq"]
    starts = np.concatenate([[0], np.cumsum([len(g) for g in gains], dtype=np.int64)])
    gain = np.concatenate(gains) if gains else np.zeros(0)
    return Candidates(by[0], by[1], by[2], by[3], gain, starts)


@functools.lru_cache(maxsize=64)
def _upper(n: int) -> tuple[Ints, Ints]:
    """The index pairs (a, b), a < b < n, row by row (cached: pairs reuse their sizes)."""
    first, then = np.triu_indices(n, 1)
    return first, then


def _pair(
    y: Floats, s: Floats, w: Floats, total: Floats, outcome: Floats, tol: float
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], Floats]:
    """The candidates of one party pair (rows i and j of ``y``, ``s``, ``w``) on the issues
    where they sit on opposite sides: indices (p, q) into those issues, and the gains (only
    those above the tolerance)."""
    (y_i, y_j), (s_i, s_j), (w_i, w_j) = y, s, w
    span = np.abs(y_i - y_j)
    a = s_i + s_j
    # t = d_p a_p: j's whole move on p, capped where p's outcome would pass i's position
    x = np.minimum(span * w_j / total, np.abs(y_i - outcome)) * a
    z = np.minimum(span * w_i / total, np.abs(y_j - outcome)) * a  # i's move on q, toward j
    # i cares relatively more about p than about q (s_ip s_jq > s_jp s_iq) only if
    # r_p = s_ip / a_p > r_q: with the issues sorted by r, only the pairs (p, q) with p
    # before q can qualify, and the exact test is made on those alone
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(a > 0, s_i / np.where(a > 0, a, 1.0), -1.0)
    order = np.argsort(-r, kind="stable")
    first, then = _upper(len(order))
    p, q = order[first], order[then]
    wants = s_i[p] * s_j[q] > s_j[p] * s_i[q] * (1 + REL_TOL)
    wants &= (w_j[p] > 0) & (w_i[q] > 0)
    p, q = p[wants], q[wants]
    gain = np.minimum(x[p], z[q]) * (r[p] - r[q])
    keep = gain > tol
    return p[keep], q[keep], gain[keep]


def trades_of(state: State, i: Ints, j: Ints, p: Ints, q: Ints) -> list[Trade]:
    """The moves, shifts and gains of the trades (``i``, ``j``, ``p``, ``q``) in ``state``,
    as in the module's docstring (t the least of the four limits)."""
    y, s, w = state.position, state.salience, state.weight
    outcome, total = state.outcomes(), w.sum(axis=0)
    span_p, span_q = y[i, p] - y[j, p], y[j, q] - y[i, q]  # j toward i, i toward j
    way_p, way_q = np.sign(span_p), np.sign(span_q)
    a_p, a_q = s[i, p] + s[j, p], s[i, q] + s[j, q]
    t = np.minimum.reduce(
        [
            np.abs(span_p) * w[j, p] / total[p] * a_p,
            np.maximum(0.0, (y[i, p] - outcome[p]) * way_p) * a_p,
            np.abs(span_q) * w[i, q] / total[q] * a_q,
            np.maximum(0.0, (y[j, q] - outcome[q]) * way_q) * a_q,
        ]
    )
    d_p, d_q = t / a_p, t / a_q
    columns = (
        i,
        j,
        p,
        q,
        way_p * d_p * total[p] / w[j, p],
        way_q * d_q * total[q] / w[i, q],
        way_p * d_p,
        way_q * d_q,
        s[i, p] * d_p - s[i, q] * d_q,
        y[j, p],
        y[i, q],
    )
    return [Trade(*row) for row in zip(*(c.tolist() for c in columns), strict=True)]


def opens_all(state: State, trades: list[Trade]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """What each trade alone would open, looking only at its two issues: those of p and q on
    which i and j accept nothing in common now and would after, and those deadlocked now and
    not after (each mover takes its accepted range along, clipped to the scale). Worked out
    for all the trades together: an issue is deadlocked when the highest low end of its
    accepted ranges passes the lowest high end, so each issue's two highest low ends and two
    lowest high ends tell what moving one party does."""
    if not trades:
        return []
    i, j, p, q = (np.array([getattr(t, f) for t in trades]) for f in "ijpq")
    used = np.unique(np.concatenate([p, q]))  # only the issues the trades are on
    lo = np.where(state.mask[:, used], state.lo[:, used], -np.inf)
    hi = np.where(state.mask[:, used], state.hi[:, used], np.inf)
    top = np.argsort(-lo, axis=0)[:2]  # the parties with the highest low ends
    bottom = np.argsort(hi, axis=0)[:2]
    cols = np.arange(len(used))
    top_lo, second_lo = lo[top[0], cols], lo[top[-1], cols]
    bottom_hi, second_hi = hi[bottom[0], cols], hi[bottom[-1], cols]
    found: list[tuple[Bools, Bools]] = []
    for k, mover, move in (
        (p, j, [t.move_jp for t in trades]),
        (q, i, [t.move_iq for t in trades]),
    ):
        c = np.searchsorted(used, k)  # the issue's column among those used
        new_lo = np.clip(lo[mover, c] + move, 0.0, 1.0)
        new_hi = np.clip(hi[mover, c] + move, 0.0, 1.0)
        # i and j, with the mover's range moved
        lo_i, hi_i = np.where(mover == i, new_lo, lo[i, c]), np.where(mover == i, new_hi, hi[i, c])
        lo_j, hi_j = np.where(mover == j, new_lo, lo[j, c]), np.where(mover == j, new_hi, hi[j, c])
        was_apart = np.maximum(lo[i, c], lo[j, c]) > np.minimum(hi[i, c], hi[j, c]) + REL_TOL
        now_apart = np.maximum(lo_i, lo_j) > np.minimum(hi_i, hi_j) + REL_TOL
        was_stuck = top_lo[c] > bottom_hi[c] + REL_TOL
        others_lo = np.where(top[0, c] == mover, second_lo[c], top_lo[c])
        others_hi = np.where(bottom[0, c] == mover, second_hi[c], bottom_hi[c])
        now_stuck = np.maximum(others_lo, new_lo) > np.minimum(others_hi, new_hi) + REL_TOL
        found.append((was_apart & ~now_apart, was_stuck & ~now_stuck))
    (pair_p, issue_p), (pair_q, issue_q) = found
    return [
        (
            tuple(k for k, hit in ((t.p, pair_p[n]), (t.q, pair_q[n])) if hit),
            tuple(k for k, hit in ((t.p, issue_p[n]), (t.q, issue_q[n])) if hit),
        )
        for n, t in enumerate(trades)
    ]
