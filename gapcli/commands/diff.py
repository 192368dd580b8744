from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gapcli.analyses.records import Cell, Names, Report, Table, named, scenario_json
from gapcli.commands._common import (
    AllOpt,
    FormatOpt,
    JsonOpt,
    load_compiled,
    output_format,
    path_value,
)
from gapcli.render.output import Format, emit

if TYPE_CHECKING:
    from gapcli.engine.compare import Diff
    from gapcli.model import Stance

TOP = 5


def diff(
    old: Annotated[
        Path, typer.Argument(parser=path_value, metavar="OLD", help="The earlier scenario.")
    ],
    new: Annotated[
        Path, typer.Argument(parser=path_value, metavar="NEW", help="The later scenario.")
    ],
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
) -> None:
    """What changed between two scenarios of the same talks.

    Parties and issues added or removed; each party's stance shifts (scale moves as a share
    of the scale) and capability changes; the pair gaps that widened and narrowed most; the
    issues that entered or left deadlock, or whose blockers, bridge or moves changed.

    Example: gapcli diff positions/syria-2017-03 positions/syria-2017-05
    """
    from gapcli.engine import analyse
    from gapcli.engine.compare import compare

    before_loaded, before = load_compiled(old)
    after_loaded, after = load_compiled(new)
    old_s, new_s = before_loaded.scenario, after_loaded.scenario
    found = compare(old_s, new_s, analyse(before), analyse(after))
    added = named(found.parties_added + found.issues_added, "nothing")
    removed = named(found.parties_removed + found.issues_removed, "nothing")
    summary = (
        f"{old_s.path} ({old_s.as_of or 'undated'}) -> {new_s.path} ({new_s.as_of or 'undated'}): "
        f"added {added}; removed {removed}; {len(found.shifts)} stance shifts; "
        f"entered deadlock: {named(found.entered_deadlock)}; "
        f"left deadlock: {named(found.left_deadlock)}."
    )
    result = {"old": scenario_json(old_s), "new": scenario_json(new_s), **changes_json(found)}
    result["parties"] = {"added": list(found.parties_added), "removed": list(found.parties_removed)}
    result["issues"] = {"added": list(found.issues_added), "removed": list(found.issues_removed)}
    warnings = before_loaded.warnings + after_loaded.warnings
    report = Report("diff", result, new_s, summary, changes_tables(found), warnings=warnings)
    emit(report, output_format(fmt, as_json), cut=not show_all)


def changes_json(d: Diff) -> dict[str, Any]:
    """The keys ``diff`` and ``whatif`` share: shifts, capabilities, gaps, issue changes."""
    from gapcli.analyses.views import num, stance_text

    def point(value: Any) -> Any:
        if isinstance(value, tuple):
            return list(value)
        return num(value) if isinstance(value, float) else value

    return {
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
        "capabilities": [
            {"party": c.party, "old": num(c.old), "new": num(c.new)} for c in d.capabilities
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
                "moves": [
                    {"party": m.party, "old": num(m.old), "new": num(m.new)} for m in c.moves
                ],
            }
            for c in d.issues
        ],
        "entered_deadlock": list(d.entered_deadlock),
        "left_deadlock": list(d.left_deadlock),
    }


def changes_tables(d: Diff) -> tuple[Table, ...]:
    from gapcli.analyses.views import fmt_point, num, stance_text

    widened = [g for g in d.gaps if (g.delta or 0) > 0][:TOP]
    narrowed = [g for g in d.gaps if (g.delta or 0) < 0][:TOP]
    gap_rows = tuple((g.a, g.b, num(g.old), num(g.new), num(g.delta)) for g in widened + narrowed)
    shift_rows: list[tuple[Cell, ...]] = [
        (
            s.party,
            s.issue,
            stance_text(s.old) or "(none)",
            stance_text(s.new) or "(none)",
            "" if s.move is None else f"{s.move:+.2f}",
            _salience(_salience_of(s.old), _salience_of(s.new)),
        )
        for s in d.shifts
    ]
    shift_rows += [
        (c.party, "capability", f"{c.old:g}", f"{c.new:g}", "", "") for c in d.capabilities
    ]
    change_rows = tuple(
        (
            c.issue,
            c.old_status if c.old_status == c.new_status else f"{c.old_status} -> {c.new_status}",
            Names(c.old_blockers),
            Names(c.new_blockers),
            _arrow(fmt_point(c.old_bridge), fmt_point(c.new_bridge)),
            Names(tuple(f"{m.party} {_move(m.old)} -> {_move(m.new)}" for m in c.moves)),
        )
        for c in d.issues
    )
    return (
        Table(
            "Stance shifts",
            ("party", "issue", "before", "after", "move", "salience"),
            tuple(shift_rows),
            note="move = change of position as a share of the scale (+ toward its high end).",
        ),
        Table(
            "Pair gaps that changed most", ("party", "party", "before", "after", "change"), gap_rows
        ),
        Table(
            "Issues whose status, blockers, bridge or moves changed",
            ("issue", "status", "blockers before", "blockers after", "bridge", "moves"),
            change_rows,
            note="moves = how far the bridge lies outside what each party accepts (0 to 1).",
        ),
    )


def _arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} -> {new}"


def _move(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _salience_of(stance: Stance | None) -> float | None:
    return None if stance is None else stance.salience


def _salience(old: float | None, new: float | None) -> str:
    if old == new:
        return "" if old is None else f"{old:g}"
    return f"{'-' if old is None else f'{old:g}'} -> {'-' if new is None else f'{new:g}'}"
