"""The backtest's tables for a person, and the long table its CSV output carries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gapcli.analyses.records import Cell, Table

MODEL_NOTES = {
    "status-quo": "no change (the status quo)",
    "mean": "weighted mean",
    "median": "weighted median",
    "nash": "Nash bargaining point",
    "bridge": "bridge",
    "exchange": "mean after the exchange rounds",
}


def report_tables(result: dict[str, Any], rows: int | None) -> tuple[tuple[Table, ...], Table]:
    from gapcli.analyses._rows import first

    by = result["settings"]["by"]
    tables: list[Table] = []
    if result["scale"]:
        tables.append(_scale_table(result))
        if by is not None:
            tables.append(_scale_groups(result, by, rows))
    if result["other"]:
        tables.append(_other_table(result, by))
    if result["calibration"]:
        tables.append(_calibration_table(result))
        if by is not None:
            tables.append(_calibration_groups(result, by, rows))
    issues, total = first([r for r in result["issues"] if r["kind"] == "scale"], rows)
    if issues:
        tables.append(_scale_issues(result, issues, total))
    others = [r for r in result["issues"] if r["kind"] != "scale"]
    if others:
        shown, total = first(others, rows)
        tables.append(_other_issues(result, shown, total))
    if result["unrecorded"]:
        names = _names(result) or {}

        def names_of(path: str) -> str:
            return names.get(path, path)

        shown, total = first(result["unrecorded"], rows)
        tables.append(
            Table(
                "Issues whose outcome is left out, and why",
                ("scenario", "issue", "note"),
                tuple((names_of(u["scenario"]), u["issue"], u["note"] or "") for u in shown),
                total=total,
            )
        )
    return tuple(tables), _long(result)


def pct(share: float | None) -> str:
    """A share as a percentage with one decimal ("-" for none): every table of the backtest
    and the report's section."""
    return "-" if share is None else f"{100 * share:.1f}"


def ci(row: dict[str, Any], joiner: str = "-") -> str:
    """A row's 95% interval (``low``, ``high``) as percentages, "-" where there is none."""
    if row["low"] is None:
        return "-"
    return f"{100 * row['low']:.1f}{joiner}{100 * row['high']:.1f}"


def _group(by: str | None, row: dict[str, Any]) -> tuple[Cell, ...]:
    return () if by is None else ("all" if row["group"] is None else row["group"],)


def _scale_table(result: dict[str, Any]) -> Table:
    body = tuple(
        (
            r["model"],
            r["n"],
            pct(r["error_share"]),
            ci(r),
            pct(r["mean_error_same"]),
        )
        for r in result["scale"]
        if r["group"] is None
    )
    models = ", ".join(f"{k}: {v}" for k, v in MODEL_NOTES.items())
    rounds = result["settings"]["rounds"]
    return Table(
        "Scale issues: how far each forecast was from the outcome",
        (
            "model",
            "issues",
            "mean error, % of scale",
            "95% CI",
            "mean's error on them",
        ),
        body,
        note=f"{models} ({rounds} rounds). CI: bootstrap over {_drawn(result)}, "
        f"{result['settings']['bootstrap']} draws. Mean's error on them: the weighted mean's "
        "on the issues the model forecasts (all but status-quo and nash forecast every "
        "one). The errors in the issues' own units are in the JSON output.",
    )


def _other_table(result: dict[str, Any], by: str | None) -> Table:
    head = () if by is None else (f"by {by}",)
    body = tuple(
        (
            *_group(by, r),
            r["kind"],
            r["model"],
            r["n"],
            r["hits"],
            pct(r["hit_rate"]),
            ci(r),
        )
        for r in result["other"]
    )
    return Table(
        "Choice and set issues: how often the forecast was the outcome",
        (*head, "kind", "model", "issues", "hits", "hit rate, %", "95% CI"),
        body,
        note="A set issue's hit: the bridge includes exactly the options the outcome did.",
    )


def _drawn(result: dict[str, Any]) -> str:
    cluster = result["settings"]["cluster"]
    if cluster is None:
        return "issues"
    if cluster == "issue":
        return "issues, each drawn with its forecasts in every scenario"
    return f"{cluster}, each drawn whole"


def _groups(rows: list[dict[str, Any]]) -> list[str]:
    """The groups of ``rows``, in their order (every row of one group together)."""
    return list(dict.fromkeys(str(r["group"]) for r in rows if r["group"] is not None))


def _scale_groups(result: dict[str, Any], by: str, rows: int | None) -> Table:
    """One row per group, one column per model: the mean error in % of the scale, with the
    issues it is over where a model has fewer than the group (the Nash point)."""
    from gapcli.analyses._rows import first

    models = [r["model"] for r in result["scale"] if r["group"] is None]
    cells: dict[tuple[str, str], dict[str, Any]] = {
        (str(r["group"]), r["model"]): r for r in result["scale"] if r["group"] is not None
    }
    groups, total = first(_groups(result["scale"]), rows)
    body = []
    for group in groups:
        most = max(cells[group, m]["n"] for m in models)
        body.append(
            (
                group,
                most,
                *(
                    pct(cells[group, m]["error_share"])
                    + ("" if cells[group, m]["n"] in (0, most) else f" ({cells[group, m]['n']})")
                    for m in models
                ),
            )
        )
    return Table(
        f"Scale issues by {by}: mean error, % of scale",
        (by, "issues", *models),
        tuple(body),
        note="(n): the issues a model's average is over, where fewer than the group's. "
        "The intervals of each group are in the JSON output.",
        total=total,
    )


def _calibration_groups(result: dict[str, Any], by: str, rows: int | None) -> Table:
    from gapcli.analyses._rows import first

    level = result["settings"]["level"]
    models = [r["model"] for r in result["calibration"] if r["group"] is None]
    cells = {
        (str(r["group"]), r["model"]): r for r in result["calibration"] if r["group"] is not None
    }
    groups, total = first(_groups(result["calibration"]), rows)

    def held(row: dict[str, Any]) -> str:
        at = next(lv for lv in row["levels"] if lv["level"] == level)
        return "-" if not row["n"] else f"{at['covered']} of {row['n']}"

    return Table(
        f"{round(100 * level)}% bands by {by}: outcomes held",
        (by, *models),
        tuple((g, *(held(cells[g, m]) for m in models)) for g in groups),
        total=total,
    )


def _calibration_table(result: dict[str, Any]) -> Table:
    levels = result["settings"]["levels"]
    body = tuple(
        (
            r["model"],
            r["n"],
            *(
                "-" if lv["share"] is None else f"{lv['covered']} ({100 * lv['share']:.0f}%)"
                for lv in r["levels"]
            ),
        )
        for r in result["calibration"]
        if r["group"] is None
    )
    u = result["settings"]["uncertainty"]
    given = "the stances' own uncertainty" + (
        "" if u is None else f", {u:g} of the scale (or probability) where a stance gives none"
    )
    return Table(
        "Calibration: how often each sensitivity band held the outcome",
        ("model", "issues", *(f"{round(100 * lv)}% band" for lv in levels)),
        body,
        note=f"A well-calibrated 90% band holds about 90% of outcomes. Draws: "
        f"{result['settings']['samples']}, from {given}; only issues with an uncertain stance.",
    )


def _value(f: dict[str, Any] | None) -> str:
    from gapcli.analyses.views import fmt_value

    return "-" if f is None else fmt_value(f["value"])


def _names(result: dict[str, Any]) -> dict[str, str] | None:
    """Each scenario's name in a table: its folder's or file's name, or its path where two
    share one; ``None`` for a single scenario (no column)."""
    from pathlib import PurePath

    paths = [s["path"] for s in result["scenarios"]]
    if len(paths) < 2:
        return None
    short = {p: PurePath(p).name or p for p in paths}
    unique = len(set(short.values())) == len(paths)
    return short if unique else {p: p for p in paths}


def _scale_issues(result: dict[str, Any], shown: Sequence[Any], total: int | None) -> Table:
    # the three a person compares first, to fit 80 columns; every model is in JSON and CSV
    models = [
        r["model"]
        for r in result["scale"]
        if r["group"] is None and r["n"] and r["model"] in ("mean", "median", "bridge")
    ]
    names = _names(result)
    body = []
    for r in shown:
        by_model = {f["model"]: f for f in r["forecasts"]}
        body.append(
            (
                *(() if names is None else (names[r["scenario"]],)),
                r["issue"],
                _value({"value": r["outcome"]}),
                *(_value(by_model.get(m)) for m in models),
            )
        )
    return Table(
        "Scale issues: each forecast and the outcome",
        (*(() if names is None else ("scenario",)), "issue", "outcome", *models),
        tuple(body),
        total=total,
        note="Every model's forecast, its error and its band (where drawn) are in the JSON "
        "and CSV output.",
    )


def _other_issues(result: dict[str, Any], shown: Sequence[Any], total: int | None) -> Table:
    from gapcli.analyses.views import fmt_value

    names = _names(result)
    body = []
    for r in shown:
        by_model = {f["model"]: f for f in r["forecasts"]}
        bridge = by_model.get("bridge", {})
        quo = by_model.get("status-quo")
        body.append(
            (
                *(() if names is None else (names[r["scenario"]],)),
                r["issue"],
                r["kind"],
                fmt_value(r["outcome"]),
                _value(quo),
                fmt_value(bridge.get("value")),
                "-" if bridge.get("hit") is None else ("yes" if bridge["hit"] else "no"),
            )
        )
    return Table(
        "Choice and set issues: the bridge and the outcome",
        (
            *(() if names is None else ("scenario",)),
            *("issue", "kind", "outcome", "status quo", "bridge", "hit"),
        ),
        tuple(body),
        total=total,
    )


def _long(result: dict[str, Any]) -> Table:
    """One row per issue and model: what ``--format csv`` writes."""
    rows: list[tuple[Cell, ...]] = []
    for r in result["issues"]:
        outcome = ";".join(r["outcome"]) if isinstance(r["outcome"], list) else r["outcome"]
        for f in r["forecasts"]:
            value = ";".join(f["value"]) if isinstance(f["value"], list) else f["value"]
            band = f.get("band") or [None, None]
            rows.append(
                (
                    r["scenario"],
                    r["issue"],
                    r["kind"],
                    r["group"],
                    outcome,
                    f["model"],
                    value,
                    f.get("error"),
                    f.get("error_share"),
                    None if f.get("hit") is None else int(f["hit"]),
                    band[0],
                    band[1],
                    None if f.get("covered") is None else int(f["covered"]),
                )
            )
    return Table(
        "Every forecast and the outcome",
        (
            "scenario",
            "issue",
            "kind",
            "group",
            "outcome",
            "model",
            "forecast",
            "error",
            "error_share",
            "hit",
            "band_lo",
            "band_hi",
            "covered",
        ),
        tuple(rows),
    )
