from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from gapcli.analyses.records import Cell, Figure, Names, Report, Table, named
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
    from gapcli.engine import Compiled, IssueResult
    from gapcli.io.loader import Loaded
    from gapcli.model import Scenario


def issue(
    issue_id: Annotated[str, typer.Argument(metavar="ISSUE", help="The issue's id.")],
    path: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    sets: SetOpt = None,
) -> None:
    """One issue: every party's position and accepted range, the zone or the gap, the bridge.

    A scale issue is drawn as a number line (━ accepted range, ● position, ═ zone of
    agreement, ▲ bridge; - o = ^ in ASCII with NO_COLOR), sized to the terminal; choice and
    set issues as a table of options.

    Example: gapcli issue assad-tenure positions/syria-2017-05
    """
    loaded, compiled = load_compiled(path, sets or ())
    check_id("issue", issue_id, [i.id for i in loaded.scenario.issues], "'ISSUE'")
    emit(build(loaded, compiled, issue_id), output_format(fmt, as_json), cut=not show_all)


def build(loaded: Loaded, compiled: Compiled, issue_id: str) -> Report:
    """The report on ``issue_id``, which must be one of the scenario's issues."""
    from functools import partial

    from gapcli.analyses.figures import number_line
    from gapcli.analyses.views import (
        issue_info,
        issue_json,
        num,
        stance_json,
        stance_text,
        stances_on,
    )
    from gapcli.engine import analyse_issues
    from gapcli.model import ScaleIssue

    scenario = loaded.scenario
    the_issue = scenario.issue(issue_id)
    result = next(r for r in analyse_issues(compiled) if r.issue == issue_id)
    figures: tuple[Figure, ...] = ()
    tables: list[Table] = []
    if isinstance(the_issue, ScaleIssue):
        figures = (
            Figure(
                f"{the_issue.title} ({the_issue.lo:g} to {the_issue.hi:g})",
                partial(number_line, scenario, the_issue, result),
            ),
        )
    else:
        tables.append(_options_table(scenario, issue_id))
    moves = {m.party: m for m in result.moves}
    blockers = set(result.blockers)
    tables.append(
        Table(
            "Parties",
            ("party", "stance", "salience", "capability", "move", "weighted", "blocks"),
            tuple(
                (
                    p.id,
                    stance_text(stance),
                    num(stance.salience),
                    num(p.capability),
                    num(moves[p.id].distance),
                    num(moves[p.id].weighted),
                    "yes" if p.id in blockers else "",
                )
                for p, stance in stances_on(scenario, issue_id)
            ),
            note="move = how far the bridge lies outside what the party accepts (0 to 1).",
        )
    )
    if result.contests:
        tables.append(
            Table(
                "Contested options",
                ("option", "required by", "rejected by", "blocked by", "bridge"),
                tuple(
                    (
                        c.option,
                        Names(c.requirers),
                        Names(c.rejecters),
                        Names(c.blockers),
                        "include" if c.include else "exclude",
                    )
                    for c in result.contests
                ),
            )
        )
    summary = _summary(result)
    doc = {**issue_json(result, scenario), "issue": issue_info(scenario, issue_id)}
    doc["stances"] = stance_json(scenario, issue_id)
    return Report("issue", doc, scenario, summary, tuple(tables), figures, loaded.warnings)


def _summary(result: IssueResult) -> str:
    from gapcli.analyses.views import fmt_point, fmt_zone

    if not result.parties:
        return f"{result.issue}: no party takes a stance."
    if result.status == "agreement":
        return (
            f"{result.issue}: agreement. Zone: {fmt_zone(result)}; "
            f"bridge {fmt_point(result.bridge)}."
        )
    most = ""
    if result.support_point is not None and result.support is not None:
        most = f" Most support: {fmt_point(result.support_point)} (capability {result.support:g})."
    return (
        f"{result.issue}: deadlock.{most} Blocked by {named(result.blockers)}. "
        f"Bridge: {fmt_point(result.bridge)}, weighted concession {result.concession:.3f}."
    )


def _options_table(scenario: Scenario, issue_id: str) -> Table:
    from gapcli.analyses.views import stances_on
    from gapcli.model import ChoiceIssue, ChoiceStance, SetIssue, SetStance

    the_issue = scenario.issue(issue_id)
    assert isinstance(the_issue, ChoiceIssue | SetIssue)
    options = the_issue.option_ids
    rows: list[tuple[Cell, ...]] = []
    for party, stance in stances_on(scenario, issue_id):
        if isinstance(stance, ChoiceStance):
            marks = [
                "◉" if o == stance.prefers else "○" if o in stance.accepts else "" for o in options
            ]
        elif isinstance(stance, SetStance):
            marks = [
                "+" if o in stance.require else "−" if o in stance.reject else "" for o in options
            ]
        else:
            continue
        rows.append((party.id, *marks))
    legend = (
        "◉ prefers, ○ also accepts"
        if rows and any("◉" in r for r in rows)
        else "+ requires, − rejects"
    )
    return Table("Options", ("party", *options), tuple(rows), note=legend)
