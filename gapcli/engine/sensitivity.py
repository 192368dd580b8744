"""Monte Carlo over the stances' ``uncertainty`` (docs/model.md, "Sensitivity").

Each sample redraws every uncertain stance and reruns the issue analysis on all samples at
once: the samples are extra columns for the same array kernels that analyse one scenario.

* scale: the position and the accepted range shift together by one draw, uniform on
  [-u, +u], each end clipped to the issue's range;
* choice: with probability u the stance is misread by one option: an option other than the
  preferred one, drawn uniformly, changes sides (accepted <-> not accepted);
* set: with probability u one option, drawn uniformly, changes: a required or rejected
  option becomes free, a free one becomes required or rejected (even odds).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from gapcli.engine.arrays import (
    Bools,
    ChoiceBlock,
    Compiled,
    Floats,
    Ints,
    ScaleBlock,
    SetBlock,
    taking_part,
)
from gapcli.engine.forecast import forecast_weights, weighted_mean, weighted_median
from gapcli.engine.kernels import choice_core, scale_core, set_blockers, set_core

SUMMED = {"blocks", "apart", "include"}  # per-chunk counts, summed over chunks
CELLS_PER_CHUNK = 4_000_000  # array cells per batch of samples: bounds memory
PAIR_CELLS = 2_000_000  # party x party x issue: above it, pairs are left out by default


@dataclass(frozen=True, slots=True)
class Samples:
    """Per issue (in each block's order) and sample: what the analysis found."""

    scale_deadlock: Bools  # (I, N)
    scale_bridge: Floats  # (I, N)
    scale_mean: Floats  # (I, N)
    scale_median: Floats  # (I, N)
    choice_deadlock: Bools
    choice_bridge: Ints  # (I, N) option index
    set_deadlock: Bools
    set_include: Floats  # (I, K) share of samples that include each option
    blocks: dict[str, Floats]  # kind -> (P, I) share of samples where the party blocks
    apart: dict[str, Floats] | None  # kind -> (P, P, I) share where the pair accepts nothing
    # in common; None when pairs were left out


def run(
    c: Compiled,
    samples: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    pairs: bool | None = None,
    cells: int = CELLS_PER_CHUNK,
) -> Samples:
    """``samples`` draws with ``seed``; ``progress(done)`` after each batch. Pair-by-issue
    incompatibility costs P x P x I per draw: by default it is computed only while that is
    at most PAIR_CELLS (``apart`` is ``None`` otherwise). ``cells``: array cells per batch
    of samples (memory grows with it). Observers take no part: their
    stances are not drawn, and they are in no issue and no pair of the samples."""
    c = taking_part(c)
    rng = np.random.default_rng(seed)
    n_p, n_i = len(c.party_ids), max(1, len(c.scenario.issues))
    if pairs is None:
        pairs = n_p * n_p * n_i <= PAIR_CELLS
    k = max(
        1,
        c.choice.valid.shape[1] if c.choice.issues else 1,
        c.sets.valid.shape[1] if c.sets.issues else 1,
    )
    drawn, fixed = _split(c)
    # Issues where no stance is uncertain come out the same in every draw: analysed once.
    # (Any generator will do there: every draw is multiplied by, or compared with, 0.)
    once = {kind: f(fixed, np.random.default_rng(0), 1, pairs) for kind, f in KINDS.items()}
    n_drawn = sum(len(block.issues) for _, block in drawn.kinds)
    n_cells = n_p * max(1, n_drawn) * (n_p if pairs else k)
    chunk = max(1, cells // max(1, n_cells))
    parts: list[dict[str, dict[str, Any]]] = []
    sums: dict[str, dict[str, Any]] = {"scale": {}, "choice": {}, "set": {}}
    done = 0
    while done < samples:
        n = min(chunk, samples - done)
        part = {
            kind: _merge(c, kind, f(drawn, rng, n, pairs), once[kind], n)
            for kind, f in KINDS.items()
        }
        for kind, found in part.items():  # counts are summed at once: memory stays flat
            for key in SUMMED & found.keys():
                value = found.pop(key)
                sums[kind][key] = value if key not in sums[kind] else sums[kind][key] + value
        parts.append(part)
        done += n
        if progress is not None:
            progress(done)
    return _combine(c, parts, sums, samples)


BLOCKS = {"scale": "scale", "choice": "choice", "set": "sets"}  # kind -> Compiled field
ISSUE_FIRST = {"issues", "index", "width", "valid"}  # block fields indexed by issue first


def _split(c: Compiled) -> tuple[Compiled, Compiled]:
    """The scenario cut in two, issue by issue: the issues where some stance has an
    uncertainty, and the others."""

    def cut(block: B, uncertain: bool) -> B:
        some = (block.uncertainty > 0).any(axis=0)
        return _columns(block, np.flatnonzero(some == uncertain))

    drawn = replace(c, scale=cut(c.scale, True), choice=cut(c.choice, True), sets=cut(c.sets, True))
    fixed = replace(
        c, scale=cut(c.scale, False), choice=cut(c.choice, False), sets=cut(c.sets, False)
    )
    return drawn, fixed


B = TypeVar("B", ScaleBlock, ChoiceBlock, SetBlock)


def _columns(block: B, issues: Ints) -> B:
    """The block restricted to some of its issues (local positions)."""
    changes: dict[str, Any] = {}
    for f in fields(block):
        value = getattr(block, f.name)
        if f.name == "issues":
            changes[f.name] = tuple(value[i] for i in issues.tolist())
        elif f.name in ISSUE_FIRST:
            changes[f.name] = value[issues]
        else:
            changes[f.name] = value[:, issues]
    return replace(block, **changes)


def _merge(
    c: Compiled, kind: str, drawn: dict[str, Any], once: dict[str, Any], n: int
) -> dict[str, Any]:
    """One batch's results over all the kind's issues: those drawn, and those analysed
    once (repeated for each of the n draws; their counts n times theirs)."""
    if not once:
        return drawn
    block = getattr(c, BLOCKS[kind])
    uncertain = (block.uncertainty > 0).any(axis=0)
    where, rest = np.flatnonzero(uncertain), np.flatnonzero(~uncertain)
    out: dict[str, Any] = {}
    for key, value in once.items():
        axis = 2 if key == "apart" else 1 if key == "blocks" else 0
        shape = list(value.shape)
        shape[axis] = len(uncertain)
        if key not in SUMMED:
            shape[1] = n  # per draw: (issues, n)
        merged = np.empty(shape, dtype=value.dtype)
        spot: list[Any] = [slice(None)] * len(shape)
        spot[axis] = rest
        merged[tuple(spot)] = value * n if key in SUMMED else np.repeat(value, n, axis=1)
        if drawn:
            spot[axis] = where
            merged[tuple(spot)] = drawn[key]
        out[key] = merged
    return out


def _repeat(a: npt.NDArray[Any], n: int) -> npt.NDArray[Any]:
    """(P, I, ...) -> (P, I * n, ...), each issue's column repeated n times in a row."""
    return np.repeat(a, n, axis=1)


def _scale(c: Compiled, rng: np.random.Generator, n: int, pairs: bool) -> dict[str, Any]:
    b = c.scale
    if not b.issues:
        return {}
    p, i = b.mask.shape
    u = _repeat(b.uncertainty, n)
    shift = rng.uniform(-1.0, 1.0, size=(p, i * n)) * u
    lo_end = _repeat(np.array([x.lo for x in b.issues])[None].repeat(p, 0), n)
    hi_end = _repeat(np.array([x.hi for x in b.issues])[None].repeat(p, 0), n)

    def moved(a: Floats) -> Floats:
        out: Floats = np.clip(_repeat(a, n) + shift, lo_end, hi_end)
        return out

    mask, salience = _repeat(b.mask, n), _repeat(b.salience, n)
    position, lo, hi = moved(b.position), moved(b.lo), moved(b.hi)
    cap = _repeat(b.capability, n)
    core = scale_core(cap, mask, lo, hi, salience, np.repeat(b.width, n))
    weight = forecast_weights(cap, salience, mask)
    found = {
        "deadlock": core.deadlock.reshape(i, n),
        "bridge": core.bridge.reshape(i, n),
        "mean": weighted_mean(position, weight).reshape(i, n),
        "median": weighted_median(position, weight, mask).reshape(i, n),
        "blocks": (mask & ~core.accepts_star).reshape(p, i, n).sum(axis=2),
    }
    if pairs:
        lo_, hi_ = np.where(mask, lo, np.inf), np.where(mask, hi, -np.inf)
        apart = np.maximum(lo_[:, None], lo_[None]) > np.minimum(hi_[:, None], hi_[None])
        apart &= mask[:, None] & mask[None]
        found["apart"] = apart.reshape(p, p, i, n).sum(axis=3)
    return found


def _pick_other(rng: np.random.Generator, valid: Bools, exclude: Ints | None) -> Ints:
    """Per cell (P, C), one option drawn uniformly among the valid ones (minus ``exclude``)."""
    p, cols, k = valid.shape
    choices = valid.copy()
    if exclude is not None:
        rows = np.arange(p)[:, None]
        cells = np.arange(cols)[None]
        choices[rows, cells, np.maximum(exclude, 0)] &= exclude < 0
    score = np.where(choices, rng.random((p, cols, k)), -1.0)
    picked: Ints = np.argmax(score, axis=2)
    return picked


def _choice(c: Compiled, rng: np.random.Generator, n: int, pairs: bool) -> dict[str, Any]:
    b = c.choice
    u = b.uncertainty
    if not b.issues:
        return {}
    p, i = b.mask.shape
    mask, salience = _repeat(b.mask, n), _repeat(b.salience, n)
    accepts = _repeat(b.accepts, n).copy()
    valid = np.broadcast_to(np.repeat(b.valid, n, axis=0)[None], accepts.shape)
    flip = mask & (rng.random((p, i * n)) < _repeat(u, n))
    option = _pick_other(rng, valid, _repeat(b.prefers, n))
    rows, cols = np.nonzero(flip & valid.sum(axis=2).astype(bool) & (valid.sum(axis=2) > 1))
    accepts[rows, cols, option[rows, cols]] ^= True
    cap = _repeat(b.capability, n)
    core = choice_core(cap, mask, accepts, salience, np.repeat(b.valid, n, axis=0))
    found = {
        "deadlock": (~core.zone.any(axis=1)).reshape(i, n)
        & np.asarray(b.mask.any(axis=0))[:, None],
        "bridge": core.bridge.reshape(i, n),
        "blocks": (mask & ~core.accepts_star).reshape(p, i, n).sum(axis=2),
    }
    if pairs:
        common = (accepts[:, None] & accepts[None]).any(axis=3)
        apart = ~common & mask[:, None] & mask[None]
        found["apart"] = apart.reshape(p, p, i, n).sum(axis=3)
    return found


def _sets(c: Compiled, rng: np.random.Generator, n: int, pairs: bool) -> dict[str, Any]:
    b = c.sets
    u = b.uncertainty
    if not b.issues:
        return {}
    p, i = b.mask.shape
    mask, salience = _repeat(b.mask, n), _repeat(b.salience, n)
    req, rej = _repeat(b.require, n).copy(), _repeat(b.reject, n).copy()
    valid = np.broadcast_to(np.repeat(b.valid, n, axis=0)[None], req.shape)
    flip = mask & (rng.random((p, i * n)) < _repeat(u, n))
    option = _pick_other(rng, valid, None)
    rows, cols = np.nonzero(flip)
    ks = option[rows, cols]
    was_req, was_rej = req[rows, cols, ks], rej[rows, cols, ks]
    free = ~was_req & ~was_rej
    coin = rng.random(len(rows)) < 0.5
    req[rows, cols, ks] = free & coin
    rej[rows, cols, ks] = free & ~coin
    cap = _repeat(b.capability, n)
    core = set_core(cap, mask, req, rej, salience, np.repeat(b.valid, n, axis=0))
    found = {
        "deadlock": core.contested.any(axis=1).reshape(i, n),
        "include": core.include.reshape(i, n, -1).sum(axis=1),
        "blocks": set_blockers(core, req, rej).reshape(p, i, n).sum(axis=2),
    }
    if pairs:
        clash = ((req[:, None] & rej[None]) | (rej[:, None] & req[None])).any(axis=3)
        apart = clash & mask[:, None] & mask[None]
        found["apart"] = apart.reshape(p, p, i, n).sum(axis=3)
    return found


def _combine(
    c: Compiled,
    parts: list[dict[str, dict[str, Any]]],
    sums: dict[str, dict[str, Any]],
    samples: int,
) -> Samples:
    def cat(kind: str, key: str, rows: int) -> npt.NDArray[Any]:
        pieces = [part[kind][key] for part in parts if part[kind]]
        if not pieces:
            return np.zeros((rows, 0))
        return np.concatenate(pieces, axis=1)

    def share(kind: str, key: str, shape: tuple[int, ...]) -> Floats:
        found = sums[kind].get(key)
        out: Floats = found / samples if found is not None else np.zeros(shape)
        return out

    n_p = len(c.party_ids)
    blocks: dict[str, Floats] = {}
    apart: dict[str, Floats] | None = {}
    for kind, block in c.kinds:
        blocks[kind] = share(kind, "blocks", (n_p, len(block.issues)))
        if block.issues and "apart" not in sums[kind]:
            apart = None
        elif apart is not None:
            apart[kind] = share(kind, "apart", (n_p, n_p, len(block.issues)))
    k = c.sets.valid.shape[1] if c.sets.issues else 0
    return Samples(
        scale_deadlock=cat("scale", "deadlock", len(c.scale.issues)).astype(bool),
        scale_bridge=cat("scale", "bridge", len(c.scale.issues)),
        scale_mean=cat("scale", "mean", len(c.scale.issues)),
        scale_median=cat("scale", "median", len(c.scale.issues)),
        choice_deadlock=cat("choice", "deadlock", len(c.choice.issues)).astype(bool),
        choice_bridge=cat("choice", "bridge", len(c.choice.issues)).astype(np.int64),
        set_deadlock=cat("set", "deadlock", len(c.sets.issues)).astype(bool),
        set_include=share("set", "include", (len(c.sets.issues), k)),
        blocks=blocks,
        apart=apart,
    )


KINDS: dict[str, Callable[[Compiled, np.random.Generator, int, bool], dict[str, Any]]] = {
    "scale": _scale,
    "choice": _choice,
    "set": _sets,
}
