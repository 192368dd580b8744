from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapcli.engine import IssueResult
    from gapcli.io.loader import Loaded

#: Above this many party-pair x issue-pair combinations (P^2/2 x I^2 on the scale issues)
#: the page lists no trades: weighing them takes about a second per 70 million (30 parties
#: on 400 issues) and keeps the trades found, up to a fifth of them, in memory (`gapcli
#: trades` still lists them).
TRADE_CELLS = 100_000_000
#: Above this many, the page's backtest leaves out the exchange model's forecast: its ten
#: rounds cost about ten trade lists (DEU III, 57 million: 1.5 s of a page that took 1 s;
#: `gapcli backtest` still has it)
EXCHANGE_CELLS = 10_000_000


def context(loaded: Loaded) -> dict[str, Any]:
    """Everything the template shows, as plain data. The forecasts and trades are those of
    the analyses the commands show (``gapcli.analyses``), on the same compiled arrays."""
    from gapcli._version import __version__
    from gapcli.analyses import compiled as compiled_arrays
    from gapcli.analyses import issue_results, pair_gaps
    from gapcli.analyses.views import by_severity, fmt_point, fmt_zone
    from gapcli.engine.clusters import cluster
    from gapcli.render.report.fared import fared
    from gapcli.render.report.pictures import COLORS, heatmap, names, number_line

    scenario = loaded.scenario
    compiled = compiled_arrays(loaded)
    gaps = pair_gaps(loaded)
    found = cluster(gaps.gap, 0.3)
    ids = compiled.party_ids
    name = {p.id: p.name for p in scenario.parties}
    results = issue_results(loaded)
    ordered = by_severity(results)
    deadlocks = [
        {
            "issue": r.issue,
            "title": _title(scenario, r.issue),
            "status": str(r.status),
            "severity": f"{r.severity:.3f}",
            "blockers": names([name[p] for p in r.blockers]) or "-",
            "point": fmt_point(r.bridge) if r.status == "deadlock" else fmt_zone(r),
            "moves": _moves(r, name) or "-",
        }
        for r in ordered
    ]
    stuck = [d for d in deadlocks if d["status"] == "deadlock"]
    by_issue = {r.issue: r for r in results}
    trade_list, trades_note = _trades(loaded, name)
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
        "heatmap": heatmap(compiled, gaps, found),
        "legend": [
            {"color": c, "text": f"{n / len(COLORS):.1f} to {(n + 1) / len(COLORS):.1f}"}
            for n, c in enumerate(COLORS)
        ],
        "blocs": [names([name[ids[p]] for p in members]) for members in found.blocs],
        "lines": [
            number_line(compiled, i, issue, by_issue[issue.id])
            for i, issue in enumerate(compiled.scale.issues)
        ],
        "deadlocks": deadlocks,
        "forecasts": _forecasts(loaded),
        "trades": trade_list,
        "trades_note": trades_note,
        "fared": fared(loaded, exchange=_trade_cells(loaded) <= EXCHANGE_CELLS),
    }


def _moves(r: IssueResult, name: dict[str, str]) -> str:
    """The moves the bridge asks, in party order; past NAMES of them, the largest
    (weighted) only."""
    from gapcli.engine.results import Moves
    from gapcli.render.report.pictures import NAMES, names

    if isinstance(r.moves, Moves):  # the arrays pick the moves to name
        chosen, count = r.moves.moving(NAMES)
        return names([f"{name[m.party]} {m.distance:.2f}" for m in chosen], count)
    moving = [m for m in r.moves if m.must_move]
    total = len(moving)
    if total > NAMES:
        largest = set(sorted(range(total), key=lambda k: -moving[k].weighted)[:NAMES])
        moving = [m for k, m in enumerate(moving) if k in largest]
    return names([f"{name[m.party]} {m.distance:.2f}" for m in moving], total)


def _forecasts(loaded: Loaded) -> list[dict[str, Any]]:
    """Each scale issue's forecasts as the page prints them (from ``gapcli forecast``)."""
    from gapcli.analyses import forecast
    from gapcli.analyses.views import fmt_num

    out = []
    for s in forecast.forecast(loaded, tables=False).result["scale"]:
        mean, median, nash = s["mean"], s["median"], s["nash"]
        out.append(
            {
                "issue": s["issue"],
                "mean": "-" if mean is None else fmt_num(mean),  # as the terminal's forecast
                "median": "-" if median is None else fmt_num(median),
                "nash": "-" if nash is None else fmt_num(nash),
                "note": s["nash_note"] if s["status_quo"] is not None else None,
            }
        )
    return out


def _trade_cells(loaded: Loaded) -> int:
    """The combinations of two parties and two scale issues a trade is weighed on."""
    from gapcli.analyses import compiled

    c = compiled(loaded)
    n, issues = len(c.party_ids), len(c.scale.issues)
    return n * (n - 1) // 2 * issues * (issues - 1)


def _trades(loaded: Loaded, name: dict[str, str]) -> tuple[list[dict[str, Any]], str | None]:
    """The five best trades (from ``gapcli trades``), or none and why (above TRADE_CELLS)."""
    from gapcli.analyses import compiled, trades
    from gapcli.analyses.views import fmt_pt

    c = compiled(loaded)
    n, issues = len(c.party_ids), len(c.scale.issues)
    cells = _trade_cells(loaded)
    if not cells:  # a trade needs two parties and two scale issues
        return [], None
    if cells > TRADE_CELLS:
        return [], (
            f"Not listed here: {n:,} parties on {issues} scale issues make {cells:,} "
            "combinations of two parties and two issues to weigh, too many for this page; "
            "gapcli trades lists them."
        )
    listed = trades.best(loaded, 5)
    return [
        {
            "gain": f"{t['gain']:.4f}",
            "a": f"{name[t['a']['party']]} moves on {t['a']['gives']} "
            f"({fmt_pt(t['a']['from'])} to {fmt_pt(t['a']['to'])})",
            "b": f"{name[t['b']['party']]} moves on {t['b']['gives']} "
            f"({fmt_pt(t['b']['from'])} to {fmt_pt(t['b']['to'])})",
        }
        for t in listed
    ], None


def render_html(data: dict[str, Any]) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gapcli.render.report", "templates"),
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
        loader=jinja2.PackageLoader("gapcli.render.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    pictures = svg_env.from_string(
        '{% from "svg.j2" import calibration_svg, heatmap_svg, number_line_svg %}'
        "{% if line %}{{ number_line_svg(line, true) }}{% elif c %}{{ calibration_svg(c, true) }}"
        "{% else %}{{ heatmap_svg(h, true) }}{% endif %}"
    )
    files = {f"{stem}-heatmap.svg": pictures.render(h=data["heatmap"], line=None, c=None)}
    names = []
    for line in data["lines"]:
        name = f"{stem}-issue-{line['id']}.svg"  # never the heatmap's name
        files[name] = pictures.render(h=None, line=line, c=None)
        names.append(name)
    calibration = data["fared"] and data["fared"]["calibration"]
    if calibration:  # not an issue's name either: those have "-issue-"
        files[f"{stem}-calibration.svg"] = pictures.render(h=None, line=None, c=calibration)
    md_env = jinja2.Environment(
        loader=jinja2.PackageLoader("gapcli.render.report", "templates"),
        autoescape=False,  # Markdown, not HTML: every printed value goes through md_escape
        finalize=md_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    md_env.filters["raw"] = Raw
    text = md_env.get_template("report.md.j2").render(
        **data,
        files={
            "heatmap": f"{stem}-heatmap.svg",
            "lines": names,
            "calibration": f"{stem}-calibration.svg",
        },
    )
    return text, files
