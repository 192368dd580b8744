from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapcli.engine import Compiled
    from gapcli.loader import Loaded
    from gapcli.model import ScaleIssue

#: Five steps from close (green) to far (red), as the terminal heatmap; then "no issue".
COLORS = ("#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027")
NONE_COLOR = "#e0e0e0"
CELL = 34  # heatmap cell, px
LINE_WIDTH = 560  # number line axis, px
ROW = 22  # number line row height, px
LABEL = 150  # left margin for party names, px


def color(value: float | None) -> str:
    if value is None:
        return NONE_COLOR
    return COLORS[min(int(value * len(COLORS)), len(COLORS) - 1)]


def context(loaded: Loaded, compiled: Compiled) -> dict[str, Any]:
    """Everything the template shows, as plain data."""
    from gapcli import __version__
    from gapcli.commands import forecast, trades
    from gapcli.engine import analyse_issues, gap_matrix
    from gapcli.engine.clusters import cluster
    from gapcli.views import by_severity, fmt_point, fmt_zone

    scenario = loaded.scenario
    gaps = gap_matrix(compiled)
    found = cluster(gaps.gap, 0.3)
    order = list(found.order)
    ids = compiled.party_ids
    name = {p.id: p.name for p in scenario.parties}
    cells = [
        [
            {
                "value": gaps.value(a, b),
                "text": "-" if gaps.value(a, b) is None else f"{gaps.value(a, b):.3f}",
                "color": color(gaps.value(a, b)),
                "a": name[ids[a]],
                "b": name[ids[b]],
            }
            for b in order
        ]
        for a in order
    ]
    results = analyse_issues(compiled)
    ordered = by_severity(results)
    deadlocks = [
        {
            "issue": r.issue,
            "title": _title(scenario, r.issue),
            "status": str(r.status),
            "severity": f"{r.severity:.3f}",
            "blockers": ", ".join(name[p] for p in r.blockers) or "-",
            "point": fmt_point(r.bridge) if r.status == "deadlock" else fmt_zone(r),
            "moves": ", ".join(f"{name[m.party]} {m.distance:.2f}" for m in r.moves if m.must_move)
            or "-",
        }
        for r in ordered
    ]
    stuck = [d for d in deadlocks if d["status"] == "deadlock"]
    forecasts = forecast.build(loaded, compiled).result["scale"]
    trade_list = trades.build(loaded, compiled, 0, 5).result["trades"]
    by_issue = {r.issue: r for r in results}
    return {
        "title": scenario.title,
        "as_of": scenario.as_of,
        "description": scenario.description,
        "path": scenario.path,
        "version": __version__,
        "overrides": list(scenario.overrides),
        "summary": f"{len(stuck)} of {len(deadlocks)} issues deadlocked",
        "sources": [
            {
                "key": s.key,
                "title": s.title,
                "published": s.published,
                "url": s.url,
                "link": s.url if s.url and s.url.startswith(("https://", "http://")) else None,
                "publisher": s.publisher,
            }
            for s in scenario.sources
        ],
        "heatmap": {
            "names": [name[ids[p]] for p in order],
            "cells": cells,
            "cell": CELL,
            "label": LABEL,
            "size": LABEL + CELL * len(order),
        },
        "legend": [
            {"color": c, "text": f"{n / len(COLORS):.1f} to {(n + 1) / len(COLORS):.1f}"}
            for n, c in enumerate(COLORS)
        ],
        "blocs": [", ".join(name[ids[p]] for p in members) for members in found.blocs],
        "lines": [
            _number_line(scenario, issue, by_issue[issue.id]) for issue in compiled.scale.issues
        ],
        "deadlocks": deadlocks,
        "forecasts": [
            {
                "issue": f["issue"],
                "mean": "-" if f["mean"] is None else f"{f['mean']:.1f}",
                "median": "-" if f["median"] is None else f"{f['median']:g}",
                "nash": "-" if f["nash"] is None else f"{f['nash']:.1f}",
                "note": f["nash_note"] if f["status_quo"] is not None else None,
            }
            for f in forecasts
        ],
        "trades": [
            {
                "gain": f"{t['gain']:.4f}",
                "a": f"{name[t['a']['party']]} moves on {t['a']['gives']} "
                f"({t['a']['from']:g} to {t['a']['to']:.1f})",
                "b": f"{name[t['b']['party']]} moves on {t['b']['gives']} "
                f"({t['b']['from']:g} to {t['b']['to']:.1f})",
            }
            for t in trade_list
        ],
    }


def _number_line(scenario: Any, issue: ScaleIssue, result: Any) -> dict[str, Any]:
    from gapcli.model import ScaleStance

    def x(value: float) -> float:
        return round(LABEL + (value - issue.lo) / issue.width * LINE_WIDTH, 1)

    rows = []
    for party in scenario.parties:
        stance = party.stances.get(issue.id)
        if isinstance(stance, ScaleStance):
            rows.append(
                {
                    "party": party.name,
                    "x1": x(stance.lo),
                    "x2": x(stance.hi),
                    "pos": x(stance.position),
                    "text": f"{party.name}: {stance.position:g} (accepts {stance.lo:g} to "
                    f"{stance.hi:g})",
                }
            )
    zone = None
    if result.status == "agreement" and isinstance(result.zone, tuple) and rows:
        zone = {"x1": x(float(result.zone[0])), "x2": x(float(result.zone[1]))}
    bridge = x(float(result.bridge)) if isinstance(result.bridge, float) else None
    height = ROW * (len(rows) + 3)
    return {
        "id": issue.id,
        "title": issue.title,
        "status": str(result.status),
        "rows": [dict(r, y=ROW * (n + 1)) for n, r in enumerate(rows)],
        "zone": zone,
        "bridge": bridge,
        "bridge_text": "-" if result.bridge is None else f"{result.bridge:g}",
        "axis_y": ROW * (len(rows) + 1),
        "ticks": [{"x": x(p), "label": text} for p, text in issue.labels]
        or [
            {"x": x(issue.lo), "label": f"{issue.lo:g}"},
            {"x": x(issue.hi), "label": f"{issue.hi:g}"},
        ],
        "x0": LABEL,
        "x1": LABEL + LINE_WIDTH,
        "width": LABEL + LINE_WIDTH + 90,
        "height": height,
    }


def render_html(data: dict[str, Any]) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gapcli.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2").render(**data)


def _title(scenario: Any, issue_id: str) -> str:
    issue = scenario.issue(issue_id)
    return str(issue.title) if issue is not None else issue_id


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


class Raw(str):
    """Text printed as it is in Markdown (a checked http(s) link)."""


def md_escape(value: object) -> object:
    """Text for Markdown: its special characters escaped, line breaks as spaces."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, str):
        return " ".join(value.split("\n")).translate(_MD_SPECIAL)
    return "" if value is None else value


def render_markdown(data: dict[str, Any], stem: str) -> tuple[str, dict[str, str]]:
    """The Markdown report, and its pictures as standalone SVG files (name -> content)."""
    import jinja2

    svg_env = jinja2.Environment(
        loader=jinja2.PackageLoader("gapcli.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    pictures = svg_env.from_string(
        '{% from "svg.j2" import heatmap_svg, number_line_svg %}'
        "{% if line %}{{ number_line_svg(line, true) }}{% else %}{{ heatmap_svg(h, true) }}"
        "{% endif %}"
    )
    files = {f"{stem}-heatmap.svg": pictures.render(h=data["heatmap"], line=None)}
    names = []
    for line in data["lines"]:
        name = f"{stem}-issue-{line['id']}.svg"  # never the heatmap's name
        files[name] = pictures.render(h=None, line=line)
        names.append(name)
    md_env = jinja2.Environment(
        loader=jinja2.PackageLoader("gapcli.report", "templates"),
        autoescape=False,  # Markdown, not HTML: every printed value goes through md_escape
        finalize=md_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    md_env.filters["raw"] = Raw
    text = md_env.get_template("report.md.j2").render(
        **data, files={"heatmap": f"{stem}-heatmap.svg", "lines": names}
    )
    return text, files
