"""The gap matrix G, one block of parties at a time (docs/model.md, "The pair gap G").

Each pass takes a block of rows (parties ``r0`` to ``r1``) against the columns from ``r0``
on: the upper triangle, as G is symmetric; the lower one is mirrored at the end. Nothing of
size parties x parties x issues is ever held: the scale and set parts run over chunks of
issues inside the block (issue-major, so that summing over issues adds whole planes), the
choice part is matrix products, so the working memory stays near ``CHUNK_ELEMENTS`` cells
whatever the size, and the result is the three (P, P) matrices.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from gapcli.engine.apart import PairDeadlocks
from gapcli.engine.arrays import Bools, Compiled, Floats, Ints
from gapcli.engine.results import Gaps

CHUNK_ELEMENTS = 2_000_000  # cells of one (issues, rows, columns[, options]) working array
ROW_CELLS = 1_000_000  # rows x columns of one block of pairs
SMALL_PRODUCT = 16  # inner sizes up to this are summed by einsum, not BLAS (see _product)
TILE = 256  # rows and columns of one tile when the upper triangle is mirrored


def gap_matrix(c: Compiled, *, deadlock_lists: bool = False) -> Gaps:
    """G_ab = sum_i w_i d_i / sum_i w_i over the issues both have a stance on.

    Where the shared issues' weights sum to 0 (every salience 0) G is the plain mean of d;
    where no issue is shared G is ``nan`` (shown as a dash, JSON null). With
    ``deadlock_lists``, ``deadlock_issues`` maps each pair with a deadlock to its
    deadlocked issues; each pair's list is computed when it is looked up (P^2/2 pairs x I
    issues would not fit in memory at thousands of parties), never all at once.
    """
    n = len(c.party_ids)
    gap = np.zeros((n, n))
    shared = np.zeros((n, n), dtype=np.int64)
    deadlocks = np.zeros((n, n), dtype=np.int64)
    inputs = _Inputs.of(c)
    for r0, r1 in _row_blocks(n):
        _block(inputs, slice(r0, r1), slice(r0, n), gap[r0:r1, r0:], shared[r0:r1, r0:],
               deadlocks[r0:r1, r0:])  # fmt: skip
    for array in (gap, shared, deadlocks):
        _mirror(array)
        array.setflags(write=False)
    lists = PairDeadlocks(c, deadlocks) if deadlock_lists else None
    return Gaps(c.party_ids, gap, shared, deadlocks, lists)


def _row_blocks(n: int) -> Iterator[tuple[int, int]]:
    step = max(1, min(n, ROW_CELLS // max(1, n)))
    for r0 in range(0, n, step):
        yield r0, min(n, r0 + step)


def _chunks(issues: int, pairs: int, options: int = 1) -> list[slice]:
    """At most 255 issues a chunk, so that counts over a chunk fit a byte."""
    step = max(1, min(255, CHUNK_ELEMENTS // max(1, pairs * max(1, options))))
    return [slice(start, start + step) for start in range(0, issues, step)]


def _count(flags: Bools) -> npt.NDArray[np.uint8]:
    """How many are set along the first axis (a chunk of at most 255 issues)."""
    counts: npt.NDArray[np.uint8] = np.add.reduce(flags.view(np.uint8), axis=0, dtype=np.uint8)
    return counts


def _mirror(m: npt.NDArray[Any]) -> None:
    """Copy the upper triangle onto the lower one, a tile at a time (cache-friendly)."""
    n = len(m)
    for i0 in range(0, n, TILE):
        i1 = min(n, i0 + TILE)
        square = m[i0:i1, i0:i1]
        square[...] = np.triu(square) + np.triu(square, 1).T
        for j0 in range(i1, n, TILE):
            m[j0 : j0 + TILE, i0:i1] = m[i0:i1, j0 : j0 + TILE].T


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What every block reads: all kinds' masks and saliences side by side (for the
    products), the scale and set arrays issue-major, and the choice issues as flat
    (party, issue x option) matrices."""

    mask: Floats  # (P, I) every kind, 1 where a stance
    salience: Floats  # (P, I) 0 where none
    scale: dict[str, npt.NDArray[Any]]  # (Is, P) arrays, and width (Is, 1, 1)
    scale_dense: bool  # every party has a stance on every scale issue
    choice: dict[str, npt.NDArray[Any]]  # flat matrices; packed (Ic, P) or (Ic, P, bytes)
    sets: dict[str, npt.NDArray[Any]]  # (Iz, P) and (Iz, P, K) arrays

    @staticmethod
    def of(c: Compiled) -> _Inputs:
        blocks = (c.scale, c.choice, c.sets)
        s = c.scale
        scale = {
            "mask": s.mask.T.copy(),
            "position": s.position.T.copy(),
            "lo": s.lo.T.copy(),
            "hi": s.hi.T.copy(),
            "salience": s.salience.T.copy(),
            "width": s.width[:, None, None],
        }
        z = c.sets
        sets = {
            "mask": z.mask.T.copy(),
            "require": z.require.transpose(1, 0, 2).copy(),
            "reject": z.reject.transpose(1, 0, 2).copy(),
            "salience": z.salience.T.copy(),
        }
        return _Inputs(
            mask=np.concatenate([x.mask for x in blocks], axis=1).astype(np.float64),
            salience=np.concatenate([x.salience * x.mask for x in blocks], axis=1),
            scale=scale,
            scale_dense=bool(s.mask.all()),
            choice=_choice_inputs(c),
            sets=sets,
        )


def _choice_inputs(c: Compiled) -> dict[str, npt.NDArray[Any]]:
    b = c.choice
    n, _, k = b.accepts.shape
    mask = b.mask.astype(np.float64)
    s = b.salience * mask
    one_hot = np.zeros(b.accepts.shape)
    p, i = np.nonzero(b.mask)
    one_hot[p, i, b.prefers[p, i]] = 1.0
    accepted = b.accepts.reshape(n, -1).astype(np.float64)
    preferred = one_hot.reshape(n, -1)
    per_option = np.repeat(s, k, axis=1)
    packed = np.packbits(b.accepts, axis=2, bitorder="little").transpose(1, 0, 2)
    if 0 < k < 8:  # one byte: the top bit says "has a stance", see _choice
        packed[:, :, 0] |= b.mask.T.astype(np.uint8) << 7
    return {
        "mask": mask,
        "salience": s,
        "accepted": accepted,
        "preferred": preferred,
        "s_accepted": per_option * accepted,
        "s_preferred": per_option * preferred,
        "packed": packed[:, :, 0].copy() if packed.shape[2] == 1 else packed.copy(),
        "mask_t": b.mask.T.copy(),
    }


def _product(a: Floats, b: Floats) -> Floats:
    """a @ b.T. With few issues the product is a thin sum that BLAS, starting its threads,
    makes slower and noisier (several times, on a busy machine) than one plain loop."""
    if a.shape[1] <= SMALL_PRODUCT:
        out: Floats = np.einsum("ik,jk->ij", a, b)
        return out
    product: Floats = a @ b.T
    return product


def _block(t: _Inputs, rows: slice, cols: slice, gap: Floats, shared: Ints, dead: Ints) -> None:
    """G, shared issues and deadlocked issues for the pairs rows x cols, written into the
    given views."""
    shared[...] = np.rint(_product(t.mask[rows], t.mask[cols]))
    weights = _product(t.salience[rows], t.mask[cols])
    weights += _product(t.mask[rows], t.salience[cols])
    weights /= 2
    unweighted = (weights <= 0) & (shared > 0)
    plain = np.zeros(shared.shape) if unweighted.any() else None
    weighted = gap  # the sum of w * d is gathered in place, then divided
    weighted[...] = 0.0
    dead[...] = 0
    _scale(t, rows, cols, weighted, plain, dead)
    _choice(t.choice, rows, cols, weighted, plain, dead)
    _sets(t.sets, rows, cols, weighted, plain, dead)
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(weighted, weights, out=gap)
    if plain is not None:
        gap[unweighted] = (plain / np.maximum(shared, 1))[unweighted]
    np.clip(gap, 0.0, 1.0, out=gap)
    gap[shared == 0] = np.nan
    if rows.start == cols.start:  # the party itself
        np.fill_diagonal(gap, 0.0)


def _scale(
    t: _Inputs, rows: slice, cols: slice, weighted: Floats, plain: Floats | None, dead: Ints
) -> None:
    a = t.scale
    for j in _chunks(len(a["mask"]), weighted.size):
        x = a["position"][j]
        distance = x[:, rows, None] - x[:, None, cols]  # (issues, rows, columns)
        np.abs(distance, out=distance)
        distance /= a["width"][j]
        both: Bools | None = None
        if not t.scale_dense:
            both = a["mask"][j, rows, None] & a["mask"][j, None, cols]
            distance *= both
        s = a["salience"][j]
        weight = s[:, rows, None] + s[:, None, cols]
        weight /= 2
        weight *= distance
        weighted += weight.sum(axis=0)
        if plain is not None:
            plain += distance.sum(axis=0)
        lo, hi = a["lo"][j], a["hi"][j]
        apart = np.maximum(lo[:, rows, None], lo[:, None, cols])
        apart = apart > np.minimum(hi[:, rows, None], hi[:, None, cols])
        if both is not None:
            apart &= both
        dead += _count(apart)


def _choice(
    a: dict[str, npt.NDArray[Any]],
    rows: slice,
    cols: slice,
    weighted: Floats,
    plain: Floats | None,
    dead: Ints,
) -> None:
    """The choice part without a (rows, cols, issues, options) array.

    With t_abi = [a accepts b's preferred option] (1 for both when they prefer the same),
    d = 1 - (t_ab + t_ba) / 2, so sum_i w d = sum_i w - (T_ab + T_ba) / 2 where
    T_ab = sum_i w_abi t_abi = sum_{i,k} (s_ai + s_bi) / 2 * A_aik * E_bik (A accepted,
    E preferred, one-hot): matrix products (on a square block T_ba is T_ab transposed).
    Compatibility (an option both accept) is a bitwise AND of packed accepted sets; with
    fewer than 8 options the top bit of the byte marks a stance, so that a pair is apart on
    an issue exactly when the AND of their bytes is that bit alone.
    """
    if not a["mask_t"].shape[0]:
        return
    acc, pref, s_acc, s_pref = a["accepted"], a["preferred"], a["s_accepted"], a["s_preferred"]
    square = rows == cols
    ab = 0.5 * (_product(s_acc[rows], pref[cols]) + _product(acc[rows], s_pref[cols]))
    ba = (
        ab.T
        if square
        else 0.5 * (_product(pref[rows], s_acc[cols]) + _product(s_pref[rows], acc[cols]))
    )
    m, s = a["mask"], a["salience"]
    weights = _product(s[rows], m[cols])
    weights += _product(m[rows], s[cols])
    weights /= 2
    weighted += weights - (ab + ba) / 2
    if plain is not None:
        u_ab = _product(acc[rows], pref[cols])
        u_ba = u_ab.T if square else _product(pref[rows], acc[cols])
        plain += _product(m[rows], m[cols]) - (u_ab + u_ba) / 2
    packed, mask = a["packed"], a["mask_t"]
    per_issue = packed.shape[2] if packed.ndim == 3 else 1
    for j in _chunks(len(mask), weighted.size, per_issue):
        common = packed[j, rows, None] & packed[j, None, cols]
        if common.ndim == 3:
            dead += _count(common == 128)
        else:
            apart = mask[j, rows, None] & mask[j, None, cols] & ~common.any(axis=-1)
            dead += _count(apart)


def _sets(
    a: dict[str, npt.NDArray[Any]],
    rows: slice,
    cols: slice,
    weighted: Floats,
    plain: Floats | None,
    dead: Ints,
) -> None:
    req, rej = a["require"], a["reject"]
    for j in _chunks(len(a["mask"]), weighted.size, req.shape[-1]):
        both = a["mask"][j, rows, None] & a["mask"][j, None, cols]
        r, x = req[j], rej[j]
        clash = (r[:, rows, None] & x[:, None, cols]) | (x[:, rows, None] & r[:, None, cols])
        either = r[:, rows, None] | x[:, rows, None] | r[:, None, cols] | x[:, None, cols]
        conflicts = clash.sum(axis=-1)
        union = either.sum(axis=-1)
        distance = np.divide(conflicts, union, out=np.zeros(conflicts.shape), where=union > 0)
        distance *= both
        s = a["salience"][j]
        weighted += ((s[:, rows, None] + s[:, None, cols]) / 2 * distance).sum(axis=0)
        dead += _count(both & (conflicts > 0))
        if plain is not None:
            plain += distance.sum(axis=0)
