from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapcli.commands._common import (
    FormatOpt,
    JsonOpt,
    ScenarioArg,
    SetOpt,
    load_compiled,
    output_format,
)
from gapcli.output import Cell, Format, Report, Table, emit

if TYPE_CHECKING:
    from gapcli.engine import Compiled
    from gapcli.loader import Loaded


def forecast(
    path: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    sets: SetOpt = None,
) -> None:
    """Where each issue is likely to land, by the standard bargaining-model forecasts.

    Scale issues: the weighted mean of positions (the compromise model, weights capability x
    salience), the weighted median, and, where the issue has a status quo, the Nash
    bargaining point (linear utility; none when no outcome is better than the status quo for
    every party, with the reason). The spread of positions, and the parties for which the
    median lies outside what they accept. Choice and set issues: the bridge.

    Example: gapcli forecast positions/syria-2017-05
    """
    emit(build(*load_compiled(path, sets or ())), output_format(fmt, as_json))


def build(loaded: Loaded, compiled: Compiled) -> Report:
    from gapcli.engine import analyse_issues
    from gapcli.engine.forecast import no_nash_reason, scale_forecasts
    from gapcli.views import bridge_json, fmt_point, num

    scenario, b = loaded.scenario, compiled.scale
    f = scale_forecasts(compiled)
    scale: list[dict[str, Any]] = []
    for i, issue in enumerate(b.issues):
        members = [int(p) for p in b.mask[:, i].nonzero()[0]]
        stances = [(compiled.party_ids[p], float(b.position[p, i])) for p in members]
        nash = num(float(f.nash[i]))
        far = [compiled.party_ids[p] for p in members if f.outside[p, i]]
        scale.append(
            {
                "issue": issue.id,
                "parties": [p for p, _ in stances],
                "mean": num(float(f.mean[i])),
                "median": num(float(f.median[i])),
                "nash": nash,
                "nash_note": no_nash_reason(stances, issue.status_quo) if nash is None else None,
                "status_quo": issue.status_quo,
                "spread": num(float(f.spread[i])),
                "range": [min(x for _, x in stances), max(x for _, x in stances)]
                if stances
                else None,
                "far": far,
                "distances": [
                    {
                        "party": compiled.party_ids[p],
                        "position": float(b.position[p, i]),
                        "distance": num(float(f.distance[p, i])),
                        "outside": bool(f.outside[p, i]),
                    }
                    for p in members
                ],
            }
        )
    results = [r for r in analyse_issues(compiled) if r.kind != "scale"]
    others = [
        {"issue": r.issue, "kind": str(r.kind), "bridge": bridge_json(r, scenario)} for r in results
    ]
    bridges = {r["issue"]: r for r in others}
    rows: list[tuple[Cell, ...]] = [
        (
            s["issue"],
            s["mean"],
            s["median"],
            _nash_cell(s),
            s["spread"],
            ", ".join(s["far"]) or "-",
        )
        for s in scale
    ]
    notes = [
        f"{s['issue']}: no Nash point: {s['nash_note']}."
        for s in scale
        if s["nash_note"] and s["status_quo"] is not None
    ]
    far_rows: list[tuple[Cell, ...]] = [
        (s["issue"], d["party"], d["position"], s["median"], d["distance"])
        for s in scale
        for d in sorted(s["distances"], key=lambda d: -(d["distance"] or 0))
        if d["outside"]
    ]
    tables = (
        Table(
            "Scale issues: forecasts",
            ("issue", "mean", "median", "Nash", "spread", "median outside what they accept"),
            tuple(rows),
            note="mean and median weigh positions by capability x salience; spread = weighted "
            "standard deviation; Nash: - where the issue has no status quo."
            + ("\n" + "\n".join(notes) if notes else ""),
        ),
        Table(
            "Parties the median leaves out, farthest first",
            ("issue", "party", "position", "median", "distance"),
            tuple(far_rows),
            note="distance = |position - median| / width of the scale.",
        ),
        Table(
            "Choice and set issues: the bridge",
            ("issue", "kind", "bridge"),
            tuple(
                (r.issue, str(r.kind), fmt_point(r.bridge)) for r in results if r.issue in bridges
            ),
        ),
    )
    named = "; ".join(
        f"{s['issue']} {_short(s['median'])}" for s in scale if s["median"] is not None
    )
    summary = f"{scenario.title}: forecast (weighted median) {named or 'none'}."
    result = {"scale": scale, "other": others}
    return Report("forecast", result, scenario, summary, tables, warnings=loaded.warnings)


def _short(value: float) -> str:
    return f"{value:g}"


def _nash_cell(s: dict[str, Any]) -> Cell:
    if s["nash"] is not None:
        value: Cell = s["nash"]
        return value
    return "-" if s["status_quo"] is None else "none"
