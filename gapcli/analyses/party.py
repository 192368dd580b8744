"""One party: its closest and farthest parties, its deadlocks, what it blocks, and the moves
the bridges ask of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapcli.analyses import analysis as shared_analysis
from gapcli.analyses import check_id
from gapcli.analyses import compiled as compiled_arrays
from gapcli.analyses.records import Cell, Names, Report, Table, named

if TYPE_CHECKING:
    from gapcli.io.loader import Loaded


def party(loaded: Loaded, party_id: str, *, tables: bool = True, rows: int | None = None) -> Report:
    """One party of ``loaded`` (:class:`~gapcli.analyses.UnknownId` if there is no such
    party): the other parties, closest first, with the issues it is deadlocked on with
    each; its issues, whether it blocks each and the move the bridge asks of it.

    ``rows``: at most that many rows of each table (None: all); a table's ``total`` says
    how many there are.
    """
    import numpy as np

    from gapcli.analyses.views import bridge_json, fmt_point, num
    from gapcli.engine.apart import deadlocked

    check_id("party", party_id, [p.id for p in loaded.scenario.parties])
    compiled = compiled_arrays(loaded)
    analysis = shared_analysis(loaded)
    scenario = loaded.scenario
    me = compiled.party_ids.index(party_id)
    gaps = analysis.gaps
    others: list[dict[str, Any]] = []
    pairs = [(me, b) for b in range(len(compiled.party_ids)) if b != me]
    for (_, b), (found, _) in zip(pairs, deadlocked(compiled, pairs), strict=True):
        others.append(
            {
                "party": compiled.party_ids[b],
                "gap": num(gaps.value(me, b)),
                "shared": int(gaps.shared[me, b]),
                "deadlocks": [scenario.issues[i].id for i in found],
            }
        )
    others.sort(key=lambda o: (o["gap"] is None, o["gap"] or 0.0))
    mine = [r for r in analysis.issues if party_id in r.parties]
    clout = {  # its capability on each issue it takes a stance on (its stance's, else its own)
        block.issues[i].id: float(block.capability[me, i])
        for _, block in compiled.kinds
        for i in np.flatnonzero(block.mask[me]).tolist()
    }
    issues: list[dict[str, Any]] = []
    for r in mine:
        move = next(m for m in r.moves if m.party == party_id)
        issues.append(
            {
                "issue": r.issue,
                "capability": num(clout[r.issue]),
                "status": str(r.status),
                "blocks": party_id in r.blockers,
                "bridge": bridge_json(r, scenario),
                "bridge_text": fmt_point(r.bridge),
                "move": num(move.distance),
                "weighted": num(move.weighted),
                "concedes": list(move.concedes),
            }
        )
    the_party = scenario.party(party_id)
    assert the_party is not None
    stuck = [i for i in issues if i["status"] == "deadlock"]
    blocks = [i["issue"] for i in issues if i["blocks"]]
    asked = [i for i in issues if i["move"]]
    own = sum(1 for x in clout.values() if x != the_party.capability)
    differs = f" (another on {own} of its issues)" if own else ""
    summary = (
        f"{party_id}: {the_party.name}, capability {the_party.capability:g}{differs}. Stances on "
        f"{len(issues)} issues, {len(stuck)} deadlocked; blocks {named(blocks)}; "
        f"the bridges ask it to move on {len(asked)}."
    )
    result = {
        "party": {
            "id": party_id,
            "name": the_party.name,
            "capability": num(the_party.capability),
        },
        "others": others,
        "deadlocks": [i["issue"] for i in stuck],
        "blocks": blocks,
        "issues": [{k: v for k, v in i.items() if k != "bridge_text"} for i in issues],
    }
    built = _tables(others, issues, rows) if tables else ()
    return Report("party", result, scenario, summary, built, warnings=loaded.warnings)


def _tables(
    others: list[dict[str, Any]], issues: list[dict[str, Any]], rows: int | None
) -> tuple[Table, ...]:
    """The other parties and the party's issues, deadlocks first (its largest moves first),
    the first ``rows`` of each (None: all)."""
    ranked = sorted(issues, key=lambda i: (i["status"] != "deadlock", -(i["move"] or 0)))
    return (
        Table(
            "Other parties, closest first",
            ("party", "gap", "shared issues", "deadlocked on"),
            tuple(
                (o["party"], o["gap"], o["shared"], Names(tuple(o["deadlocks"]), "none"))
                for o in others[:rows]
            ),
            total=len(others),
        ),
        Table(
            "Its issues",
            ("issue", "status", "blocks", "bridge", "its move", "weighted", "gives up"),
            tuple(_issue_row(i) for i in ranked[:rows]),
            note="its move = how far the bridge lies outside what it accepts (0 to 1).",
            total=len(issues),
        ),
    )


def _issue_row(i: dict[str, Any]) -> tuple[Cell, ...]:
    return (
        i["issue"],
        i["status"],
        "yes" if i["blocks"] else "",
        i["bridge_text"],
        i["move"],
        i["weighted"],
        ", ".join(i["concedes"]) or "-",
    )
