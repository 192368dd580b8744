"""Which issues a pair of parties is deadlocked on (both have a stance, nothing both accept),
one party against others at a time.

Every pair's list together is P^2/2 x I at worst (tens of millions of entries at thousands
of parties), so :class:`PairDeadlocks` computes a pair's list, or a party's row of them,
only when asked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from gapcli.engine.arrays import Bools, Compiled, Ints

CHUNK_ELEMENTS = 2_000_000  # cells of one (others, issues, options) working array


def apart_issues(c: Compiled, a: int, others: Ints) -> list[tuple[int, ...]]:
    """For party ``a`` against each party in ``others``: the positions in
    ``scenario.issues`` of the issues both take a stance on and accept nothing in common,
    in the scenario's order."""
    return _Packed(c).apart(a, others)


def deadlocked(
    c: Compiled, pairs: Sequence[tuple[int, int]], first: int | None = None
) -> list[tuple[tuple[int, ...], int]]:
    """For each pair ``(a, b)`` (party indices), the issues :func:`apart_issues` finds (at
    most ``first`` of them) and how many there are in all: for the few pairs a table shows,
    without every pair's list."""
    packed = _Packed(c)
    by_first: dict[int, list[int]] = {}
    for a, b in pairs:
        by_first.setdefault(a, []).append(b)
    found: dict[tuple[int, int], tuple[int, ...]] = {}
    for a, others in by_first.items():
        for b, issues in zip(
            others, packed.apart(a, np.array(others, dtype=np.int64)), strict=True
        ):
            found[a, b] = issues
    return [(found[ab][:first], len(found[ab])) for ab in pairs]


class _Packed:
    """The choice and set stances as bytes (one bit an option), built once: a pair accepts
    nothing in common on a choice issue when the AND of their bytes is 0, and clashes on a
    set issue when one requires what the other rejects. With fewer than 8 options the top
    bit of a choice byte marks a stance, so that one comparison says "both have a stance and
    nothing in common"."""

    def __init__(self, c: Compiled) -> None:
        self.c = c
        ch, st = c.choice, c.sets
        self.stance_bit = 0 < ch.accepts.shape[-1] < 8
        accepts = np.packbits(ch.accepts, axis=2, bitorder="little")
        if self.stance_bit:
            accepts[:, :, 0] |= ch.mask.astype(np.uint8) << 7
        self.accepts = accepts
        self.require = np.packbits(st.require, axis=2, bitorder="little")
        self.reject = np.packbits(st.reject, axis=2, bitorder="little")

    def apart(self, a: int, others: Ints) -> list[tuple[int, ...]]:
        found_rows: list[Ints] = []
        found_issues: list[Ints] = []
        for index, apart in self._blocks(a, others):
            row, issue = np.nonzero(apart)
            found_rows.append(row)
            found_issues.append(index[issue])
        rows = np.concatenate(found_rows) if found_rows else np.zeros(0, dtype=np.int64)
        issues = np.concatenate(found_issues) if found_issues else np.zeros(0, dtype=np.int64)
        order = np.lexsort((issues, rows))
        rows, issues = rows[order], issues[order]
        cuts = np.searchsorted(rows, np.arange(len(others) + 1)).tolist()
        flat = issues.tolist()
        return [tuple(flat[cuts[k] : cuts[k + 1]]) for k in range(len(others))]

    def _blocks(self, a: int, others: Ints) -> Iterator[tuple[Ints, Bools]]:
        """(issue positions, (len(others), chunk) deadlocked) over chunks of each kind's
        issues."""
        m = max(1, len(others))
        s = self.c.scale
        for j in _chunks(len(s.issues), m):
            both = s.mask[a, j][None] & s.mask[others, j]
            lo = np.maximum(s.lo[a, j][None], s.lo[others, j])
            hi = np.minimum(s.hi[a, j][None], s.hi[others, j])
            yield s.index[j], both & (lo > hi)
        ch, acc = self.c.choice, self.accepts
        for j in _chunks(len(ch.issues), m * acc.shape[-1]):
            common = acc[a, j][None] & acc[others, j]
            if self.stance_bit:
                yield ch.index[j], common[:, :, 0] == 128
            else:
                both = ch.mask[a, j][None] & ch.mask[others, j]
                yield ch.index[j], both & ~common.any(axis=-1)
        st, req, rej = self.c.sets, self.require, self.reject
        for j in _chunks(len(st.issues), m * req.shape[-1]):  # no stance: nothing to clash
            clash = (req[a, j][None] & rej[others, j]) | (rej[a, j][None] & req[others, j])
            yield st.index[j], np.asarray(clash.any(axis=-1))


def _chunks(issues: int, per_issue: int) -> list[slice]:
    step = max(1, CHUNK_ELEMENTS // max(1, per_issue))
    return [slice(start, start + step) for start in range(0, issues, step)]


class PairDeadlocks(Mapping[tuple[int, int], tuple[int, ...]]):
    """Each pair ``(a, b)`` with ``a < b`` and a deadlock -> the positions in
    ``scenario.issues`` of its deadlocked issues, computed when looked up (nothing is kept).

    ``row(a)`` gives party ``a``'s pairs with every later party at once, which is the fast
    way through all of them.
    """

    __slots__ = ("_c", "_counts", "_packed")

    def __init__(self, c: Compiled, counts: Ints) -> None:
        self._c = c
        self._counts = counts  # (P, P) deadlocked issues per pair
        self._packed: _Packed | None = None

    def _apart(self, a: int, others: Ints) -> list[tuple[int, ...]]:
        if self._packed is None:
            self._packed = _Packed(self._c)
        return self._packed.apart(a, others)

    def _has(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 2:
            return False
        a, b = key
        if not isinstance(a, int | np.integer) or not isinstance(b, int | np.integer):
            return False
        return bool(0 <= a < b < len(self._counts) and self._counts[a, b])

    def __getitem__(self, key: tuple[int, int]) -> tuple[int, ...]:
        if not self._has(key):
            raise KeyError(key)
        a, b = key
        return self._apart(int(a), np.array([b], dtype=np.int64))[0]

    def __contains__(self, key: object) -> bool:
        return self._has(key)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for a in range(len(self._counts)):
            for b in (np.flatnonzero(self._counts[a, a + 1 :]) + a + 1).tolist():
                yield a, b

    def __len__(self) -> int:
        total = int(np.count_nonzero(self._counts))
        return (total - int(np.count_nonzero(np.diagonal(self._counts)))) // 2

    def row(self, a: int) -> dict[int, tuple[int, ...]]:
        """Every later party ``b > a`` that ``a`` has a deadlock with -> its issues."""
        others = np.flatnonzero(self._counts[a, a + 1 :]) + a + 1
        return dict(zip(others.tolist(), self._apart(a, others), strict=True))
