"""Shell completion of issue and party ids, and of ``--set`` targets.

Imported only when the shell asks for completions (``_GAPCLI_COMPLETE`` is set: see
``gapcli.cli``), so it costs nothing to a command that runs. Commands, options and choices
are completed by typer and click themselves; this module adds, by parameter name, the ids of
the scenario the command line names (or the one a command would read without a path):

* ``issue_id`` (``gapcli issue ISSUE``): the scenario's issue ids;
* ``party_id`` (``gapcli party PARTY``): its party ids;
* ``sets`` (``--set``): ``PARTY.``, then ``PARTY.ISSUE.`` and ``PARTY.FIELD=``, then
  ``PARTY.ISSUE.FIELD=`` with the fields a stance on that issue's kind takes.

The ids are read cheaply: the scenario's YAML file (its ``issues`` and inline ``parties``),
the names of its party files, and the id columns of its tables (a ``stances.csv`` up to
:data:`COMPLETION_TABLE_BYTES`). Nothing is checked, no numpy is imported, nothing is analysed, and
a scenario that cannot be read completes nothing rather than failing.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A stances.csv larger than this is not read for ids (a completion must come at once).
COMPLETION_TABLE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Ids:
    """The ids of a scenario: issue id -> kind (``""`` when it does not say), party ids."""

    issues: dict[str, str] = field(default_factory=dict)
    parties: list[str] = field(default_factory=list)


def scenario_ids(path: Path | None) -> Ids:
    """The issue and party ids of the scenario ``path`` names (``None``: the one a command
    would read with no path), as far as they can be read."""
    from gapcli.errors import InputError
    from gapcli.io import discover, folder, yamlio

    issues: dict[str, str] = {}
    parties: dict[str, None] = {}  # ordered, each once
    try:
        chosen = discover.choose(path).path
        main = folder.scenario_file(chosen) if chosen.is_dir() else chosen
        root = yamlio.load(main, folder.shown_path(main)) if main is not None else None
    except (InputError, OSError, ValueError):
        return Ids()
    if root is not None and root.is_mapping:
        for issue_id, node in _entries(root.value.get("issues")):
            kind = node.value.get("kind") if node.is_mapping else None
            issues[issue_id] = str(kind.value) if kind is not None else ""
        parties.update((p, None) for p, _ in _entries(root.value.get("parties")))
    if chosen.is_dir():
        party_dir = chosen / "parties"
        try:
            names = sorted(party_dir.iterdir()) if party_dir.is_dir() else []
        except OSError:
            names = []
        parties.update(
            (p.stem, None)
            for p in names
            if p.suffix in folder.PARTY_SUFFIXES and not p.name.startswith(".")
        )
        for row in _rows(chosen / folder.ISSUES_CSV, None):
            if row.get("id"):
                issues.setdefault(row["id"], row.get("kind") or "")
        for row in _rows(chosen / folder.STANCES_CSV, COMPLETION_TABLE_BYTES):
            if row.get("party"):
                parties.setdefault(row["party"], None)
            if row.get("issue"):
                issues.setdefault(row["issue"], "")
    return Ids(issues, list(parties))


def _entries(node: Any) -> Iterable[tuple[str, Any]]:
    """The (id, node) pairs of a mapping of ids, or none."""
    return node.value.items() if node is not None and node.is_mapping else ()


def _rows(path: Path, max_bytes: int | None) -> list[dict[str, str]]:
    """The rows of a CSV table, or none when it is missing, too large or unreadable."""
    try:
        if not path.is_file() or (max_bytes is not None and path.stat().st_size > max_bytes):
            return []
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def set_targets(ids: Ids, incomplete: str) -> list[str]:
    """What ``--set INCOMPLETE`` may become, one level at a time: ``PARTY.``, then
    ``PARTY.ISSUE.`` or ``PARTY.FIELD=``, then ``PARTY.ISSUE.FIELD=``."""
    from gapcli.io import spec
    from gapcli.io.overrides import PARTY_FIELDS

    if "=" in incomplete:
        return []
    parts = incomplete.split(".")
    if len(parts) == 1:
        found = [f"{p}." for p in ids.parties]
    elif len(parts) == 2:
        party = parts[0]
        found = [f"{party}.{i}." for i in ids.issues] + [f"{party}.{f}=" for f in PARTY_FIELDS]
    elif len(parts) == 3:
        party, issue = parts[0], parts[1]
        kinds = [ids.issues[issue]] if ids.issues.get(issue) else list(spec.STANCE_BY_KIND)
        fields = dict.fromkeys(n for k in kinds for n in spec.STANCE_BY_KIND[k].names)
        found = [f"{party}.{issue}.{f}=" for f in fields]
    else:
        return []
    return [c for c in found if c.startswith(incomplete)]


def _scenario_path(ctx: Any) -> Path | None:
    """The scenario the command line names so far (``None``: none yet). Before an option
    that still waits for its value (``--set <TAB>``), click leaves the positional words
    unparsed in ``ctx.args``: the path is then the last of them that exists."""
    value = ctx.params.get("path")
    if isinstance(value, Path):
        return value
    given = ctx.params.get("args")  # gapcli watch [PATH] [ID]
    words = [*(given if isinstance(given, list | tuple) else ()), *ctx.args]
    for word in reversed(words):
        if isinstance(word, str) and word and not word.startswith("-") and Path(word).exists():
            return Path(word)
    return None


def _issues(ctx: Any, param: Any, incomplete: str) -> list[str]:
    return [i for i in scenario_ids(_scenario_path(ctx)).issues if i.startswith(incomplete)]


def _parties(ctx: Any, param: Any, incomplete: str) -> list[str]:
    return [p for p in scenario_ids(_scenario_path(ctx)).parties if p.startswith(incomplete)]


def _sets(ctx: Any, param: Any, incomplete: str) -> list[str]:
    return set_targets(scenario_ids(_scenario_path(ctx)), incomplete)


#: Parameters completed here, by their name in the commands' functions.
COMPLETERS: dict[str, Callable[[Any, Any, str], list[str]]] = {
    "issue_id": _issues,
    "party_id": _parties,
    "sets": _sets,
}


def prepare(group: Any) -> None:
    """Make ``group`` ready to answer the shell: typer's completion classes registered (its
    scripts for bash, zsh, fish and PowerShell) and the ids' completers attached to the
    parameters of every command."""
    from typer._completion_classes import completion_init

    completion_init()
    for command in group.commands.values():
        for param in command.params:
            completer = COMPLETERS.get(param.name or "")
            if completer is not None:
                param._custom_shell_complete = completer
