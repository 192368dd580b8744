"""Engine results as JSON-ready dicts and as table rows (the keys are in docs/json.md)."""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any

from gapcli.analyses.records import ROUND as ROUND
from gapcli.analyses.records import fmt_num as fmt_num
from gapcli.analyses.records import num as num
from gapcli.model import (
    ChoiceIssue,
    ChoiceStance,
    IssueKind,
    Party,
    ScaleIssue,
    ScaleStance,
    Scenario,
    SetIssue,
    Stance,
    capability_of,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    import numpy.typing as npt

    from gapcli.analyses.records import RawJSON
    from gapcli.engine import Gaps, IssueResult, Move


def stance_text(stance: Stance | None) -> str | None:
    """A stance as a person reads it: ``35 [20, 60]``, ``proximity (accepts ...)``, ..."""
    if stance is None:
        return None
    if isinstance(stance, ScaleStance):
        return f"{stance.position:g} [{stance.lo:g}, {stance.hi:g}]"
    if isinstance(stance, ChoiceStance):
        return f"{stance.prefers} (accepts {', '.join(stance.accepts)})"
    return (
        f"require {', '.join(stance.require) or 'nothing'}; "
        f"reject {', '.join(stance.reject) or 'nothing'}"
    )


def fmt_pt(value: float) -> str:
    """A position on a scale as the trades show it: 1 decimal, a whole number bare."""
    return f"{value:.1f}".removesuffix(".0")


def fmt_point(value: float | str | tuple[str, ...] | None) -> str:
    """A point, option or option set as a person reads it."""
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return "{" + ", ".join(value) + "}" if value else "{} (none)"
    if isinstance(value, float):
        return f"{value:g}"
    return value


def fmt_value(value: float | str | list[str] | tuple[str, ...] | None) -> str:
    """An outcome or a forecast as the JSON gives it (a point, an option, the options
    included), as a person reads it: a point as the trades show one, options as
    :func:`fmt_point` does, "-" for none."""
    if isinstance(value, int | float):
        return fmt_pt(float(value))
    return fmt_point(tuple(value) if isinstance(value, list) else value)


def fmt_zone(result: IssueResult) -> str:
    if result.zone is None:
        return "none"
    if result.kind is IssueKind.SCALE:
        lo, hi = result.zone
        return f"{lo:g}" if lo == hi else f"{lo:g} to {hi:g}"
    if result.kind is IssueKind.SET:
        include = ", ".join(map(str, result.zone)) or "nothing required"
        exclude = ", ".join(result.zone_exclude or ()) or "nothing"
        return f"include {include}; exclude {exclude}"
    return ", ".join(map(str, result.zone))


def zone_json(result: IssueResult) -> Any:
    if result.zone is None:
        return None
    if result.kind is IssueKind.SCALE:
        lo, hi = result.zone
        return {"lo": num(lo), "hi": num(hi)}  # type: ignore[arg-type]
    if result.kind is IssueKind.SET:
        return {"include": list(result.zone), "exclude": list(result.zone_exclude or ())}
    return list(result.zone)


def bridge_json(result: IssueResult, scenario: Scenario) -> Any:
    if result.bridge is None:
        return None
    if isinstance(result.bridge, tuple):
        issue = scenario.issue(result.issue)
        assert isinstance(issue, SetIssue)
        included = set(result.bridge)
        return {
            "include": list(result.bridge),
            "exclude": [o for o in issue.option_ids if o not in included],
        }
    return num(result.bridge) if isinstance(result.bridge, float) else result.bridge


def move_json(move: Move) -> dict[str, Any]:
    return {
        "party": move.party,
        "move": num(move.distance),
        "weighted": num(move.weighted),
        "must_move": move.must_move,
        "concedes": list(move.concedes),
    }


def issue_json(result: IssueResult, scenario: Scenario, full: bool = True) -> dict[str, Any]:
    """One issue's result. ``full``: with ``parties`` and ``moves`` (one entry per party with a
    stance: ``deadlocks --full``, and always for ``issue``); their counts are always there."""
    issue = scenario.issue(result.issue)
    assert issue is not None
    support_point = result.support_point
    doc: dict[str, Any] = {
        "id": result.issue,
        "title": issue.title,
        "kind": str(result.kind),
        "status": str(result.status),
        "severity": num(result.severity),
        "party_count": len(result.parties),
        "zone": zone_json(result),
        "support_point": num(support_point) if isinstance(support_point, float) else support_point,
        "support": num(result.support),
        "blockers": list(result.blockers),
        "bridge": bridge_json(result, scenario),
        "concession": num(result.concession),
        "must_move_count": must_move_count(result.moves),
        "contests": [
            {
                "option": c.option,
                "requirers": list(c.requirers),
                "rejecters": list(c.rejecters),
                "require_weight": num(c.require_weight),
                "reject_weight": num(c.reject_weight),
                "blockers": list(c.blockers),
                "bridge": "include" if c.include else "exclude",
            }
            for c in result.contests
        ],
    }
    if full:
        doc["parties"] = list(result.parties)
        doc["moves"] = [move_json(m) for m in result.moves]
    return doc


def must_move_count(moves: Sequence[Move]) -> int:
    """How many moves are above 0 (distances are never negative), counted in C: there is one
    move per stance."""
    from gapcli.engine.results import Moves

    if isinstance(moves, Moves):
        return moves.must_move_count()
    return len(moves) - list(map(attrgetter("distance"), moves)).count(0.0)


def by_severity(results: tuple[IssueResult, ...]) -> list[IssueResult]:
    """Deadlocks first, hardest first (ties in the scenario's order), then agreements."""
    order = {r.issue: n for n, r in enumerate(results)}
    return sorted(results, key=lambda r: (r.status != "deadlock", -r.severity, order[r.issue]))


#: Parties past which a matrix goes into JSON as text written row by row (the same numbers)
MATRIX_AS_TEXT = 1000


def matrix_json(values: npt.NDArray[np.float64]) -> list[list[float | None]] | RawJSON:
    """A square matrix for JSON, each value as :func:`num` gives it (nan: ``null``). Past
    MATRIX_AS_TEXT rows it is written as JSON text, row by row: 25 million numbers as lists
    of floats would take several GB."""
    from itertools import repeat

    from gapcli.analyses.records import RawJSON

    if len(values) <= MATRIX_AS_TEXT:
        return [[num(x) for x in row] for row in (values + 0.0).tolist()]  # -0.0 is 0.0
    text = [
        "["
        + ", ".join(
            "null" if x != x else repr(x + 0.0)
            for x in map(round, (row + 0.0).tolist(), repeat(ROUND))
        )
        + "]"
        for row in values  # a row at a time: no list of every number at once
    ]
    return RawJSON("[" + ", ".join(text) + "]")


def pair_json(gaps: Gaps, a: int, b: int, deadlocks: list[str] | None = None) -> dict[str, Any]:
    """One pair of ``gaps``; ``deadlocks`` (the ids, ``gaps --full``) only when given."""
    doc: dict[str, Any] = {
        "a": gaps.parties[a],
        "b": gaps.parties[b],
        "gap": num(gaps.value(a, b)),
        "shared": int(gaps.shared[a, b]),
        "deadlock_count": int(gaps.deadlocks[a, b]),
    }
    if deadlocks is not None:
        doc["deadlocks"] = deadlocks
    return doc


def stances_on(scenario: Scenario, issue_id: str) -> list[tuple[Party, Stance]]:
    """Each party with a stance on one issue, and the stance, in the scenario's order. The
    rows of stances.csv are read for this issue only: a party's table stances are never all
    made into objects."""
    import numpy as np

    issue = scenario.issue(issue_id)
    assert issue is not None
    from_table: dict[int, Stance] = {}
    table = scenario.table
    if table is not None:
        n = next(k for k, one in enumerate(scenario.issues) if one.id == issue_id)
        for row in np.flatnonzero(table.issue == n).tolist():
            from_table[int(table.party[row])] = table.stance(row, issue)
    out: list[tuple[Party, Stance]] = []
    for p, party in enumerate(scenario.parties):
        stance = getattr(party.stances, "explicit", party.stances).get(issue_id)
        stance = stance if stance is not None else from_table.get(p)
        if stance is not None:
            out.append((party, stance))
    return out


def stance_json(scenario: Scenario, issue_id: str) -> list[dict[str, Any]]:
    """Every party's stance on one issue, as written in its file (after defaults); its
    ``capability`` is the stance's (its own, else its party's)."""
    out: list[dict[str, Any]] = []
    for party, stance in stances_on(scenario, issue_id):
        entry: dict[str, Any] = {
            "party": party.id,
            "capability": num(capability_of(party, stance)),
            "salience": num(stance.salience),
            "sources": list(stance.sources),
            "note": stance.note,
            "uncertainty": num(stance.uncertainty),
        }
        if isinstance(stance, ScaleStance):
            entry.update(position=num(stance.position), accepts=[num(stance.lo), num(stance.hi)])
        elif isinstance(stance, ChoiceStance):
            entry.update(prefers=stance.prefers, accepts=list(stance.accepts))
        else:
            entry.update(require=list(stance.require), reject=list(stance.reject))
        out.append(entry)
    return out


def issue_info(scenario: Scenario, issue_id: str) -> dict[str, Any]:
    issue = scenario.issue(issue_id)
    assert issue is not None
    info: dict[str, Any] = {"id": issue.id, "title": issue.title, "kind": str(issue.kind)}
    if isinstance(issue, ScaleIssue):
        info.update(
            range=[num(issue.lo), num(issue.hi)],
            status_quo=num(issue.status_quo),
            labels=[{"point": num(x), "label": text} for x, text in issue.labels],
        )
    elif isinstance(issue, ChoiceIssue | SetIssue):
        info["options"] = [{"id": o.id, "label": o.label} for o in issue.options]
        if isinstance(issue, ChoiceIssue):
            info["status_quo"] = issue.status_quo
    return info
