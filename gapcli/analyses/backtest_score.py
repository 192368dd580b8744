"""The backtest's averages: per group and model, the mean error of the scale forecasts and
the hit rate of the others, each with its bootstrap interval, and how often each band held
the outcome at each level (the calibration)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapcli.analyses.backtest import Settings

Rows = list[dict[str, Any]]


def summaries(records: Rows, settings: Settings) -> tuple[Rows, Rows, Rows]:
    """The scale rows, the choice and set rows and the calibration rows: first over every
    record (``group`` None), then per group of ``settings.by``."""
    groups: list[str | None] = [None]
    if settings.by is not None:
        groups += sorted({str(r["group"]) for r in records})
    scale: Rows = []
    other: Rows = []
    calibration: Rows = []
    for group in groups:
        mine = [r for r in records if group is None or r["group"] == group]
        scale += _scale_rows(group, mine, settings)
        other += _other_rows(group, mine, settings)
        calibration += _calibration_rows(group, mine)
    return scale, other, calibration


def _models(records: Rows, kind: str) -> list[str]:
    seen: dict[str, None] = {}
    for r in records:
        if r["kind"] == kind:
            for f in r["forecasts"]:
                seen.setdefault(f["model"])
    return list(seen)


def _clusters(records: Rows) -> Any:
    import numpy as np

    if any(r["cluster"] is None for r in records):
        return None
    return np.array([str(r["cluster"]) for r in records])


def _scale_rows(group: str | None, records: Rows, settings: Settings) -> Rows:
    import numpy as np

    from gapcli.analyses.views import num
    from gapcli.engine.backtest import bootstrap_mean

    rows: Rows = []
    scale = [r for r in records if r["kind"] == "scale"]
    for model in _models(scale, "scale"):
        picked = [(r, _forecast(r, model)) for r in scale]
        have = [(r, f) for r, f in picked if f is not None and f["error"] is not None]
        shares = np.array([f["error_share"] for _, f in have], dtype=np.float64)
        # the weighted mean on the same issues: models that skip issues (no status quo, no
        # Nash point) are compared with it on the issues they do forecast
        means = [_forecast(r, "mean") for r, _ in have]
        same = [m["error_share"] for m in means if m is not None and m["error"] is not None]
        points = np.array([f["error"] for _, f in have], dtype=np.float64)
        clusters = _clusters([r for r, _ in have]) if have else None
        m = bootstrap_mean(shares, settings.bootstrap, settings.seed, clusters)
        rows.append(
            {
                "group": group,
                "model": model,
                "n": m.n,
                "error_share": num(m.mean),
                "low": num(m.low),
                "high": num(m.high),
                "error_points": num(float(points.mean())) if len(points) else None,
                "median_error_share": num(float(np.median(shares))) if len(shares) else None,
                "mean_error_same": num(sum(same) / len(same)) if same else None,
            }
        )
    return rows


def _other_rows(group: str | None, records: Rows, settings: Settings) -> Rows:
    import numpy as np

    from gapcli.analyses.views import num
    from gapcli.engine.backtest import bootstrap_mean

    rows: Rows = []
    for kind in ("choice", "set"):
        mine = [r for r in records if r["kind"] == kind]
        for model in _models(mine, kind):
            have = [(r, f) for r in mine if (f := _forecast(r, model)) and f["hit"] is not None]
            hits = np.array([float(f["hit"]) for _, f in have], dtype=np.float64)
            clusters = _clusters([r for r, _ in have]) if have else None
            m = bootstrap_mean(hits, settings.bootstrap, settings.seed, clusters)
            row = {
                "group": group,
                "kind": kind,
                "model": model,
                "n": m.n,
                "hits": int(hits.sum()),
                "hit_rate": num(m.mean),
                "low": num(m.low),
                "high": num(m.high),
            }
            if kind == "set":
                right = [f["options_right"] for _, f in have]
                row["options_right"] = num(sum(right) / len(right)) if right else None
            rows.append(row)
    return rows


def _calibration_rows(group: str | None, records: Rows) -> Rows:
    from gapcli.analyses.views import num
    from gapcli.engine.backtest import BANDED, LEVELS

    rows: Rows = []
    scale = [r for r in records if r["kind"] == "scale"]
    for model in BANDED:
        held = [f["held"] for r in scale if (f := _forecast(r, model)) and f.get("held")]
        if not any(f is not None and "held" in f for r in scale for f in [_forecast(r, model)]):
            continue
        n = len(held)
        rows.append(
            {
                "group": group,
                "model": model,
                "n": n,
                "levels": [
                    {
                        "level": level,
                        "covered": sum(h[k] for h in held),
                        "share": num(sum(h[k] for h in held) / n) if n else None,
                    }
                    for k, level in enumerate(LEVELS)
                ],
            }
        )
    return rows


def _forecast(record: dict[str, Any], model: str) -> dict[str, Any] | None:
    return next((f for f in record["forecasts"] if f["model"] == model), None)
