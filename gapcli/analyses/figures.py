"""Pictures drawn in text: the number line of a scale issue, the heatmap's cell styles and
sparklines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gapcli.model import ScaleIssue, ScaleStance, Scenario

if TYPE_CHECKING:
    from gapcli.engine import IssueResult

AXIS = 51  # columns of the number line at most
MIN_AXIS = 11  # below it, the line overflows the terminal rather than say nothing
LABEL = 18  # columns for party names
UNICODE = {
    "empty": "·",
    "range": "━",
    "point": "●",
    "zone": "═",
    "bridge": "▲",
    "rule": "─",
    "tick": "┼",
    "left": "├",
    "right": "┤",
}
ASCII = {
    "empty": ".",
    "range": "-",
    "point": "o",
    "zone": "=",
    "bridge": "^",
    "rule": "-",
    "tick": "+",
    "left": "|",
    "right": "|",
}


def _name(text: str) -> str:
    return text if len(text) <= LABEL else text[: LABEL - 1] + "…"


def number_line(
    scenario: Scenario,
    issue: ScaleIssue,
    result: IssueResult,
    width: int = 100,
    ascii_only: bool = False,
) -> tuple[str, ...]:
    """One row per party: its accepted range (━) and position (●) on the issue's scale,
    then the zone of agreement (═) or the bridge (▲), the axis and the scale's labels.
    The axis shrinks to fit ``width`` columns; ``ascii_only`` draws with - o = ^ instead."""
    from gapcli.analyses.views import stances_on  # a table's rows for this issue only

    g = ASCII if ascii_only else UNICODE
    stances = [
        (party, stance)
        for party, stance in stances_on(scenario, issue.id)
        if isinstance(stance, ScaleStance)
    ]
    details = [f"{s.position:g} [{s.lo:g}, {s.hi:g}]" for _, s in stances]
    widest = max((len(d) for d in details), default=0)
    axis = max(MIN_AXIS, min(AXIS, width - LABEL - 1 - 2 - widest))

    def column(x: float) -> int:
        return round((x - issue.lo) / issue.width * (axis - 1))

    rows: list[str] = []
    for (party, stance), detail in zip(stances, details, strict=True):
        cells = [g["empty"]] * axis
        for c in range(column(stance.lo), column(stance.hi) + 1):
            cells[c] = g["range"]
        cells[column(stance.position)] = g["point"]
        rows.append(f"{_name(party.id):<{LABEL}} {''.join(cells)}  {detail}")
    if result.zone is not None and result.parties:
        lo, hi = result.zone
        cells = [" "] * axis
        for c in range(column(lo), column(hi) + 1):  # type: ignore[arg-type]
            cells[c] = g["zone"]
        span = f"{lo:g}" if lo == hi else f"{lo:g} to {hi:g}"
        rows.append(f"{'zone':<{LABEL}} {''.join(cells)}  {span}")
    if isinstance(result.bridge, float):
        cells = [" "] * axis
        cells[column(result.bridge)] = g["bridge"]
        rows.append(f"{'bridge':<{LABEL}} {''.join(cells)}  {result.bridge:g}")
    rows.extend(_axis(issue, axis, column, g))
    return tuple(rows)


def _axis(issue: ScaleIssue, axis: int, column: Any, g: dict[str, str]) -> list[str]:
    # the ends first: a labelled point near an end never takes the end's number's place
    inner = sorted({x for x, _ in issue.labels} - {issue.lo, issue.hi})
    ticks = [issue.lo, issue.hi, *inner]
    line = [g["rule"]] * axis
    numbers = [" "] * (axis + 8)
    for x in ticks:
        c = column(x)
        line[c] = g["tick"]
        text = f"{x:g}"
        start = min(max(0, c - len(text) // 2), axis + 8 - len(text))
        if all(ch == " " for ch in numbers[max(0, start - 1) : start + len(text) + 1]):
            numbers[start : start + len(text)] = list(text)
    line[0], line[-1] = g["left"], g["right"]
    out = [" " * (LABEL + 1) + "".join(line), " " * (LABEL + 1) + "".join(numbers).rstrip()]
    out += [" " * (LABEL + 1) + f"{x:g}: {text}" for x, text in issue.labels]
    if issue.status_quo is not None:
        out.append(" " * (LABEL + 1) + f"status quo: {issue.status_quo:g}")
    return out


HEAT = ("on green", "on dark_green", "on yellow4", "on dark_orange3", "on red3")


#: The colours of HEAT as a person names them
HEAT_NAMES = ("green", "dark green", "olive", "orange", "red")


def heat_legend() -> str:
    """The heatmap's colour steps in words: ``Colours: 0 to 0.2 green, ...``."""
    steps = len(HEAT)
    return (
        "Colours: "
        + ", ".join(
            f"{n / steps:g} to {(n + 1) / steps:g} {name}" for n, name in enumerate(HEAT_NAMES)
        )
        + "."
    )


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
