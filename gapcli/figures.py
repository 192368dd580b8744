"""Pictures drawn in text: the number line of a scale issue, the heatmap's cell styles and
sparklines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gapcli.model import ScaleIssue, ScaleStance, Scenario

if TYPE_CHECKING:
    from gapcli.engine import IssueResult

AXIS = 51  # columns of the number line
LABEL = 18  # columns for party names


def _column(issue: ScaleIssue, x: float) -> int:
    return round((x - issue.lo) / issue.width * (AXIS - 1))


def _name(text: str) -> str:
    return text if len(text) <= LABEL else text[: LABEL - 1] + "…"


def number_line(scenario: Scenario, issue: ScaleIssue, result: IssueResult) -> tuple[str, ...]:
    """One row per party: its accepted range (━) and position (●) on the issue's scale,
    then the zone of agreement (═) or the bridge (▲), the axis and the scale's labels."""
    rows: list[str] = []
    for party in scenario.parties:
        stance = party.stances.get(issue.id)
        if not isinstance(stance, ScaleStance):
            continue
        cells = ["·"] * AXIS
        for c in range(_column(issue, stance.lo), _column(issue, stance.hi) + 1):
            cells[c] = "━"
        cells[_column(issue, stance.position)] = "●"
        detail = f"{stance.position:g} [{stance.lo:g}, {stance.hi:g}]"
        rows.append(f"{_name(party.id):<{LABEL}} {''.join(cells)}  {detail}")
    if result.zone is not None and result.parties:
        lo, hi = result.zone
        cells = [" "] * AXIS
        for c in range(_column(issue, lo), _column(issue, hi) + 1):  # type: ignore[arg-type]
            cells[c] = "═"
        span = f"{lo:g}" if lo == hi else f"{lo:g} to {hi:g}"
        rows.append(f"{'zone':<{LABEL}} {''.join(cells)}  {span}")
    if isinstance(result.bridge, float):
        cells = [" "] * AXIS
        cells[_column(issue, result.bridge)] = "▲"
        rows.append(f"{'bridge':<{LABEL}} {''.join(cells)}  {result.bridge:g}")
    rows.extend(_axis(issue))
    return tuple(rows)


def _axis(issue: ScaleIssue) -> list[str]:
    ticks = sorted({issue.lo, issue.hi, *(x for x, _ in issue.labels)})
    line = ["─"] * AXIS
    numbers = [" "] * (AXIS + 8)
    for x in ticks:
        c = _column(issue, x)
        line[c] = "┼"
        text = f"{x:g}"
        start = min(max(0, c - len(text) // 2), AXIS + 8 - len(text))
        if all(ch == " " for ch in numbers[max(0, start - 1) : start + len(text) + 1]):
            numbers[start : start + len(text)] = list(text)
    line[0], line[-1] = "├", "┤"
    out = [" " * (LABEL + 1) + "".join(line), " " * (LABEL + 1) + "".join(numbers).rstrip()]
    out += [" " * (LABEL + 1) + f"{x:g}: {text}" for x, text in issue.labels]
    if issue.status_quo is not None:
        out.append(" " * (LABEL + 1) + f"status quo: {issue.status_quo:g}")
    return out


HEAT = ("on green", "on dark_green", "on yellow4", "on dark_orange3", "on red3")


def heat_style(value: float | None) -> str | None:
    """A background for a gap in [0, 1], in five steps from green (close) to red (far)."""
    if value is None:
        return None
    return HEAT[min(int(value * len(HEAT)), len(HEAT) - 1)]


_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], lo: float = 0.0, hi: float = 1.0) -> str:
    """One character per value on a fixed scale (so lines compare with each other); ``·`` where
    a value is missing."""
    out = []
    for v in values:
        if v is None:
            out.append("·")
            continue
        share = 0.0 if hi <= lo else (min(max(v, lo), hi) - lo) / (hi - lo)
        out.append(_BARS[min(len(_BARS) - 1, int(share * len(_BARS)))])
    return "".join(out)
