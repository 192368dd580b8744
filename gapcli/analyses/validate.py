"""A scenario checked and summarised: its parties, its issues, and who takes a stance on
each (the loader has already refused every problem and gathered the warnings)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gapcli.analyses.records import Report, Table

if TYPE_CHECKING:
    from gapcli.engine.arrays import Ints
    from gapcli.io.loader import Loaded
    from gapcli.model import Outcome, Scenario


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` and the word for one or for several (``words``, else ``word`` + s)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def validate(
    loaded: Loaded, *, full: bool = False, tables: bool = True, rows: int | None = None
) -> Report:
    """The summary of ``loaded``: its counts, its issues and its parties. ``full``: each
    issue's parties listed in the result (else counted). ``tables`` and ``rows``: see
    :mod:`gapcli.analyses`."""
    scenario, warning_count = loaded.scenario, len(loaded.warnings)
    kinds = Counter(str(i.kind) for i in scenario.issues)
    by_kind = ", ".join(f"{n} {k}" for k, n in kinds.items())
    holders = _holders(scenario)
    counts = {
        "parties": len(scenario.parties),
        "issues": len(scenario.issues),
        "stances": len(holders.party),
        "sources": len(scenario.sources),
        "warnings": warning_count,
    }
    summary = (
        f"{scenario.path}: valid. {plural(counts['parties'], 'party', 'parties')}, "
        f"{plural(counts['issues'], 'issue')} ({by_kind}), {plural(counts['stances'], 'stance')}, "
        f"{plural(counts['sources'], 'source')}, {plural(warning_count, 'warning')}."
    )
    recorded = [i for i in scenario.issues if i.outcome is not None]
    if recorded:
        known = sum(1 for i in recorded if i.outcome is not None and i.outcome.value is not None)
        summary += f" Outcomes: {known} recorded" + (
            f", {len(recorded) - known} left out with a note" if known < len(recorded) else ""
        )
        summary += " (gapcli backtest compares them with the forecasts)."
    per_issue = holders.per_issue(len(scenario.issues)).tolist()
    per_party = holders.per_party(len(scenario.parties)).tolist()
    issues: list[dict[str, Any]] = [
        {
            "id": issue.id,
            "title": issue.title,
            "kind": str(issue.kind),
            "party_count": n,
            "outcome": _outcome(issue.outcome),
        }
        for issue, n in zip(scenario.issues, per_issue, strict=True)
    ]
    if full:
        ids = [p.id for p in scenario.parties]
        for doc, members in zip(issues, holders.parties_by_issue(len(issues)), strict=True):
            doc["parties"] = [ids[p] for p in members]
    parties: list[dict[str, Any]] = [
        {"id": p.id, "name": p.name, "capability": p.capability, "stances": n}
        for p, n in zip(scenario.parties, per_party, strict=True)
    ]
    result = {"valid": True, "counts": counts, "issues": issues, "parties": parties}
    shown = _tables(issues, parties, rows, outcomes=bool(recorded)) if tables else ()
    return Report("validate", result, scenario, summary, shown, warnings=loaded.warnings)


def _outcome(outcome: Outcome | None) -> Any:
    """An issue's recorded outcome as JSON: a point, an option, the included options, or
    None (none recorded, or left out with a note)."""
    if outcome is None or outcome.value is None:
        return None
    return list(outcome.value) if isinstance(outcome.value, tuple) else outcome.value


def _tables(
    issues: list[dict[str, Any]],
    parties: list[dict[str, Any]],
    rows: int | None,
    outcomes: bool = False,
) -> tuple[Table, ...]:
    """The issues and the parties, the first ``rows`` of each; ``outcomes``: a column of
    the issues' recorded outcomes."""
    from gapcli.analyses._rows import first
    from gapcli.analyses.views import fmt_value

    kept_issues, issue_total = first(issues, rows)
    kept_parties, party_total = first(parties, rows)
    extra = ("outcome",) if outcomes else ()
    return (
        Table(
            "Issues",
            ("issue", "kind", "title", "parties", *extra),
            tuple(
                (
                    i["id"],
                    i["kind"],
                    i["title"],
                    i["party_count"],
                    *((fmt_value(i["outcome"]),) if outcomes else ()),
                )
                for i in kept_issues
            ),
            total=issue_total,
        ),
        Table(
            "Parties",
            ("party", "name", "capability", "stances"),
            tuple((p["id"], p["name"], p["capability"], p["stances"]) for p in kept_parties),
            total=party_total,
        ),
    )


@dataclass(frozen=True, slots=True)
class _Holders:
    """Every stance as (party, issue) positions in the scenario's lists: counted and
    grouped with arrays, never made into a stance object each."""

    party: Ints
    issue: Ints

    def per_issue(self, issues: int) -> Ints:
        import numpy as np

        return np.bincount(self.issue, minlength=issues)

    def per_party(self, parties: int) -> Ints:
        import numpy as np

        return np.bincount(self.party, minlength=parties)

    def parties_by_issue(self, issues: int) -> list[list[int]]:
        """For each issue, the parties with a stance, in the scenario's order."""
        import numpy as np

        order = np.lexsort((self.party, self.issue))
        bounds = np.searchsorted(self.issue[order], np.arange(issues + 1))
        members = self.party[order]
        return [members[bounds[i] : bounds[i + 1]].tolist() for i in range(issues)]


def _holders(scenario: Scenario) -> _Holders:
    """The stances of the parties' YAML files, then the rows of stances.csv (a party's
    stances from the table stay rows of arrays)."""
    import numpy as np

    index = {issue.id: n for n, issue in enumerate(scenario.issues)}
    party: list[int] = []
    issue: list[int] = []
    for p, one in enumerate(scenario.parties):
        explicit = getattr(one.stances, "explicit", one.stances)
        party += [p] * len(explicit)
        issue += [index[i] for i in explicit]
    parts = [np.array(party, dtype=np.int64)], [np.array(issue, dtype=np.int64)]
    if scenario.table is not None:
        parts[0].append(scenario.table.party.astype(np.int64))
        parts[1].append(scenario.table.issue.astype(np.int64))
    return _Holders(np.concatenate(parts[0]), np.concatenate(parts[1]))
