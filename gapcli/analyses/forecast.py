"""Where each issue is likely to land: the weighted mean, the weighted median and the Nash
bargaining point of each scale issue, and the bridge of each choice and set issue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapcli.analyses.records import FULL_HINT, NAMES_SHOWN, Cell, Names, Report, Table

if TYPE_CHECKING:
    from gapcli.engine import Compiled, IssueResult
    from gapcli.engine.forecast import ScaleForecasts
    from gapcli.io.loader import Loaded


def forecast(
    loaded: Loaded, *, full: bool = False, tables: bool = True, rows: int | None = None
) -> Report:
    """The forecasts of ``loaded``. ``full``: each scale issue's ``parties`` and
    ``distances`` in the result as well. ``tables`` and ``rows``: see
    :mod:`gapcli.analyses`."""
    import numpy as np

    from gapcli.analyses import compiled, issue_results, scale_forecasts
    from gapcli.analyses.views import bridge_json, num
    from gapcli.engine.forecast import no_nash_reason

    c = compiled(loaded)
    scenario, b, ids = loaded.scenario, c.scale, c.party_ids
    f = scale_forecasts(loaded)
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
    results = [r for r in issue_results(loaded) if r.kind != "scale"]
    others = [
        {"issue": r.issue, "kind": str(r.kind), "bridge": bridge_json(r, scenario)} for r in results
    ]
    result = {"scale": scale, "other": others}
    shown = _tables(c, f, scale, results, rows) if tables else ()
    return Report(
        "forecast", result, scenario, _summary(loaded, scale), shown, warnings=loaded.warnings
    )


def _tables(
    c: Compiled,
    f: ScaleForecasts,
    scale: list[dict[str, Any]],
    results: list[IssueResult],
    rows: int | None,
) -> tuple[Table, ...]:
    from gapcli.analyses._rows import first
    from gapcli.analyses.views import fmt_point

    kept, scale_total = first(scale, rows)
    bridged, bridge_total = first(results, rows)
    forecasts: list[tuple[Cell, ...]] = [
        (
            s["issue"],
            s["mean"],
            s["median"],
            _nash_cell(s),
            s["spread"],
            Names(tuple(s["far"])),
        )
        for s in kept
    ]
    notes = [
        f"{s['issue']}: no Nash point: {s['nash_note']}."
        for s in scale
        if s["nash_note"] and s["status_quo"] is not None
    ]
    if len(notes) > NAMES_SHOWN + 1:
        more = len(notes) - NAMES_SHOWN
        notes = [*notes[:NAMES_SHOWN], f"… and {more:,} more issues with no Nash point (JSON)."]
    far, total = _far_rows(c, f, scale, rows)
    return (
        Table(
            "Scale issues: forecasts",
            ("issue", "mean", "median", "Nash", "spread", "median outside what they accept"),
            tuple(forecasts),
            note="mean and median weigh positions by capability x salience; spread = weighted "
            "standard deviation; Nash: - where the issue has no status quo."
            + ("\n" + "\n".join(notes) if notes else ""),
            total=scale_total,
        ),
        Table(
            "Parties the median leaves out, farthest first",
            ("issue", "party", "position", "median", "distance"),
            far,
            note="distance = |position - median| / width of the scale.",
            total=total,
            hint=FULL_HINT,
        ),
        Table(
            "Choice and set issues: the bridge",
            ("issue", "kind", "bridge"),
            tuple((r.issue, str(r.kind), fmt_point(r.bridge)) for r in bridged),
            total=bridge_total,
        ),
    )


def _summary(loaded: Loaded, scale: list[dict[str, Any]]) -> str:
    placed = [s for s in scale if s["median"] is not None]
    listed = placed if len(placed) <= NAMES_SHOWN + 1 else placed[:NAMES_SHOWN]
    named = "; ".join(f"{s['issue']} {s['median']:g}" for s in listed)
    if len(placed) > len(listed):
        named += f" and {len(placed) - len(listed):,} more"
    return f"{loaded.scenario.title}: forecast (weighted median) {named or 'none'}."


def _far_rows(
    c: Compiled, f: ScaleForecasts, scale: list[dict[str, Any]], rows: int | None
) -> tuple[tuple[tuple[Cell, ...], ...], int | None]:
    """Every party the median leaves out, farthest first (ties in issue, then party order):
    the first ``rows`` of them (all for ``None``), and their number when some are left out."""
    import numpy as np

    from gapcli.analyses.views import num

    distance = f.distance
    p, i = np.nonzero(f.outside.T)  # issue-major: ties keep issue, then party order
    p, i = i, p
    order = np.argsort(-distance[p, i], kind="stable")
    total = len(order)
    if rows is not None:
        order = order[:rows]
    built = tuple(
        (
            scale[k]["issue"],
            c.party_ids[q],
            float(c.scale.position[q, k]),
            scale[k]["median"],
            num(float(distance[q, k])),
        )
        for q, k in zip(p[order].tolist(), i[order].tolist(), strict=True)
    )
    return built, (total if total > len(built) else None)


def _nash_cell(s: dict[str, Any]) -> Cell:
    if s["nash"] is not None:
        value: Cell = s["nash"]
        return value
    return "-" if s["status_quo"] is None else "none"
