"""The report's section "How the forecasts fared" (docs/report.md): the backtest of the
scenario's issues that record an outcome (``gapcli.analyses.backtest``), as the page shows
it. Every number is the analysis' own; this module only formats them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapcli.io.loader import Loaded

#: The backtest's settings on the page: rounds of the exchange model (none when the page
#: leaves the trades out for size: the rounds weigh them) and sensitivity draws for the bands.
ROUNDS = 10
SAMPLES = 1000
#: Issues listed in the per-issue table at most (``gapcli backtest`` lists every one).
ISSUE_ROWS = 100
NO_BANDS = (
    "No stance on a scale issue with an outcome gives an uncertainty, so there are no bands "
    "to check; gapcli backtest --uncertainty 0.1 draws with one."
)


def has_outcome(loaded: Loaded) -> bool:
    """Whether an issue of ``loaded`` records an outcome (the section is shown)."""
    return any(
        i.outcome is not None and i.outcome.value is not None for i in loaded.scenario.issues
    )


def fared(loaded: Loaded, *, exchange: bool = True) -> dict[str, Any] | None:
    """The section's data, or ``None`` when no issue records an outcome. ``exchange``:
    whether the exchange model's forecast is worked out (ROUNDS rounds)."""
    if not has_outcome(loaded):
        return None
    from gapcli.analyses.backtest import Settings, backtest
    from gapcli.analyses.backtest_tables import MODEL_NOTES, ci, pct
    from gapcli.render.report.pictures import calibration

    settings = Settings(rounds=ROUNDS if exchange else 0, samples=SAMPLES)
    report = backtest([loaded], settings, tables=False)
    result = report.result
    scale = [
        {
            "model": MODEL_NOTES.get(r["model"], r["model"]),
            "n": r["n"],
            "error": pct(r["error_share"]),
            "ci": ci(r, " to "),
            "points": "-" if r["error_points"] is None else f"{r['error_points']:.2f}",
        }
        for r in result["scale"]
        if r["group"] is None
    ]
    other = [
        {
            "kind": r["kind"],
            "model": MODEL_NOTES.get(r["model"], r["model"]),
            "n": r["n"],
            "hits": r["hits"],
            "rate": pct(r["hit_rate"]),
            "ci": ci(r, " to "),
        }
        for r in result["other"]
        if r["group"] is None
    ]
    bands = [r for r in result["calibration"] if r["group"] is None and r["n"]]
    records = result["issues"]
    issues = [_issue(r) for r in records[:ISSUE_ROWS]]
    more = len(records) - len(issues)
    return {
        "summary": report.summary,
        "scale": scale,
        "other": other,
        "calibration": calibration(result["calibration"]),
        "bands": [
            {
                "model": MODEL_NOTES.get(r["model"], r["model"]),
                "n": r["n"],
                "levels": [
                    f"{lv['covered']} of {r['n']} ({100 * lv['share']:.0f}%)" for lv in r["levels"]
                ],
            }
            for r in bands
        ],
        "levels": [f"{100 * lv:g}% band" for lv in result["settings"]["levels"]],
        "no_bands": None if bands else NO_BANDS,
        "issues": issues,
        "issues_note": (
            f"The first {len(issues)} of {len(records):,} issues; gapcli backtest lists every one."
            if more
            else None
        ),
        "unrecorded": [
            f"{u['issue']} ({u['note']})" if u["note"] else u["issue"] for u in result["unrecorded"]
        ],
        "note": _note(result["settings"], exchange),
    }


def _issue(record: dict[str, Any]) -> dict[str, Any]:
    """One row of the per-issue table: the outcome, the mean, median and bridge forecasts,
    and whether the mean's 90% band held the outcome (a choice or set issue: whether the
    bridge was the outcome)."""
    from gapcli.analyses.views import fmt_value

    by_model = {f["model"]: f for f in record["forecasts"]}
    mean, bridge = by_model.get("mean"), by_model.get("bridge")
    band = "-"
    if mean is not None:
        if mean.get("band") is None or mean.get("covered") is None:
            band = "no band"
        else:
            low, high = (fmt_value(v) for v in mean["band"])
            band = f"{'yes' if mean['covered'] else 'no'} ({low} to {high})"
    bridge_text = "-" if bridge is None else fmt_value(bridge["value"])
    if bridge is not None and bridge.get("hit") is not None:
        bridge_text += " (right)" if bridge["hit"] else " (wrong)"
    when = record["outcome_as_of"]
    return {
        "issue": record["title"],
        "kind": record["kind"],
        "outcome": fmt_value(record["outcome"]) + (f" ({when})" if when else ""),
        "mean": fmt_value(mean["value"]) if mean else "-",
        "median": fmt_value(by_model["median"]["value"]) if "median" in by_model else "-",
        "bridge": bridge_text,
        "band": band,
    }


def _note(settings: dict[str, Any], exchange: bool) -> str:
    rounds = (
        f"the exchange model's forecast is the weighted mean after {settings['rounds']} rounds"
        if exchange
        else "no exchange model forecast (its rounds take too long on a page this size; "
        "gapcli backtest has it)"
    )
    return (
        "Each forecast of gapcli backtest against the recorded outcome. Scale issues: the "
        "mean distance to the outcome as a share of the scale, with a 95% percentile-bootstrap "
        f"interval over issues ({settings['bootstrap']:,} draws); {rounds}. Bands: "
        f"{settings['samples']:,} sensitivity draws (seed {settings['seed']}) of the stances' "
        "own uncertainty."
    )
