from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from gapcli.analyses.records import Cell, Names, Report, Table, named
from gapcli.commands._common import (
    AllOpt,
    FormatOpt,
    JsonOpt,
    ScenarioArg,
    SetOpt,
    check_id,
    load_compiled,
    output_format,
)
from gapcli.render.output import Format, emit

if TYPE_CHECKING:
    from gapcli.engine import Compiled
    from gapcli.io.loader import Loaded


def party(
    party_id: Annotated[str, typer.Argument(metavar="PARTY", help="The party's id.")],
    path: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    sets: SetOpt = None,
) -> None:
    """One party: its closest and farthest parties, its deadlocks, what it blocks, and the
    moves the bridges ask of it.

    Example: gapcli party opposition positions/syria-2017-05
    """
    loaded, compiled = load_compiled(path, sets or ())
    check_id("party", party_id, compiled.party_ids, "'PARTY'")
    emit(build(loaded, compiled, party_id), output_format(fmt, as_json), cut=not show_all)


def build(loaded: Loaded, compiled: Compiled, party_id: str) -> Report:
    """The report on ``party_id``, which must be one of the scenario's parties."""
    from gapcli.analyses.views import bridge_json, fmt_point, num
    from gapcli.engine import analyse
    from gapcli.engine.apart import deadlocked

    analysis = analyse(compiled)
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
    issues: list[dict[str, Any]] = []
    for r in mine:
        move = next(m for m in r.moves if m.party == party_id)
        issues.append(
            {
                "issue": r.issue,
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
    summary = (
        f"{party_id}: {the_party.name}, capability {the_party.capability:g}. Stances on "
        f"{len(issues)} issues, {len(stuck)} deadlocked; blocks {named(blocks)}; "
        f"the bridges ask it to move on {len(asked)}."
    )
    tables = (
        Table(
            "Other parties, closest first",
            ("party", "gap", "shared issues", "deadlocked on"),
            tuple(
                (o["party"], o["gap"], o["shared"], Names(tuple(o["deadlocks"]), "none"))
                for o in others
            ),
        ),
        Table(
            "Its issues",
            ("issue", "status", "blocks", "bridge", "its move", "weighted", "gives up"),
            tuple(
                _issue_row(i)
                for i in sorted(
                    issues, key=lambda i: (i["status"] != "deadlock", -(i["move"] or 0))
                )
            ),
            note="its move = how far the bridge lies outside what it accepts (0 to 1).",
        ),
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
    return Report("party", result, scenario, summary, tables, warnings=loaded.warnings)


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
