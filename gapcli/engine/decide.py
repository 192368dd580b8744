"""Decide's procedure for the exchange model (docs/model.md, "Trades", the decide procedure):
the rounds of the Decide exchange model (Van Oosten and Stokman; its open-source Python
program ``decide-exchange-model``), on the trades of :mod:`gapcli.engine.trades`.

Within a round the candidates are those of the round's start, sides taken as Decide takes
them (a party at the expected outcome counts as below it). The best is realised, the moves
change the voting positions, every candidate on the two issues is worked out again from the
voting positions (the positions the movers move toward stay those of the round's start, and
so do the caps' targets), and the next best is realised, until none is left. A candidate
drops out for the round when a mover would have to turn back or has nowhere left to move, or
its gain falls to nothing. Between rounds each mover keeps part of its move:
x + (0.1 + 0.4 (1 - s)) (y - x), s its salience on the issue.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gapcli.engine.arrays import Bools, Floats, Ints
from gapcli.engine.rounds import rounds
from gapcli.engine.trades import (
    Candidates,
    Realised,
    State,
    Trade,
    candidates,
    opens_all,
    sides,
)

#: Decide's share of a move kept between rounds: FIXED + SALIENCE * (1 - salience).
FIXED, SALIENCE = 0.1, 0.4
#: Decide's thresholds, 1e-10 on its 0-100 scales, as shares of the scale.
TINY = 1e-12
#: Gains this close (relative) are a tie.
TIE = 1e-12


@dataclass
class _Round:
    """The arrays of one round's candidates, fixed at its start (see the module's docstring)."""

    cands: Candidates
    a_p: Floats  # s_ip + s_jp
    a_q: Floats
    rate: Floats  # r_p - r_q, r_k = s_ik / a_k: the gain per unit of t = d_p a_p
    lift_p: Floats  # w_jp / S_p: the shift of p's outcome per unit of j's move
    lift_q: Floats  # w_iq / S_q
    want_p: Floats  # x_ip: where j moves toward on p (and p's outcome may not pass)
    want_q: Floats  # x_jq
    way_p: Floats  # +1 or -1: the direction of j's move on p
    way_q: Floats
    seats: dict[str, _Seats]  # the candidates by each of their four party-issue positions
    order: Ints  # each candidate's place in Decide's list, for ties (see _order)


@dataclass
class _Seats:
    """Candidates by one of their party-issue positions (party * issues + issue)."""

    order: Ints  # the candidates, by position
    bounds: Ints  # where each position's run starts in ``order``

    @classmethod
    def of(cls, seat: Ints, seats: int) -> _Seats:
        order = np.argsort(seat, kind="stable")
        return cls(order, np.searchsorted(seat[order], np.arange(seats + 1)))

    def at(self, seats: list[int]) -> Ints:
        return np.concatenate([self.order[self.bounds[v] : self.bounds[v + 1]] for v in seats])


def _round(state: State) -> _Round:
    x, s, w = state.position, state.salience, state.weight
    side = sides(state, state.outcomes(), at_outcome=-1.0)
    cands = candidates(state, side, tol=TINY)
    i, j, p, q = (a.astype(np.int64) for a in (cands.i, cands.j, cands.p, cands.q))
    total = w.sum(axis=0)
    n = x.shape[1]
    return _Round(
        cands,
        s[i, p] + s[j, p],
        s[i, q] + s[j, q],
        s[i, p] / (s[i, p] + s[j, p]) - s[i, q] / (s[i, q] + s[j, q]),
        w[j, p] / total[p],
        w[i, q] / total[q],
        x[i, p],
        x[j, q],
        np.sign(x[i, p] - x[j, p]),
        np.sign(x[j, q] - x[i, q]),
        {
            "supply_i": _Seats.of(i * n + q, x.size),
            "supply_j": _Seats.of(j * n + p, x.size),
            "demand_i": _Seats.of(i * n + p, x.size),
            "demand_j": _Seats.of(j * n + q, x.size),
        },
        _order(side, i, j, p, q),
    )


def _order(side: Floats, i: Ints, j: Ints, p: Ints, q: Ints) -> Ints:
    """Each candidate's place in the order Decide lists them, which decides exact ties
    (base.py, determine_groups_and_calculate_exchanges): by issue pair (u before v, in the
    scenario's order), then the pairs of parties below the outcome on both issues with those
    above it on both before the pairs split the other way (below on u and above on v first),
    then by party order."""
    n_parties, n_issues = side.shape
    u, v = np.minimum(p, q), np.maximum(p, q)
    below = side < 0  # Decide's "left": at the outcome or below it
    group_i = below[i, u].astype(np.int64) + 2 * below[i, v]  # 0 above on both ... 3 below
    split = (group_i == 1) | (group_i == 2)  # b-c pairs come after a-d pairs
    i_first = (group_i == 0) | (group_i == 1)  # a before d, b before c
    first, second = np.where(i_first, i, j), np.where(i_first, j, i)
    order: Ints = ((u * n_issues + v) * 2 + split) * n_parties**2 + first * n_parties + second
    return order


class _Known:
    """What each candidate knows of the outcomes of its two issues within a round (Decide's
    ``updates``, base.py): the outcome at the round's start, its own mover's position, and the
    positions of the parties that moved toward one of its two demanders on that party's
    demand issue (the first position each took; update_updates keeps it). Kept as each
    candidate's shift of each outcome from the round's start."""

    def __init__(self, r: _Round, state: State) -> None:
        n = len(r.cands)
        self.shift = {"p": np.zeros(n), "q": np.zeros(n)}
        self.own = {"p": np.full(n, np.nan), "q": np.full(n, np.nan)}  # see _terms
        self.stored: dict[tuple[str, int], Floats] = {}  # (side, party): per candidate
        self.x, self.weight = state.position, state.weight
        self.total = state.weight.sum(axis=0)
        self.r = r

    def tell(self, k: Ints, side: str, issue: int, party: int, position: float) -> None:
        """Candidates ``k`` learn that ``party`` moved to ``position`` on ``issue``, their
        ``side`` ("p" or "q") issue."""
        c, x0 = self.r.cands, float(self.x[party, issue])
        own = (c.j if side == "p" else c.i)[k] == party  # the candidate's own mover there
        mine = k[own]
        self.own[side][mine] = np.where(
            np.isnan(self.own[side][mine]), position, self.own[side][mine]
        )
        others = k[~own]
        if (side, party) not in self.stored:
            self.stored[side, party] = np.full(len(c), np.nan)
        stored = self.stored[side, party]
        old = stored[others]
        known = ~np.isnan(old)
        kept = np.where(x0 <= old, np.minimum(old, position), np.maximum(old, position))
        new = np.where(known, kept, position)
        per = float(self.weight[party, issue] / self.total[issue])
        self.shift[side][others] += (new - np.where(known, old, x0)) * per
        stored[others] = new


def _terms(
    r: _Round, k: Ints, voting: Floats, start: Floats, known: _Known
) -> tuple[Floats, Floats, Floats, Floats]:
    """For candidates ``k``, as Decide works an exchange out (equalgain.py, calculate; base.py,
    check_nbs): t before the caps, t after them, and how far each mover has to go (shares,
    in its first direction; 0 or less when it would have to turn back).

    First the whole move of one mover, as the rate allows. Then the caps, i's issue first:
    where the outcome, as the candidate knows it, would pass from before the demander's
    position to beyond it, the mover moves as far as takes that outcome to the demander, the
    other as the rate asks. Decide works that distance out with the mover at the position
    its record of others' moves holds for it, when it holds one (adjusted_nbs_by_position
    sets the mover's position before the recorded ones), not at its voting position."""
    c = r.cands
    i, j, p, q = (a[k].astype(np.int64) for a in (c.i, c.j, c.p, c.q))
    x = known.x
    span_p = (r.want_p[k] - voting[j, p]) * r.way_p[k]
    span_q = (r.want_q[k] - voting[i, q]) * r.way_q[k]
    whole = np.minimum(
        np.abs(span_p) * r.lift_p[k] * r.a_p[k], np.abs(span_q) * r.lift_q[k] * r.a_q[k]
    )
    t = whole
    for side, mover, issue, lift, a, want, way in (
        ("q", i, q, r.lift_q[k], r.a_q[k], r.want_q[k], r.way_q[k]),
        ("p", j, p, r.lift_p[k], r.a_p[k], r.want_p[k], r.way_p[k]),
    ):
        others = start[issue] + known.shift[side][k]
        before = others + (voting[mover, issue] - x[mover, issue]) * lift
        # from before the demander or at it (an earlier cap left it there: no further move)
        passes = ((want - before) * way > TINY) & ((want - (before + way * t / a)) * way < 0)
        own = known.own[side][k]
        held = np.where(np.isnan(own), voting[mover, issue], own)
        t = np.where(passes, np.abs(want - (others + (held - x[mover, issue]) * lift)) * a, t)
    return whole, t, span_p, span_q


def decide_round(
    state: State, rng: np.random.Generator | None = None
) -> tuple[list[Realised], State, State]:
    """One round of Decide's procedure: the trades realised in order, the state with the
    voting positions at the end of the round, and the state the next round starts from.
    Exact ties go to the first in Decide's list (:func:`_order`), or to a draw from ``rng``."""
    r = _round(state)
    n, n_issues = len(r.cands), state.position.shape[1]
    voting = state.position.copy()
    start = state.outcomes()
    known = _Known(r, state)
    gain = np.full(n, -np.inf)
    size = np.zeros(n)  # t as last worked out: a candidate not worked out again keeps it
    alive: Bools = np.ones(n, bool)
    # Decide keeps each mover's moves, as worked out, in a list, and drops a candidate once
    # their sum passes the whole scale (base.py, is_move_valid): their sum and the last one
    sums = {"i": np.zeros(n), "j": np.zeros(n)}
    last = {"i": np.zeros(n), "j": np.zeros(n)}

    def judge(k: Ints, adds_i: Bools, adds_j: Bools) -> None:
        whole, t, span_p, span_q = _terms(r, k, voting, start, known)
        ok = alive[k] & (span_p > 0) & (span_q > 0)  # a mover past its target turns back
        ok &= whole * r.rate[k] >= TINY
        c = r.cands
        at = {"i": voting[c.i[k], c.q[k]], "j": voting[c.j[k], c.p[k]]}  # the movers now
        for size_of in (whole, t):  # Decide checks the moves before the caps and after
            move = {
                "i": r.way_q[k] * size_of / r.a_q[k] / r.lift_q[k],
                "j": r.way_p[k] * size_of / r.a_p[k] / r.lift_p[k],
            }
            for side, adds in (("i", adds_i), ("j", adds_j)):
                total = sums[side][k] + move[side] - np.where(adds, 0.0, last[side][k])
                ok &= (np.abs(move[side]) > TINY) & (total <= 1.0)
                ok &= (at[side] + move[side] >= -TINY) & (at[side] + move[side] <= 1 + TINY)
        for side, adds in (("i", adds_i), ("j", adds_j)):
            sums[side][k] += move[side] - np.where(adds, 0.0, last[side][k])
            last[side][k] = move[side]
        alive[k] = ok
        gain[k] = np.where(ok, t * r.rate[k], -np.inf)
        size[k] = t

    judge(np.arange(n), np.ones(n, bool), np.ones(n, bool))
    scratch = np.zeros(n, bool)
    done: list[Realised] = []
    while n:
        best = int(np.argmax(gain))
        if not alive[best]:
            break
        tied = np.flatnonzero(gain >= gain[best] * (1 - TIE))
        if len(tied) > 1:
            first, second = tied[np.argsort(r.order[tied])[:2]]
            best = int(first)
            if rng is not None and rng.random() >= 0.5:
                # Decide's coin (highest_gain): the second of its list is realised, and the
                # first goes to the end of the list
                best = int(second)
                r.order[first] = r.order.max() + 1
        trade = _trade(r, best, float(size[best]), voting, state)
        # what it opens with the accepted ranges where the movers so far have taken them
        [opened] = opens_all(state.moved(voting), [trade])
        done.append(Realised(trade, *opened))
        voting[trade.j, trade.p] += trade.move_jp
        voting[trade.i, trade.q] += trade.move_iq
        alive[best] = False
        gain[best] = -np.inf
        # Decide works out again the candidates that share a mover's position (which moved)
        # or a demander's (whose updates change) (base.py, recalculate)
        i, j, p, q = trade.i, trade.j, trade.p, trade.q
        supply = [i * n_issues + q, j * n_issues + p]
        sup_i, sup_j = r.seats["supply_i"].at(supply), r.seats["supply_j"].at(supply)
        told = []
        for seat, issue, party, position in (
            (j * n_issues + q, q, i, voting[i, q]),  # j demanded q: i moved on it
            (i * n_issues + p, p, j, voting[j, p]),
        ):
            for side, seats in (("p", "demand_i"), ("q", "demand_j")):
                k = r.seats[seats].at([seat])
                k = k[alive[k]]
                known.tell(k, side, issue, party, float(position))
                told.append(k)
        again = np.unique(np.concatenate([sup_i, sup_j, *told]))
        again = again[alive[again]]
        if again.size:  # scratch marks the few candidates at hand, then is cleared again
            scratch[sup_i] = True
            adds_i = scratch[again]
            scratch[sup_i] = False
            scratch[sup_j] = True
            adds_j = scratch[again]
            scratch[sup_j] = False
            judge(again, adds_i, adds_j)
    voting = np.clip(voting, 0.0, 1.0)
    kept = FIXED + SALIENCE * (1 - state.salience)
    return done, state.moved(voting), state.moved(state.position + kept * (voting - state.position))


def _trade(r: _Round, k: int, t: float, voting: Floats, state: State) -> Trade:
    """Candidate ``k`` as last worked out (t), its movers at their voting positions."""
    c = r.cands
    i, j, p, q = int(c.i[k]), int(c.j[k]), int(c.p[k]), int(c.q[k])
    d_p, d_q = t / r.a_p[k], t / r.a_q[k]
    s = state.salience
    return Trade(
        i,
        j,
        p,
        q,
        float(r.way_p[k] * d_p / r.lift_p[k]),
        float(r.way_q[k] * d_q / r.lift_q[k]),
        float(r.way_p[k] * d_p),
        float(r.way_q[k] * d_q),
        float(s[i, p] * d_p - s[i, q] * d_q),
        float(voting[j, p]),
        float(voting[i, q]),
    )


def decide_rounds(
    state: State, limit: int, seed: int | None = None
) -> tuple[list[list[Realised]], State]:
    """Up to ``limit`` rounds of Decide's procedure, stopping early when no trade is left:
    the trades of each round and the state after the last. ``seed``: break exact ties by
    Decide's coin, drawn from it (default: the first in Decide's list, :func:`_order`)."""
    rng = None if seed is None else np.random.default_rng(seed)

    def step(state: State, _: int) -> tuple[list[Realised], State]:
        done, _voting, after = decide_round(state, rng)
        return done, after

    return rounds(state, limit, step=step)
