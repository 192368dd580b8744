"""The issues on which chosen pairs of parties are deadlocked, from the compiled arrays.

The engine's :func:`~gapcli.engine.pair_issues` makes one object per shared issue of one
pair (tens of milliseconds a pair on thousands of issues), and ``gap_matrix`` gathers every
pair's list at once (P^2/2 x I at worst). A table shows a few dozen pairs: this answers for
just those, a block of pairs at a time, with the engine's own tests of compatibility (scale:
the accepted intervals do not meet; choice: no option both accept; set: one requires what the
other rejects).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from gapcli.engine import Compiled
    from gapcli.engine.arrays import Bools, Ints

CELLS = 4_000_000  # pair x issue x option cells of one block of pairs


def deadlocked(
    c: Compiled, pairs: Sequence[tuple[int, int]], first: int | None = None
) -> list[tuple[tuple[int, ...], int]]:
    """For each pair ``(a, b)`` (party indices): the positions in ``scenario.issues`` of the
    issues both take a stance on and accept nothing in common on, in the scenario's order
    (at most ``first`` of them), and how many there are in all."""
    index = np.concatenate([c.scale.index, c.choice.index, c.sets.index])
    order = np.argsort(index, kind="stable")  # columns in the scenario's issue order
    issues = index[order]
    options = max(1, c.choice.accepts.shape[-1], c.sets.require.shape[-1])
    step = max(1, CELLS // max(1, len(issues) * options))
    out: list[tuple[tuple[int, ...], int]] = []
    for start in range(0, len(pairs), step):
        chunk = pairs[start : start + step]
        a = np.array([p[0] for p in chunk], dtype=np.int64)
        b = np.array([p[1] for p in chunk], dtype=np.int64)
        dead = _apart(c, a, b)[:, order]
        counts = dead.sum(axis=1)
        for k in range(len(chunk)):
            found = np.flatnonzero(dead[k])
            if first is not None:
                found = found[:first]
            out.append((tuple(issues[found].tolist()), int(counts[k])))
    return out


def _apart(c: Compiled, a: Ints, b: Ints) -> Bools:
    """(pairs, issues) in the order scale, choice, set: both take a stance, nothing in
    common (the engine's ``compatible`` is False)."""
    s, ch, st = c.scale, c.choice, c.sets
    gap = np.maximum(s.lo[a], s.lo[b]) - np.minimum(s.hi[a], s.hi[b])
    scale = s.mask[a] & s.mask[b] & (gap > 0)
    choice = ch.mask[a] & ch.mask[b] & ~(ch.accepts[a] & ch.accepts[b]).any(axis=-1)
    clash = (st.require[a] & st.reject[b]) | (st.reject[a] & st.require[b])
    sets = st.mask[a] & st.mask[b] & clash.any(axis=-1)
    return np.concatenate([scale, choice, sets], axis=1)
