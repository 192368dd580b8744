"""The report's pictures as plain data: the pair-gap heatmap and a number line per scale
issue, in SVG coordinates (docs/report.md).

A page stays readable, and its size sensible, however many parties there are: above
``HEATMAP_PARTIES`` the heatmap draws the most central members of each bloc, above
``LINE_PARTIES`` a number line draws the parties with the most weight on the issue and a
histogram of every position, and lists of names are cut at ``NAMES``; a note says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable

    from gapcli.engine import Compiled, Gaps, IssueResult
    from gapcli.engine.clusters import Blocs
    from gapcli.model import ScaleIssue

#: Five steps from close (green) to far (red), as the terminal heatmap; then "no issue".
COLORS = ("#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027")
NONE_COLOR = "#e0e0e0"
CELL = 34  # heatmap cell, px
LINE_WIDTH = 560  # number line axis, px
ROW = 22  # number line row height, px
LABEL = 150  # left margin for party names, px
HEATMAP_PARTIES = 40  # parties drawn in the heatmap at most
LINE_PARTIES = 40  # parties drawn on a number line at most
BINS = 50  # histogram bars of a number line with more parties than that
NAMES = 10  # names listed in one table cell or bloc at most


def color(value: float | None) -> str:
    if value is None:
        return NONE_COLOR
    return COLORS[min(int(value * len(COLORS)), len(COLORS) - 1)]


def names(listed: list[str], total: int | None = None) -> str:
    """At most NAMES of them, then how many more."""
    total = len(listed) if total is None else total
    shown = ", ".join(listed[:NAMES])
    return shown if total <= NAMES else f"{shown} and {total - NAMES:,} more"


def heatmap(c: Compiled, gaps: Gaps, found: Blocs) -> dict[str, Any]:
    """The heatmap's parties (all, in dendrogram order, or a selection), cells and note."""
    from gapcli.engine.clusters import central_members

    n = len(c.party_ids)
    name = {p.id: p.name for p in c.scenario.parties}
    ids = c.party_ids
    if n <= HEATMAP_PARTIES:
        order, note = list(found.order), None
    else:
        order = list(central_members(gaps.gap, found, HEATMAP_PARTIES))
        shown_blocs = len({bloc for bloc, m in enumerate(found.blocs) if set(m) & set(order)})
        note = (
            f"{n:,} parties are too many to draw: the heatmap shows {len(order)} of them, the "
            "most central members of each bloc (the smallest mean gap to the rest of their "
            "bloc), more from larger blocs"
        )
        if shown_blocs < len(found.blocs):
            note += f"; {len(found.blocs) - shown_blocs:,} of the smallest blocs are left out"
    cells = []
    for a in order:
        row = []
        for b in order:
            value = gaps.value(a, b)
            row.append(
                {
                    "value": value,
                    "text": "-" if value is None else f"{value:.3f}",
                    "color": color(value),
                    "a": name[ids[a]],
                    "b": name[ids[b]],
                }
            )
        cells.append(row)
    return {
        "names": [name[ids[p]] for p in order],
        "cells": cells,
        "cell": CELL,
        "label": LABEL,
        "size": LABEL + CELL * len(order),
        "note": note,
    }


def number_line(c: Compiled, i: int, issue: ScaleIssue, result: IssueResult) -> dict[str, Any]:
    """One scale issue: a row per party (or the LINE_PARTIES with the most weight, and a
    histogram of every position), the zone or the bridge, the axis."""
    b = c.scale
    parties = c.scenario.parties

    def x(value: float) -> float:
        return round(LABEL + (value - issue.lo) / issue.width * LINE_WIDTH, 1)

    holders = np.flatnonzero(b.mask[:, i])
    shown = holders
    if len(holders) > LINE_PARTIES:
        weight = b.capability[holders, i] * b.salience[holders, i]
        shown = np.sort(holders[np.lexsort((holders, -weight))[:LINE_PARTIES]])
    rows = []
    for p in shown.tolist():
        position, lo, hi = (float(v[p, i]) for v in (b.position, b.lo, b.hi))
        party = parties[p]
        rows.append(
            {
                "party": party.name,
                "x1": x(lo),
                "x2": x(hi),
                "pos": x(position),
                "text": f"{party.name}: {position:g} (accepts {lo:g} to {hi:g})",
            }
        )
    bars, note, band = [], None, 0
    if len(shown) < len(holders):
        band = 3  # rows of height for the histogram, above the axis
        note = (
            f"{len(shown)} of the {len(holders):,} parties with a stance: those with the most "
            "weight (capability x salience); the grey bars count every party's position"
        )
        bars = _histogram(b.position[holders, i], issue, x, ROW * (len(rows) + 1), band * ROW - 4)
    zone = None
    if result.status == "agreement" and isinstance(result.zone, tuple) and rows:
        zone = {"x1": x(float(result.zone[0])), "x2": x(float(result.zone[1]))}
    bridge = x(float(result.bridge)) if isinstance(result.bridge, float) else None
    axis_y = ROW * (len(rows) + 1 + band)
    return {
        "id": issue.id,
        "title": issue.title,
        "status": str(result.status),
        "rows": [dict(r, y=ROW * (n + 1)) for n, r in enumerate(rows)],
        "bars": bars,
        "note": note,
        "zone": zone,
        "bridge": bridge,
        "bridge_text": "-" if result.bridge is None else f"{result.bridge:g}",
        "axis_y": axis_y,
        "ticks": _ticks(issue, x),
        "x0": LABEL,
        "x1": LABEL + LINE_WIDTH,
        "width": LABEL + LINE_WIDTH + 90,
        "height": axis_y + 2 * ROW,
    }


def _histogram(
    positions: Any, issue: ScaleIssue, x: Any, top: float, height: float
) -> list[dict[str, Any]]:
    counts, edges = np.histogram(positions, bins=BINS, range=(issue.lo, issue.hi))
    tallest = max(1, int(counts.max()))
    bars = []
    for k, count in enumerate(counts.tolist()):
        if not count:
            continue
        h = max(1.0, round(height * count / tallest, 1))
        lo, hi = float(edges[k]), float(edges[k + 1])
        bars.append(
            {
                "x": x(lo),
                "y": round(top + height - h, 1),
                "width": max(1.0, round(x(hi) - x(lo) - 1, 1)),
                "height": h,
                "text": f"{count:,} parties from {lo:g} to {hi:g}",
            }
        )
    return bars


def _ticks(issue: ScaleIssue, x: Callable[[float], float]) -> list[dict[str, Any]]:
    """The axis's ticks: both ends and every labelled point, each with its number (and its
    label, where it has one)."""
    labels = dict(issue.labels)
    return [
        {"x": x(p), "label": f"{p:g}: {labels[p]}" if p in labels else f"{p:g}"}
        for p in sorted({issue.lo, issue.hi, *labels})
    ]


#: The calibration picture: its plot area (px), the levels' axis (from CAL_FROM to 100%) and
#: each banded model's colour, dash and marker (an SVG path about the point; the bridge's
#: hollow, so that a point it shares with another shows both), so that the lines are told
#: apart without colour too.
CAL_LEFT, CAL_TOP, CAL_WIDTH, CAL_HEIGHT, CAL_LEGEND = 58, 14, 360, 260, 250
CAL_FROM = 0.45
CAL_MARKS = {
    "mean": ("#2166ac", "", "M -4.5 0 A 4.5 4.5 0 1 0 4.5 0 A 4.5 4.5 0 1 0 -4.5 0 Z"),
    "median": ("#b2182b", "7 4", "M -4 -4 H 4 V 4 H -4 Z"),
    "bridge": ("#5a3a00", "2 3", "M 0 -6.5 L 6.5 0 L 0 6.5 L -6.5 0 Z"),
}


def cal_x(level: float) -> float:
    """A nominal level's x in the calibration picture."""
    return round(CAL_LEFT + (level - CAL_FROM) / (1 - CAL_FROM) * CAL_WIDTH, 1)


def cal_y(share: float) -> float:
    """A share of outcomes held's y in the calibration picture (0 at the bottom)."""
    return round(CAL_TOP + (1 - share) * CAL_HEIGHT, 1)


def calibration(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The calibration picture from the backtest's calibration rows (those over every issue,
    ``group`` None, with at least one issue): per banded model a line through the share of
    outcomes its band held at each nominal level; the diagonal is perfect calibration.
    ``None`` when no row has an issue (nothing was drawn)."""
    from gapcli.analyses.backtest_tables import MODEL_NOTES

    shown = [r for r in rows if r["group"] is None and r["n"]]
    if not shown:
        return None
    series, said = [], []
    for k, row in enumerate(shown):
        color, dash, marker = CAL_MARKS.get(row["model"], ("#444444", "", CAL_MARKS["mean"][2]))
        label = MODEL_NOTES.get(row["model"], row["model"])
        n = row["n"]
        points = [
            {
                "level": lv["level"],
                "share": lv["share"],
                "x": cal_x(lv["level"]),
                "y": cal_y(lv["share"]),
                "text": f"{label}: the {100 * lv['level']:g}% band held {lv['covered']} of {n} "
                f"outcomes ({100 * lv['share']:.0f}%)",
            }
            for lv in row["levels"]
            if lv["share"] is not None
        ]
        series.append(
            {
                "model": row["model"],
                "label": f"{label} ({n} issue{'' if n == 1 else 's'})",
                "color": color,
                "dash": dash,
                "marker": marker,
                "fill": "none" if row["model"] == "bridge" else color,
                "stroke": color if row["model"] == "bridge" else "#ffffff",
                "path": " ".join(
                    f"{'M' if j == 0 else 'L'} {p['x']} {p['y']}" for j, p in enumerate(points)
                ),
                "points": points,
                "legend_y": CAL_TOP + 10 + 22 * k,
            }
        )
        said.append(
            f"{label[:1].upper()}{label[1:]}, {n} issue{'' if n == 1 else 's'}: "
            + ", ".join(f"{100 * p['level']:g}% band held {100 * p['share']:.0f}%" for p in points)
        )
    levels = sorted({lv["level"] for r in shown for lv in r["levels"]})
    x0, x1 = CAL_LEFT, CAL_LEFT + CAL_WIDTH
    y0, y1 = CAL_TOP + CAL_HEIGHT, CAL_TOP
    return {
        "width": x1 + CAL_LEGEND,
        "height": y0 + 44,
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "diagonal": {"x1": cal_x(CAL_FROM), "y1": cal_y(CAL_FROM), "x2": x1, "y2": y1},
        "xticks": [{"x": cal_x(lv), "label": f"{100 * lv:g}%"} for lv in [*levels, 1.0]],
        "yticks": [{"y": cal_y(s / 4), "label": f"{25 * s}%"} for s in range(5)],
        "series": series,
        "legend_x": x1 + 20,
        "diagonal_y": CAL_TOP + 10 + 22 * len(series),
        "desc": "Share of outcomes each sensitivity band held, against the band's nominal "
        "level; on the diagonal a band holds as many as it says. " + "; ".join(said) + ".",
    }
