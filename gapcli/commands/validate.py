from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from gapcli.commands._common import FormatOpt, JsonOpt, ScenarioArg, SetOpt, load, output_format
from gapcli.output import Format, Report, Table, emit

if TYPE_CHECKING:
    from gapcli.loader import Loaded


def validate(
    path: ScenarioArg = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    sets: SetOpt = None,
) -> None:
    """Check a scenario's files and summarise them.

    Every problem is printed as path:line:column: message, all at once, with exit status 1.
    Warnings (a party with no stances, an issue nobody takes a stance on, a stance with no
    source) go to stderr and do not fail the run.

    Example: gapcli validate positions/syria-2017-05
    """
    emit(summarise(load(path, sets or ())), output_format(fmt, as_json))


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def summarise(loaded: Loaded) -> Report:
    scenario, warning_count = loaded.scenario, len(loaded.warnings)
    kinds = Counter(str(i.kind) for i in scenario.issues)
    by_kind = ", ".join(f"{n} {k}" for k, n in kinds.items())
    counts = {
        "parties": len(scenario.parties),
        "issues": len(scenario.issues),
        "stances": scenario.stance_count,
        "sources": len(scenario.sources),
        "warnings": warning_count,
    }
    summary = (
        f"{scenario.path}: valid. {plural(counts['parties'], 'party', 'parties')}, "
        f"{plural(counts['issues'], 'issue')} ({by_kind}), {plural(counts['stances'], 'stance')}, "
        f"{plural(counts['sources'], 'source')}, {plural(warning_count, 'warning')}."
    )
    issues: list[dict[str, Any]] = [
        {
            "id": issue.id,
            "title": issue.title,
            "kind": str(issue.kind),
            "parties": [p.id for p in scenario.parties if issue.id in p.stances],
        }
        for issue in scenario.issues
    ]
    parties: list[dict[str, Any]] = [
        {"id": p.id, "name": p.name, "capability": p.capability, "stances": len(p.stances)}
        for p in scenario.parties
    ]
    tables = (
        Table(
            "Issues",
            ("issue", "kind", "title", "parties"),
            tuple((i["id"], i["kind"], i["title"], len(i["parties"])) for i in issues),
        ),
        Table(
            "Parties",
            ("party", "name", "capability", "stances"),
            tuple((p["id"], p["name"], p["capability"], p["stances"]) for p in parties),
        ),
    )
    result = {"valid": True, "counts": counts, "issues": issues, "parties": parties}
    return Report("validate", result, scenario, summary, tables, warnings=loaded.warnings)
