"""How good the forecasts were: every forecast gapcli makes of an issue, against the outcome
the files record (docs/validity.md). Scale issues: the absolute error, as a share of the
scale and in points; choice and set issues: whether the bridge was the outcome. Each is
averaged with a bootstrap interval, in groups with ``by``; the sensitivity bands of the
banded forecasts are checked for how often they held the outcome (the calibration)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from gapcli.analyses.records import Report

if TYPE_CHECKING:
    from gapcli.engine.backtest import Bands
    from gapcli.io.loader import Loaded
    from gapcli.model import Issue

#: The fields ``by`` and ``cluster`` take besides an issue's tags.
FIELDS = ("scenario", "issue", "kind", "outcome_year")
NONE = "(none)"  # the group of an issue without the field


class UnknownField(ValueError):
    """A ``by`` or ``cluster`` field no issue has."""


class NoOutcome(ValueError):
    """No issue of the scenarios records an outcome."""


@dataclass(frozen=True, slots=True)
class Settings:
    rounds: int = 10
    samples: int = 1000
    seed: int = 1
    bootstrap: int = 2000
    uncertainty: float | None = None
    by: str | None = None
    cluster: str | None = None

    def json(self) -> dict[str, Any]:
        from gapcli.engine.backtest import LEVEL, LEVELS

        return {
            "rounds": self.rounds,
            "samples": self.samples,
            "seed": self.seed,
            "bootstrap": self.bootstrap,
            "uncertainty": self.uncertainty,
            "by": self.by,
            "cluster": self.cluster,
            "level": LEVEL,
            "levels": list(LEVELS),
        }


def backtest(
    snapshots: Sequence[Loaded],
    settings: Settings = Settings(),
    *,
    tables: bool = True,
    rows: int | None = None,
    progress: Callable[[str], Callable[[int], None] | None] | None = None,
) -> Report:
    """Each forecast of every issue with an outcome in ``snapshots`` against that outcome.
    ``progress``: given a scenario's path, a callback for the count of its draws done (as
    :func:`gapcli.analyses.sensitivity.sensitivity` takes), or None.
    Raises :class:`UnknownField` when ``settings.by`` or ``.cluster`` names a field no issue
    with an outcome has, and :class:`NoOutcome` when no issue has one."""
    from gapcli.analyses.backtest_score import summaries
    from gapcli.analyses.backtest_tables import report_tables

    _check(settings)
    records: list[dict[str, Any]] = []
    unrecorded: list[dict[str, Any]] = []
    without = 0
    for loaded in snapshots:
        found, notes, missing = _issues(loaded, settings, progress)
        records += found
        unrecorded += notes
        without += missing
    if not records:
        where = ", ".join(s.scenario.path for s in snapshots)
        raise NoOutcome(
            f"no issue in {where} records an outcome (give an issue 'outcome:'; "
            'see docs/format.md, "Outcomes")'
        )
    ids = [r["issue"] for r in records]
    if settings.cluster is None and len(set(ids)) < len(ids):
        # the same issue forecast in several snapshots is one outcome: drawn as one
        settings = replace(settings, cluster="issue")
    _fields(records, settings)
    scale, other, calibration = summaries(records, settings)
    result: dict[str, Any] = {
        "settings": settings.json(),
        "scenarios": [
            {"path": s.scenario.path, "title": s.scenario.title, "as_of": s.scenario.as_of}
            for s in snapshots
        ],
        "counts": {
            "with_outcome": len(records),
            "unrecorded": len(unrecorded),
            "without_outcome": without,
        },
        "scale": scale,
        "other": other,
        "calibration": calibration,
        "issues": records,
        "unrecorded": unrecorded,
    }
    shown, csv = report_tables(result, rows) if tables else ((), None)
    return Report(
        "backtest",
        result,
        snapshots[-1].scenario,
        _summary(result),
        shown,
        warnings=tuple(w for s in snapshots for w in s.warnings),
        csv=csv,
    )


def _check(settings: Settings) -> None:
    from gapcli.analyses.trades import MAX_ROUNDS

    if not 0 <= settings.rounds <= MAX_ROUNDS:
        raise ValueError(f"rounds must be from 0 to {MAX_ROUNDS}, not {settings.rounds}")
    for name in ("samples", "seed", "bootstrap"):
        if getattr(settings, name) < 0:
            raise ValueError(f"{name} must be 0 or more, not {getattr(settings, name)}")
    u = settings.uncertainty
    if u is not None and not 0 <= u <= 1:
        raise ValueError(f"uncertainty must be from 0 to 1, not {u}")


def _issues(
    loaded: Loaded,
    settings: Settings,
    progress: Callable[[str], Callable[[int], None] | None] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """The records of ``loaded``'s issues with an outcome, those whose note says why there
    is none, and how many say nothing."""
    import numpy as np

    from gapcli.analyses import compiled, issue_results, scale_forecasts
    from gapcli.engine.backtest import bands, scale_models, with_uncertainty

    scenario = loaded.scenario
    known = [i for i in scenario.issues if i.outcome is not None and i.outcome.value is not None]
    notes = [
        {"scenario": scenario.path, "issue": i.id, "note": i.outcome.note}
        for i in scenario.issues
        if i.outcome is not None and i.outcome.value is None
    ]
    missing = sum(1 for i in scenario.issues if i.outcome is None)
    if not known:
        return [], notes, missing
    c = compiled(loaded)
    results = {r.issue: r for r in issue_results(loaded)}
    b = c.scale
    bridges = np.array([_float(results[i.id].bridge) for i in b.issues], dtype=np.float64)
    wanted = {i.id for i in known}
    scale_wanted = [n for n, i in enumerate(b.issues) if i.id in wanted]
    found = scale_forecasts(loaded)
    models = scale_models(c, bridges, settings.rounds if scale_wanted else 0, found)
    drawn: Bands | None = None
    if scale_wanted and settings.samples > 0:
        sampled = with_uncertainty(c, settings.uncertainty or 0.0)
        if ((sampled.scale.uncertainty > 0) & sampled.scale.mask).any():
            shown = None if progress is None else progress(scenario.path)
            drawn = bands(sampled, settings.samples, settings.seed, progress=shown)
    column = {i.id: n for n, i in enumerate(b.issues)}
    records = []
    for issue in known:
        record = _record(scenario.path, issue)
        if issue.id in column:
            record["forecasts"] = _scale(column[issue.id], issue, models, drawn)
        else:
            record["forecasts"] = _other(issue, results[issue.id].bridge)
        records.append(record)
    return records, notes, missing


def _float(value: object) -> float:
    return float(value) if isinstance(value, int | float) else float("nan")


def _record(path: str, issue: Issue) -> dict[str, Any]:
    assert issue.outcome is not None
    value = issue.outcome.value
    return {
        "scenario": path,
        "issue": issue.id,
        "kind": str(issue.kind),
        "title": issue.title,
        "outcome": list(value) if isinstance(value, tuple) else value,
        "outcome_as_of": issue.outcome.as_of,
        "sources": list(issue.outcome.sources),
        "width": getattr(issue, "width", None),
        "tags": dict(issue.tags),
        "group": None,
        "cluster": None,
    }


def _scale(n: int, issue: Issue, models: dict[str, Any], drawn: Bands | None) -> list[Any]:
    from gapcli.analyses.views import num
    from gapcli.engine.backtest import LEVEL, LEVELS
    from gapcli.model import ScaleIssue

    assert isinstance(issue, ScaleIssue) and issue.outcome is not None
    assert isinstance(issue.outcome.value, float | int)
    outcome, width = float(issue.outcome.value), float(issue.width)
    level = LEVELS.index(LEVEL)
    out = []
    for model, values in models.items():
        value = float(values[n])
        doc: dict[str, Any] = {"model": model, "value": num(value)}
        if value != value:
            doc.update(error=None, error_share=None)
        else:
            error = abs(value - outcome)
            doc.update(error=num(error), error_share=num(error / width))
        if drawn is not None and model in drawn.low:
            lows, highs = drawn.low[model][:, n].tolist(), drawn.high[model][:, n].tolist()
            held = [_within(outcome, lo, hi, width) for lo, hi in zip(lows, highs, strict=True)]
            lo, hi = drawn.low[model][level, n], drawn.high[model][level, n]
            if bool(drawn.drawn[n]) and lo == lo:  # drawn, and a forecast in every draw
                doc.update(band=[num(lo), num(hi)], covered=held[level], held=held)
            else:
                doc.update(band=None, covered=None, held=None)
        out.append(doc)
    return out


def _within(outcome: float, lo: float, hi: float, width: float) -> bool:
    from gapcli.engine.kernels import REL_TOL

    slack = REL_TOL * width
    return lo - slack <= outcome <= hi + slack


def _other(issue: Issue, bridge: object) -> list[Any]:
    from gapcli.model import ChoiceIssue, SetIssue

    assert issue.outcome is not None
    value = issue.outcome.value
    out: list[dict[str, Any]] = []
    if isinstance(issue, ChoiceIssue):
        if issue.status_quo is not None:
            out.append(
                {"model": "status-quo", "value": issue.status_quo, "hit": issue.status_quo == value}
            )
        out.append(
            {"model": "bridge", "value": bridge, "hit": None if bridge is None else bridge == value}
        )
    elif isinstance(issue, SetIssue):
        assert isinstance(value, tuple)
        got = set(bridge) if isinstance(bridge, tuple) else None
        right = None
        if got is not None:
            right = sum((o in got) == (o in value) for o in issue.option_ids) / len(issue.options)
        out.append(
            {
                "model": "bridge",
                "value": None if got is None else [o for o in issue.option_ids if o in got],
                "hit": None if got is None else got == set(value),
                "options_right": right,
            }
        )
    return out


def _fields(records: list[dict[str, Any]], s: Settings) -> None:
    """Each record's ``group`` (``by``) and ``cluster`` value; a field no record has is an
    :class:`UnknownField`."""
    for name, key in ((s.by, "group"), (s.cluster, "cluster")):
        if name is None:
            continue
        values = [_field(r, name) for r in records]
        if name not in FIELDS and all(v is None for v in values):
            tags = sorted({t for r in records for t in r["tags"]})
            raise UnknownField(
                f"no issue with an outcome has a field {name!r} (expected one of "
                f"{', '.join([*FIELDS, *tags])})"
            )
        for r, v in zip(records, values, strict=True):
            r[key] = NONE if v is None else v


def _field(record: dict[str, Any], name: str) -> str | None:
    if name in ("scenario", "issue", "kind"):
        return str(record[name])
    if name == "outcome_year":
        when = record["outcome_as_of"]
        return None if when is None else str(when)[:4]
    value = record["tags"].get(name)
    return None if value is None else str(value)


def _summary(result: dict[str, Any]) -> str:
    counts = result["counts"]
    n_scen = len(result["scenarios"])
    distinct = len({r["issue"] for r in result["issues"]})
    if distinct < counts["with_outcome"]:
        text = f"{counts['with_outcome']} forecasts of {distinct} issues with an outcome"
    else:
        text = f"{counts['with_outcome']} issues with an outcome"
    text += f" in {n_scen} scenarios" if n_scen > 1 else ""
    mean = next((r for r in result["scale"] if r["model"] == "mean" and r["group"] is None), None)
    if mean is not None and mean["n"]:
        text += (
            f"; the weighted mean was off by {100 * mean['error_share']:.1f}% "
            "of the scale on average"
        )
        if mean["low"] is not None:
            text += f" (95% CI {100 * mean['low']:.1f}-{100 * mean['high']:.1f})"
    band = next(
        (r for r in result["calibration"] if r["model"] == "mean" and r["group"] is None), None
    )
    if band is not None and band["n"]:
        held = next(lv for lv in band["levels"] if lv["level"] == result["settings"]["level"])
        text += f"; its 90% band held {held['covered']} of {band['n']} outcomes"
    return text + "."
