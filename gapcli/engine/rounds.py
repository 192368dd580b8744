"""Rounds of trades (docs/model.md, "Trades"): the trades of a round taken greedily by
gain, each party's position on each issue traded at most once, and round after round."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gapcli.engine.arrays import Bools, Ints
from gapcli.engine.trades import (
    Candidates,
    Index,
    Realised,
    State,
    candidates,
    opens_all,
)


def first_free(i: Index, j: Index, p: Index, q: Index, used: Bools, start: int) -> int:
    """The first of the candidates (``i``, ``j``, ``p``, ``q``) from ``start`` on none of
    whose four party-issue positions is ``used`` (len(i) when none is). Scans blocks that
    double while nothing is free, so a long run of blocked candidates costs a few array
    passes, not one step each."""
    block, n = 64, len(i)
    while start < n:
        end = min(n, start + block)
        a, b, c, d = i[start:end], j[start:end], p[start:end], q[start:end]
        free = np.flatnonzero(~(used[a, c] | used[a, d] | used[b, c] | used[b, d]))
        if free.size:
            return start + int(free[0])
        start, block = end, min(block * 2, 1 << 20)
    return n


#: Candidates ranked at a time when realising a round; the rest wait, and most of them are
#: blocked (a position they need already traded) before their turn comes.
TIER = 1 << 18


def realise(state: State, cands: Candidates) -> tuple[list[Realised], State]:
    """One round: the trades taken greedily by gain, each party's position on each issue
    traded at most once per round; their records (what each opens: applied alone to
    ``state``), and the state after them.

    The best :data:`TIER` are ranked and taken in turn; then the candidates a trade has
    blocked are dropped (they never come free again) and the best of the rest ranked. The
    terms of a trade are those of ``state`` whatever was taken before it, so the chosen are
    worked out together at the end."""
    used = np.zeros(state.position.shape, bool)
    chosen: list[int] = []
    left: Ints | None = None  # None: all
    waiting: Bools | None = None
    while True:
        tier = cands.ranked(left, TIER)
        i, j, p, q = (a[tier].astype(np.int64) for a in (cands.i, cands.j, cands.p, cands.q))
        k = first_free(i, j, p, q, used, 0)
        while k < len(tier):
            used[[i[k], i[k], j[k], j[k]], [p[k], q[k], p[k], q[k]]] = True
            chosen.append(int(tier[k]))
            k = first_free(i, j, p, q, used, k + 1)
        if len(tier) == (len(cands) if left is None else len(left)):
            break
        if waiting is None:
            waiting = np.ones(len(cands), bool)
        waiting[tier] = False
        left = np.flatnonzero(waiting & ~_blocked(cands, used))
        if not left.size:
            break
    done = cands.trades(state, np.array(chosen, np.int64))
    position = state.position.copy()
    for t in done:
        position[t.j, t.p] += t.move_jp
        position[t.i, t.q] += t.move_iq
    records = [Realised(t, *opened) for t, opened in zip(done, opens_all(state, done), strict=True)]
    return records, state.moved(np.clip(position, 0.0, 1.0))


def _blocked(cands: Candidates, used: Bools) -> Bools:
    """(N,) candidates one of whose four party-issue positions is ``used``. A pair's
    candidates share their two parties, so per pair: the issues either has traded, then two
    gathers from that short vector."""
    out = np.empty(len(cands), bool)
    for lo, hi in zip(cands.starts[:-1].tolist(), cands.starts[1:].tolist(), strict=True):
        either = used[cands.i[lo]] | used[cands.j[lo]]
        out[lo:hi] = either[cands.p[lo:hi]] | either[cands.q[lo:hi]]
    return out


#: One round: from the state it starts in (and its number, from 0), the trades it realised
#: and the state after it.
Step = Callable[[State, int], tuple[list[Realised], State]]


def rounds(
    state: State, limit: int, step: Step | None = None
) -> tuple[list[list[Realised]], State]:
    """Up to ``limit`` rounds, stopping early when no trade is left: the trades of each round
    and the state after the last. ``step``: how a round goes (default: :func:`realise` on
    the round's candidates)."""

    def once(state: State, _: int) -> tuple[list[Realised], State]:
        return realise(state, candidates(state))

    history: list[list[Realised]] = []
    for n in range(limit):
        done, after = (step or once)(state, n)
        if not done:
            break
        history.append(done)
        state = after
    return history, state
