from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gapcli.commands._common import FormatOpt, JsonOpt, load_compiled, output_format
from gapcli.output import Cell, Format, Report, Table, emit, scenario_json

if TYPE_CHECKING:
    from gapcli.compare import Diff
    from gapcli.model import Scenario, Stance

TOP = 5


def diff(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The earlier scenario.")],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The later scenario.")],
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
) -> None:
    """What changed between two scenarios of the same talks.

    Parties and issues added or removed; each party's stance shifts (scale moves as a share
    of the scale); the pair gaps that widened and narrowed most; the issues that entered
    or left deadlock, or whose blockers or bridge changed.

    Example: gapcli diff positions/syria-2017-03 positions/syria-2017-05
    """
    from gapcli.compare import compare
    from gapcli.engine import analyse

    before_loaded, before = load_compiled(old)
    after_loaded, after = load_compiled(new)
    found = compare(before_loaded.scenario, after_loaded.scenario, analyse(before), analyse(after))
    report = _report(found, before_loaded.scenario, after_loaded.scenario)
    warnings = before_loaded.warnings + after_loaded.warnings
    emit(replace(report, warnings=warnings), output_format(fmt, as_json))


def _report(d: Diff, old: Scenario, new: Scenario) -> Report:
    from gapcli.views import fmt_point, num, stance_text

    def point(value: Any) -> Any:
        if isinstance(value, tuple):
            return list(value)
        return num(value) if isinstance(value, float) else value

    result: dict[str, Any] = {
        "old": scenario_json(old),
        "new": scenario_json(new),
        "parties": {"added": list(d.parties_added), "removed": list(d.parties_removed)},
        "issues": {"added": list(d.issues_added), "removed": list(d.issues_removed)},
        "shifts": [
            {
                "party": s.party,
                "issue": s.issue,
                "old": stance_text(s.old),
                "new": stance_text(s.new),
                "move": num(s.move),
                "salience": {"old": _salience_of(s.old), "new": _salience_of(s.new)},
            }
            for s in d.shifts
        ],
        "gaps": [
            {"a": g.a, "b": g.b, "old": num(g.old), "new": num(g.new), "change": num(g.delta)}
            for g in d.gaps
        ],
        "changes": [
            {
                "issue": c.issue,
                "status": {"old": c.old_status, "new": c.new_status},
                "blockers": {"old": list(c.old_blockers), "new": list(c.new_blockers)},
                "bridge": {"old": point(c.old_bridge), "new": point(c.new_bridge)},
            }
            for c in d.issues
        ],
        "entered_deadlock": list(d.entered_deadlock),
        "left_deadlock": list(d.left_deadlock),
    }
    widened = [g for g in d.gaps if (g.delta or 0) > 0][:TOP]
    narrowed = [g for g in d.gaps if (g.delta or 0) < 0][:TOP]
    gap_rows = tuple((g.a, g.b, num(g.old), num(g.new), num(g.delta)) for g in widened + narrowed)
    shift_rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            s.party,
            s.issue,
            stance_text(s.old) or "(none)",
            stance_text(s.new) or "(none)",
            "" if s.move is None else f"{s.move:+.2f}",
            _salience(_salience_of(s.old), _salience_of(s.new)),
        )
        for s in d.shifts
    )
    change_rows = tuple(
        (
            c.issue,
            c.old_status if c.old_status == c.new_status else f"{c.old_status} -> {c.new_status}",
            ", ".join(c.old_blockers) or "-",
            ", ".join(c.new_blockers) or "-",
            f"{fmt_point(c.old_bridge)} -> {fmt_point(c.new_bridge)}",
        )
        for c in d.issues
    )
    tables = (
        Table(
            "Stance shifts",
            ("party", "issue", "before", "after", "move", "salience"),
            shift_rows,
            note="move = change of position as a share of the scale (+ toward its high end).",
        ),
        Table(
            "Pair gaps that changed most", ("party", "party", "before", "after", "change"), gap_rows
        ),
        Table(
            "Issues whose status, blockers or bridge changed",
            ("issue", "status", "blockers before", "blockers after", "bridge"),
            change_rows,
        ),
    )
    added = ", ".join(d.parties_added + d.issues_added) or "nothing"
    removed = ", ".join(d.parties_removed + d.issues_removed) or "nothing"
    summary = (
        f"{old.path} ({old.as_of or 'undated'}) -> {new.path} ({new.as_of or 'undated'}): "
        f"added {added}; removed {removed}; {len(d.shifts)} stance shifts; "
        f"entered deadlock: {', '.join(d.entered_deadlock) or 'none'}; "
        f"left deadlock: {', '.join(d.left_deadlock) or 'none'}."
    )
    return Report("diff", result, new, summary, tables)


def _salience_of(stance: Stance | None) -> float | None:
    return None if stance is None else stance.salience


def _salience(old: float | None, new: float | None) -> str:
    if old == new:
        return "" if old is None else f"{old:g}"
    return f"{'-' if old is None else f'{old:g}'} -> {'-' if new is None else f'{new:g}'}"
