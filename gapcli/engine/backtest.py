"""How good the forecasts were: each forecast against the recorded outcome (docs/validity.md).

Pure functions on arrays:

* the forecasts of every scale issue by each model, in the issue's units
  (:func:`scale_models`);
* the bands the sensitivity draws give each forecast at a level (:func:`bands`), after
  giving every stance without an uncertainty a stated one (:func:`with_uncertainty`);
* the mean of a set of errors or hits with a percentile-bootstrap interval
  (:func:`bootstrap_mean`), issues drawn with replacement, or whole clusters of issues.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from gapcli.engine.arrays import Bools, Compiled, Floats
from gapcli.engine.forecast import ScaleForecasts

#: The forecasts of a scale issue, in the order they are shown. ``status-quo`` is the
#: no-change baseline; ``exchange`` the weighted mean after rounds of the exchange model.
SCALE_MODELS = ("status-quo", "mean", "median", "nash", "bridge", "exchange")
#: The forecasts of a choice issue and of a set issue.
CHOICE_MODELS = ("status-quo", "bridge")
SET_MODELS = ("bridge",)
#: The models whose sensitivity draws give a band (the others are not drawn).
BANDED = ("mean", "median", "bridge")
#: The nominal levels of the calibration check; LEVEL is the band shown per issue.
LEVELS = (0.5, 0.8, 0.9, 0.95)
LEVEL = 0.9
#: Array cells per batch of draws: a quarter of the sensitivity command's batch (DEU III with
#: 1,000 draws: 360 MiB instead of 1 GiB, and faster, the batches fitting the caches better)
BAND_CELLS = 1_000_000
#: Resampled labels held at once by the bootstrap (any --bootstrap runs in flat memory)
BOOTSTRAP_CELLS = 4_000_000


def scale_models(
    c: Compiled, bridges: Floats, rounds: int, found: ScaleForecasts | None = None
) -> dict[str, Floats]:
    """Per model of :data:`SCALE_MODELS`, the forecast of each scale issue of ``c`` (in the
    block's order, in the issue's units; ``nan`` where the model gives none). ``bridges``
    are the issues' bridges; ``rounds``: how many rounds of the exchange model (procedure
    ``once``) before its mean is taken (0: no ``exchange`` forecast); ``found``: the
    issues' forecasts, when already worked out."""
    from gapcli.engine.forecast import scale_forecasts
    from gapcli.engine.rounds import rounds as run_rounds
    from gapcli.engine.trades import initial_state

    b = c.scale
    f = scale_forecasts(c) if found is None else found
    quo = np.array(
        [np.nan if i.status_quo is None else i.status_quo for i in b.issues], dtype=np.float64
    )
    out = {
        "status-quo": quo,
        "mean": f.mean,
        "median": f.median,
        "nash": f.nash,
        "bridge": bridges,
    }
    if rounds > 0:
        _, end = run_rounds(initial_state(c), rounds)
        lo = np.array([i.lo for i in b.issues], dtype=np.float64)
        out["exchange"] = lo + end.outcomes() * b.width
    return out


def with_uncertainty(c: Compiled, share: float) -> Compiled:
    """``c`` with every stance that has no uncertainty (or 0) given ``share``: that share of
    the scale's width on a scale issue, that probability of a misread on a choice or set
    issue. Stances with their own uncertainty keep it."""
    if share <= 0:
        return c
    scale = c.scale
    u_scale = np.where(
        scale.mask & (scale.uncertainty <= 0), share * scale.width[None], scale.uncertainty
    )
    u_choice = np.where(c.choice.mask & (c.choice.uncertainty <= 0), share, c.choice.uncertainty)
    u_set = np.where(c.sets.mask & (c.sets.uncertainty <= 0), share, c.sets.uncertainty)
    return replace(
        c,
        scale=replace(scale, uncertainty=u_scale),
        choice=replace(c.choice, uncertainty=u_choice),
        sets=replace(c.sets, uncertainty=u_set),
    )


@dataclass(frozen=True, slots=True)
class Bands:
    """Per model of :data:`BANDED` and level of :data:`LEVELS`: the band of each scale
    issue's forecast over the draws. ``drawn`` says which issues have a stance that is
    drawn at all (elsewhere every band is one point, and it tells nothing)."""

    low: dict[str, Floats]  # model -> (L, I)
    high: dict[str, Floats]  # model -> (L, I)
    drawn: Bools  # (I,)


def bands(
    c: Compiled,
    samples: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> Bands:
    """The central :data:`LEVELS` bands of each banded forecast over ``samples`` sensitivity
    draws of ``c`` from ``seed`` (equal-tailed: the (1 - level) / 2 and (1 + level) / 2
    quantiles of the draws); ``progress(done)`` after each batch of draws."""
    from gapcli.engine.sensitivity import run

    drawn = run(c, samples, seed, progress, pairs=False, cells=BAND_CELLS)
    found = {
        "mean": drawn.scale_mean,
        "median": drawn.scale_median,
        "bridge": drawn.scale_bridge,
    }
    q = np.array([[(1 - lv) / 2, (1 + lv) / 2] for lv in LEVELS])
    low: dict[str, Floats] = {}
    high: dict[str, Floats] = {}
    for model, values in found.items():
        if values.shape[0] == 0:
            low[model] = high[model] = np.zeros((len(LEVELS), 0))
            continue
        cut = np.quantile(values, q.reshape(-1), axis=1).reshape(len(LEVELS), 2, -1)
        low[model], high[model] = cut[:, 0], cut[:, 1]
    uncertain = (c.scale.uncertainty > 0) & c.scale.mask & ~c.observer[:, None]
    some: Bools = np.asarray(uncertain.any(axis=0))
    return Bands(low, high, some)


@dataclass(frozen=True, slots=True)
class Mean:
    """A mean with its bootstrap interval (``nan`` bounds when there is nothing to draw)."""

    n: int
    mean: float
    low: float
    high: float


def bootstrap_mean(
    values: Floats,
    draws: int,
    seed: int,
    clusters: npt.NDArray[Any] | None = None,
    confidence: float = 0.95,
) -> Mean:
    """The mean of ``values`` and its percentile-bootstrap ``confidence`` interval over
    ``draws`` resamples from ``seed``. With ``clusters`` (a label per value), whole clusters
    are drawn with replacement, so values that move together (issues of one proposal, one
    issue in several snapshots) are not counted as independent. No interval (``nan``) from
    fewer than two issues or clusters: there is nothing to resample."""
    n = len(values)
    if n == 0:
        return Mean(0, float("nan"), float("nan"), float("nan"))
    mean = float(values.mean())
    sums: Floats = values
    sizes: Floats = np.ones(n)
    if clusters is not None:
        _, which = np.unique(clusters, return_inverse=True)
        sums = np.bincount(which, weights=values).astype(np.float64)
        sizes = np.bincount(which).astype(np.float64)
    k = len(sums)
    if draws <= 0 or k < 2:
        return Mean(n, mean, float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = np.empty(draws)
    batch = max(1, BOOTSTRAP_CELLS // k)  # draws x groups in memory at once
    for start in range(0, draws, batch):
        picked = rng.integers(0, k, size=(min(batch, draws - start), k))
        means[start : start + len(picked)] = sums[picked].sum(axis=1) / sizes[picked].sum(axis=1)
    tail = (1 - confidence) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return Mean(n, mean, float(low), float(high))
