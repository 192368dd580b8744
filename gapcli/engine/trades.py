"""Trades of voting positions between two parties on two scale issues: the exchange model of
Stokman and Van Oosten (1994), with the equal-gain exchange rate (docs/model.md, "Trades").

Positions are taken as shares of each issue's scale (0 at its low end, 1 at its high end), so
moves and gains compare across issues. The expected outcome of an issue is the weighted mean
of positions, weights c * s (the compromise model). Two parties i and j can trade on issues
p and q when they sit on opposite sides of the expected outcome on both and i cares
relatively more about p, j about q (s_ip s_jq > s_jp s_iq): j moves its position on p toward
i, and i moves on q toward j. The outcome of p shifts toward i by d_p = m_jp c_j s_jp / S_p
(S = sum of c * s on the issue), that of q toward j by d_q = m_iq c_i s_iq / S_q. Each gains
the salience-weighted shift on the issue it cares about and loses it on the other:
gain_i = s_ip d_p - s_iq d_q, gain_j = s_jq d_q - s_jp d_p; equal gains fix the rate
d_q / d_p = (s_ip + s_jp) / (s_iq + s_jq). One of the two moves the whole way to the other's
position, the other as far as the rate asks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from gapcli.engine.arrays import Bools, Compiled, Floats
from gapcli.engine.kernels import REL_TOL


@dataclass(frozen=True, slots=True)
class State:
    """Scale issues as shares of their scales: positions and accepted ranges (P, I)."""

    position: Floats
    lo: Floats
    hi: Floats
    salience: Floats
    mask: Bools
    capability: Floats

    @property
    def weight(self) -> Floats:
        w: Floats = self.capability[:, None] * self.salience * self.mask
        return w

    def outcomes(self) -> Floats:
        """The expected outcome of each issue (nan where no party has weight on it)."""
        total = self.weight.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out: Floats = np.where(total > 0, (self.weight * self.position).sum(0) / total, np.nan)
        return out


def initial_state(c: Compiled) -> State:
    b = c.scale
    base = np.array([i.lo for i in b.issues])[None]

    def share(values: Floats) -> Floats:
        shares: Floats = np.where(b.mask, (values - base) / b.width, 0.0)
        return shares

    return State(share(b.position), share(b.lo), share(b.hi), b.salience, b.mask, c.capability)


@dataclass(frozen=True, slots=True)
class Trade:
    """Party ``i`` moves on issue ``q`` toward ``j``; ``j`` moves on ``p`` toward ``i``.

    Indices are party and issue positions in the compiled scale block; moves and shifts are
    shares of the scale (signed: + toward the high end).
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


def candidates(state: State) -> list[Trade]:
    """Every trade the model allows in ``state``, largest gain first (ties: by i, j, p, q)."""
    outcome = state.outcomes()
    weight, s, y = state.weight, state.salience, state.position
    total = weight.sum(axis=0)
    off = y - outcome[None]
    away = state.mask & ~np.isnan(outcome)[None] & (np.abs(off) > REL_TOL)  # at O: no side
    side = np.where(away, np.sign(off), 0.0)
    trades: list[Trade] = []
    n_parties = y.shape[0]
    for i in range(n_parties):
        for j in range(i + 1, n_parties):  # (i, j, p, q) and (j, i, q, p) are one trade
            opposite = side[i] * side[j] < 0  # (I,)
            # i demands p and j demands q (the orientation with j first is the transpose)
            wants = s[i][:, None] * s[j][None, :] > s[j][:, None] * s[i][None, :] * (1 + REL_TOL)
            ok = opposite[:, None] & opposite[None, :] & wants
            ok &= (weight[j][:, None] > 0) & (weight[i][None, :] > 0)
            for p, q in zip(*np.nonzero(ok), strict=True):
                trades.append(_terms(state, total, i, j, int(p), int(q)))
    trades = [t for t in trades if t.gain > REL_TOL]
    trades.sort(key=lambda t: (-t.gain, t.i, t.j, t.p, t.q))
    return trades


def _terms(state: State, total: Floats, i: int, j: int, p: int, q: int) -> Trade:
    y, s, w = state.position, state.salience, state.weight
    span_p, span_q = y[i, p] - y[j, p], y[j, q] - y[i, q]  # j toward i on p, i toward j on q
    rate = (s[i, p] + s[j, p]) / (s[i, q] + s[j, q])  # d_q / d_p
    d_p = abs(span_p) * w[j, p] / total[p]
    m_iq = d_p * rate * total[q] / w[i, q]
    if m_iq <= abs(span_q) * (1 + REL_TOL):
        m_jp = abs(span_p)
    else:  # i reaches j's position first: i moves the whole way, j part of it
        m_iq = abs(span_q)
        d_p = m_iq * w[i, q] / total[q] / rate
        m_jp = d_p * total[p] / w[j, p]
    d_q = d_p * rate
    gain = s[i, p] * d_p - s[i, q] * d_q
    return Trade(
        i,
        j,
        p,
        q,
        float(np.sign(span_p) * m_jp),
        float(np.sign(span_q) * m_iq),
        float(np.sign(span_p) * d_p),
        float(np.sign(span_q) * d_q),
        float(gain),
    )


def apply(state: State, trade: Trade) -> State:
    """The state after ``trade``: each mover takes its accepted range along (clipped to the
    scale)."""
    delta = np.zeros_like(state.position)
    delta[trade.j, trade.p] = trade.move_jp
    delta[trade.i, trade.q] = trade.move_iq
    return replace(
        state,
        position=np.clip(state.position + delta, 0.0, 1.0),
        lo=np.clip(state.lo + delta, 0.0, 1.0),
        hi=np.clip(state.hi + delta, 0.0, 1.0),
    )


def realise(state: State, trades: list[Trade]) -> tuple[list[Trade], State]:
    """One round: the trades taken greedily by gain, each party's position on each issue
    traded at most once per round; and the state after them."""
    used: set[tuple[int, int]] = set()
    done: list[Trade] = []
    for t in trades:
        seats = {(t.i, t.p), (t.i, t.q), (t.j, t.p), (t.j, t.q)}
        if seats & used:
            continue
        used |= seats
        done.append(t)
        state = apply(state, t)
    return done, state


def rounds(state: State, limit: int) -> tuple[list[list[Trade]], State]:
    """Up to ``limit`` rounds, stopping early when no trade is left."""
    history: list[list[Trade]] = []
    for _ in range(limit):
        done, state = realise(state, candidates(state))
        if not done:
            break
        history.append(done)
    return history, state


def deadlocked(state: State) -> Bools:
    """(I,) issues where the parties' accepted ranges have no point in common."""
    lo = np.where(state.mask, state.lo, -np.inf).max(axis=0)
    hi = np.where(state.mask, state.hi, np.inf).min(axis=0)
    stuck: Bools = lo > hi + REL_TOL
    return stuck


def apart(state: State, a: int, b: int, issue: int) -> bool:
    """Whether parties a and b accept nothing in common on ``issue``."""
    lo = max(state.lo[a, issue], state.lo[b, issue])
    hi = min(state.hi[a, issue], state.hi[b, issue])
    return bool(lo > hi + REL_TOL)
