from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from gapcli.analyses.records import FULL_HINT, NAMES_SHOWN, Cell, Names, Report, Table
from gapcli.commands._common import (
    AllOpt,
    FormatOpt,
    JsonOpt,
    ScenarioArg,
    SetOpt,
    full_option,
    load_compiled,
    output_format,
)
from gapcli.render.output import Format, emit

if TYPE_CHECKING:
    from gapcli.engine import Compiled
    from gapcli.io.loader import Loaded


def forecast(
    path: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    full: Annotated[
        bool,
        full_option(
            "each scale issue's parties and their distances (scale[].parties, "
            "scale[].distances; P x I)"
        ),
    ] = False,
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
    report = build(*load_compiled(path, sets or ()), full=full)
    emit(report, output_format(fmt, as_json), cut=not show_all)


def build(loaded: Loaded, compiled: Compiled, *, full: bool = False) -> Report:
    """The report; ``full``: each scale issue's ``parties`` and ``distances`` in the JSON."""
    import numpy as np

    from gapcli.analyses.views import bridge_json, fmt_point, num
    from gapcli.engine import analyse_issues
    from gapcli.engine.forecast import no_nash_reason, scale_forecasts

    scenario, b, ids = loaded.scenario, compiled.scale, compiled.party_ids
    f = scale_forecasts(compiled)
    counts = b.mask.sum(axis=0).tolist()
    lowest = np.where(b.mask, b.position, np.inf).min(axis=0, initial=np.inf).tolist()
    highest = np.where(b.mask, b.position, -np.inf).max(axis=0, initial=-np.inf).tolist()
    scale: list[dict[str, Any]] = []
    for i, issue in enumerate(b.issues):
        nash = num(float(f.nash[i]))
        doc: dict[str, Any] = {
            "issue": issue.id,
            "party_count": counts[i],
            "mean": num(float(f.mean[i])),
            "median": num(float(f.median[i])),
            "nash": nash,
            "nash_note": None,
            "status_quo": issue.status_quo,
            "spread": num(float(f.spread[i])),
            "range": [lowest[i], highest[i]] if counts[i] else None,
            "far": [ids[p] for p in np.flatnonzero(f.outside[:, i])],
        }
        if nash is None or full:
            members = np.flatnonzero(b.mask[:, i]).tolist()
            if nash is None:
                stances = [(ids[p], float(b.position[p, i])) for p in members]
                doc["nash_note"] = no_nash_reason(stances, issue.status_quo)
            if full:
                doc["parties"] = [ids[p] for p in members]
                doc["distances"] = [
                    {
                        "party": ids[p],
                        "position": float(b.position[p, i]),
                        "distance": num(float(f.distance[p, i])),
                        "outside": bool(f.outside[p, i]),
                    }
                    for p in members
                ]
        scale.append(doc)
    results = [r for r in analyse_issues(compiled) if r.kind != "scale"]
    others = [
        {"issue": r.issue, "kind": str(r.kind), "bridge": bridge_json(r, scenario)} for r in results
    ]
    rows: list[tuple[Cell, ...]] = [
        (
            s["issue"],
            s["mean"],
            s["median"],
            _nash_cell(s),
            s["spread"],
            Names(tuple(s["far"])),
        )
        for s in scale
    ]
    notes = [
        f"{s['issue']}: no Nash point: {s['nash_note']}."
        for s in scale
        if s["nash_note"] and s["status_quo"] is not None
    ]
    if len(notes) > NAMES_SHOWN + 1:
        more = len(notes) - NAMES_SHOWN
        notes = [*notes[:NAMES_SHOWN], f"… and {more:,} more issues with no Nash point (JSON)."]
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
            _far_rows(compiled, f.distance, f.outside, scale),
            note="distance = |position - median| / width of the scale.",
            hint=FULL_HINT,
        ),
        Table(
            "Choice and set issues: the bridge",
            ("issue", "kind", "bridge"),
            tuple((r.issue, str(r.kind), fmt_point(r.bridge)) for r in results),
        ),
    )
    placed = [s for s in scale if s["median"] is not None]
    listed = placed if len(placed) <= NAMES_SHOWN + 1 else placed[:NAMES_SHOWN]
    named = "; ".join(f"{s['issue']} {_short(s['median'])}" for s in listed)
    if len(placed) > len(listed):
        named += f" and {len(placed) - len(listed):,} more"
    summary = f"{scenario.title}: forecast (weighted median) {named or 'none'}."
    result = {"scale": scale, "other": others}
    return Report("forecast", result, scenario, summary, tables, warnings=loaded.warnings)


def _far_rows(
    c: Compiled, distance: Any, outside: Any, scale: list[dict[str, Any]]
) -> tuple[tuple[Cell, ...], ...]:
    """Every party the median leaves out, farthest first (ties in issue, then party order)."""
    import numpy as np

    from gapcli.analyses.views import num

    p, i = np.nonzero(outside.T)  # issue-major: ties keep issue, then party order
    p, i = i, p
    order = np.argsort(-distance[p, i], kind="stable")
    return tuple(
        (
            scale[k]["issue"],
            c.party_ids[q],
            float(c.scale.position[q, k]),
            scale[k]["median"],
            num(float(distance[q, k])),
        )
        for q, k in zip(p[order].tolist(), i[order].tolist(), strict=True)
    )


def _short(value: float) -> str:
    return f"{value:g}"


def _nash_cell(s: dict[str, Any]) -> Cell:
    if s["nash"] is not None:
        value: Cell = s["nash"]
        return value
    return "-" if s["status_quo"] is None else "none"
