"""Two scenarios compared: what changed between two snapshots of the same talks (``diff``),
or what one set of assumptions changes against the files (``whatif``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapcli.analyses.records import Cell, Names, Report, Table, named, scenario_json

if TYPE_CHECKING:
    from gapcli.engine.compare import Diff
    from gapcli.io.loader import Loaded
    from gapcli.model import Stance

#: Pair gaps listed in the table each way: the TOP that widened most, the TOP that narrowed.
TOP = 5


def diff(old: Loaded, new: Loaded, *, tables: bool = True, rows: int | None = None) -> Report:
    """What changed from ``old`` to ``new``: parties and issues added or removed, stance and
    capability changes, the pair gaps that moved most, and the issues whose status,
    blockers, bridge or moves changed. ``tables`` and ``rows``: see :mod:`gapcli.analyses`."""
    from gapcli.analyses import analysis
    from gapcli.engine.compare import compare

    old_s, new_s = old.scenario, new.scenario
    found = compare(old_s, new_s, analysis(old), analysis(new))
    added = named(found.parties_added + found.issues_added, "nothing")
    removed = named(found.parties_removed + found.issues_removed, "nothing")
    summary = (
        f"{old_s.path} ({old_s.as_of or 'undated'}) -> {new_s.path} ({new_s.as_of or 'undated'}): "
        f"added {added}; removed {removed}; {len(found.shifts)} stance shifts; "
        f"entered deadlock: {named(found.entered_deadlock)}; "
        f"left deadlock: {named(found.left_deadlock)}."
    )
    result = {"old": scenario_json(old_s), "new": scenario_json(new_s), **_changes_json(found)}
    result["parties"] = {"added": list(found.parties_added), "removed": list(found.parties_removed)}
    result["issues"] = {"added": list(found.issues_added), "removed": list(found.issues_removed)}
    shown = _changes_tables(found, rows) if tables else ()
    return Report("diff", result, new_s, summary, shown, warnings=old.warnings + new.warnings)


def whatif(
    base: Loaded, changed: Loaded, *, tables: bool = True, rows: int | None = None
) -> Report:
    """What changes when ``base`` (the files) becomes ``changed`` (the same files with some
    assumptions changed, e.g. loaded with overrides): the deadlocks that open or close, the
    blockers, bridges and moves that change, and the pair gaps that change most. The
    warnings are those of ``changed``. ``tables`` and ``rows``: see :mod:`gapcli.analyses`."""
    from gapcli.analyses import analysis
    from gapcli.engine.compare import compare

    before, after = analysis(base), analysis(changed)
    found = compare(base.scenario, changed.scenario, before, after)
    result = {"files": scenario_json(base.scenario), **_changes_json(found)}
    return Report(
        "whatif",
        result,
        changed.scenario,
        _whatif_summary(found, len(before.issues)),
        _changes_tables(found, rows) if tables else (),
        warnings=changed.warnings,
    )


def _whatif_summary(d: Diff, issue_count: int) -> str:
    opened = named(d.left_deadlock)
    closed = named(d.entered_deadlock)
    moved = [c.issue for c in d.issues if c.issue not in d.left_deadlock + d.entered_deadlock]
    widest = ""
    if d.gaps and d.gaps[0].delta is not None:
        g = d.gaps[0]
        widest = f" Largest gap change: {g.a}-{g.b} {g.delta:+.3f}."
    return (
        f"Deadlocks broken: {opened}. New deadlocks: {closed}. "
        f"Other issues whose blockers, bridge or moves change: {named(moved)} "
        f"(of {issue_count}).{widest}"
    )


def _changes_json(d: Diff) -> dict[str, Any]:
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
                "capability": {"old": num(s.old_capability), "new": num(s.new_capability)},
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


def _changes_tables(d: Diff, rows: int | None) -> tuple[Table, ...]:
    """The stance and capability changes, the pair gaps that changed most, and the issues
    that changed; the first ``rows`` of the long ones."""
    from gapcli.analyses._rows import first
    from gapcli.analyses.views import fmt_point, num

    widened = [g for g in d.gaps if (g.delta or 0) > 0][:TOP]
    narrowed = [g for g in d.gaps if (g.delta or 0) < 0][:TOP]
    gaps, gap_total = first(widened + narrowed, rows)
    gap_rows = tuple((g.a, g.b, num(g.old), num(g.new), num(g.delta)) for g in gaps)
    shifts, _ = first(d.shifts, rows)
    capabilities, _ = first(d.capabilities, None if rows is None else rows - len(shifts))
    shift_rows: list[tuple[Cell, ...]] = [
        (
            s.party,
            s.issue,
            _stance_cell(s.old, s.old_capability, s.capability_changed),
            _stance_cell(s.new, s.new_capability, s.capability_changed),
            "" if s.move is None else f"{s.move:+.2f}",
            _salience(_salience_of(s.old), _salience_of(s.new)),
        )
        for s in shifts
    ]
    shift_rows += [
        (c.party, "capability", f"{c.old:g}", f"{c.new:g}", "", "") for c in capabilities
    ]
    shift_total = len(d.shifts) + len(d.capabilities)
    issues, issue_total = first(d.issues, rows)
    change_rows = tuple(
        (
            c.issue,
            c.old_status if c.old_status == c.new_status else f"{c.old_status} -> {c.new_status}",
            Names(c.old_blockers),
            Names(c.new_blockers),
            _arrow(fmt_point(c.old_bridge), fmt_point(c.new_bridge)),
            Names(tuple(f"{m.party} {_move(m.old)} -> {_move(m.new)}" for m in c.moves)),
        )
        for c in issues
    )
    return (
        Table(
            "Stance shifts",
            ("party", "issue", "before", "after", "move", "salience"),
            tuple(shift_rows),
            note="move = change of position as a share of the scale (+ toward its high end).",
            total=shift_total if shift_total > len(shift_rows) else None,
        ),
        Table(
            "Pair gaps that changed most",
            ("party", "party", "before", "after", "change"),
            gap_rows,
            total=gap_total,
        ),
        Table(
            "Issues whose status, blockers, bridge or moves changed",
            ("issue", "status", "blockers before", "blockers after", "bridge", "moves"),
            change_rows,
            note="moves = how far the bridge lies outside what each party accepts (0 to 1).",
            total=issue_total,
        ),
    )


def _arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} -> {new}"


def _move(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _stance_cell(stance: Stance | None, capability: float | None, changed: bool) -> str:
    """A stance as text, with the capability it carries when that is what changed."""
    from gapcli.analyses.views import stance_text

    text = stance_text(stance) or "(none)"
    return f"{text}, capability {capability:g}" if changed and capability is not None else text


def _salience_of(stance: Stance | None) -> float | None:
    return None if stance is None else stance.salience


def _salience(old: float | None, new: float | None) -> str:
    if old == new:
        return "" if old is None else f"{old:g}"
    return f"{'-' if old is None else f'{old:g}'} -> {'-' if new is None else f'{new:g}'}"
