"""One issue in detail: every party's stance, the zone of agreement or the deadlock, the
bridge and how far it asks each party to move."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gapcli.analyses.records import Cell, Figure, Names, Report, Table, named

if TYPE_CHECKING:
    from gapcli.engine import IssueResult
    from gapcli.io.loader import Loaded
    from gapcli.model import Scenario


def issue(loaded: Loaded, issue_id: str, *, tables: bool = True, rows: int | None = None) -> Report:
    """The report on ``issue_id``; :class:`~gapcli.analyses.UnknownId` when ``loaded`` has no
    such issue. A scale issue comes with a number line (a figure), a choice or set issue with
    a table of its options. ``tables`` (figures included) and ``rows``: see
    :mod:`gapcli.analyses`."""
    from functools import partial

    from gapcli.analyses import check_id, issue_results
    from gapcli.analyses.figures import number_line
    from gapcli.analyses.views import issue_info, issue_json, stance_json
    from gapcli.model import ScaleIssue

    scenario = loaded.scenario
    check_id("issue", issue_id, [i.id for i in scenario.issues])
    the_issue = scenario.issue(issue_id)
    result = next(r for r in issue_results(loaded) if r.issue == issue_id)
    doc = {**issue_json(result, scenario), "issue": issue_info(scenario, issue_id)}
    doc["stances"] = stance_json(scenario, issue_id)
    figures: tuple[Figure, ...] = ()
    shown: tuple[Table, ...] = ()
    if tables and isinstance(the_issue, ScaleIssue):
        title = f"{the_issue.title} ({the_issue.lo:g} to {the_issue.hi:g})"
        figures = (Figure(title, partial(number_line, scenario, the_issue, result)),)
    if tables:
        shown = _tables(scenario, result, isinstance(the_issue, ScaleIssue), rows)
    return Report("issue", doc, scenario, _summary(result), shown, figures, loaded.warnings)


def _tables(
    scenario: Scenario, result: IssueResult, scale: bool, rows: int | None
) -> tuple[Table, ...]:
    """The options (choice and set issues), the parties, and the contested options."""
    from gapcli.analyses._rows import first
    from gapcli.analyses.views import num, stance_text, stances_on
    from gapcli.model import capability_of

    kept, total = first(stances_on(scenario, result.issue), rows)
    tables = [] if scale else [_options_table(scenario, result.issue, rows)]
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
                    num(capability_of(p, stance)),
                    num(moves[p.id].distance) if p.id in moves else None,  # None: observer
                    num(moves[p.id].weighted) if p.id in moves else None,
                    "yes" if p.id in blockers else ("observer" if p.observer else ""),
                )
                for p, stance in kept
            ),
            note=_parties_note(result),
            total=total,
        )
    )
    if result.contests:
        contests, contest_total = first(result.contests, rows)
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
                    for c in contests
                ),
                total=contest_total,
            )
        )
    return tuple(tables)


def _summary(result: IssueResult) -> str:
    from gapcli.analyses.views import fmt_point, fmt_zone

    if not result.parties:
        return f"{result.issue}: no party takes a stance."
    if result.status == "agreement":
        return (
            f"{result.issue}: agreement. Zone: {fmt_zone(result)}; "
            f"bridge {fmt_point(result.bridge)}."
        )
    movers = [m.party for m in result.moves if m.distance > 0]
    return (
        f"{result.issue}: deadlock. Blocked by {named(result.blockers)} ({_blockers_are(result)})."
        f" Bridge: {fmt_point(result.bridge)} (the {_point(result)} needing the least weighted "
        f"concession, {result.concession:.3f}); must move to it: {named(movers)}."
    )


def _blockers_are(result: IssueResult) -> str:
    """What the blockers of a deadlocked issue are, in words."""
    from gapcli.analyses.views import fmt_point

    if result.support_point is None or result.support is None:
        return "the lighter side of each contested option"
    return (
        f"outside {fmt_point(result.support_point)}, the {_point(result)} most capability "
        f"supports, {result.support:g}"
    )


def _point(result: IssueResult) -> str:
    from gapcli.model import IssueKind

    kind = result.kind
    return "point" if kind is IssueKind.SCALE else "option" if kind is IssueKind.CHOICE else "set"


def _parties_note(result: IssueResult) -> str:
    from gapcli.analyses.views import fmt_point

    if result.status != "deadlock" or not result.parties:
        return "move = how far the bridge lies outside what the party accepts (0 to 1)."
    if result.support_point is None:
        blocks = "blocks = on the lighter side of a contested option"
    else:
        blocks = f"blocks = does not accept {fmt_point(result.support_point)}, the "
        blocks += f"{_point(result)} most capability supports"
    return (
        f"{blocks}; move = how far the bridge ({fmt_point(result.bridge)}) lies outside what "
        "the party accepts (0 to 1). A blocker may need no move, and a party that does not "
        "block may need one."
    )


def _options_table(scenario: Scenario, issue_id: str, rows: int | None) -> Table:
    """A row per party with a stance: the options it prefers and accepts (a choice issue),
    or requires and rejects (a set issue)."""
    from gapcli.analyses._rows import first
    from gapcli.analyses.views import stances_on
    from gapcli.model import ChoiceIssue, ChoiceStance, SetIssue, SetStance

    the_issue = scenario.issue(issue_id)
    assert isinstance(the_issue, ChoiceIssue | SetIssue)
    options = the_issue.option_ids
    built: list[tuple[Cell, ...]] = []
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
        built.append((party.id, *marks))
    legend = (
        "◉ prefers, ○ also accepts"
        if built and any("◉" in r for r in built)
        else "+ requires, − rejects"
    )
    if isinstance(the_issue, ChoiceIssue) and the_issue.status_quo is not None:
        legend += f". Status quo: {the_issue.status_quo}."
    kept, total = first(built, rows)
    return Table("Options", ("party", *options), tuple(kept), note=legend, total=total)
