"""Load a scenario (a directory or one YAML file) into the frozen model, checking every rule.

All problems of all files are collected and raised together as one
:class:`~gapcli.errors.InputError`; warnings come back beside the scenario.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from gapcli.errors import Diagnostic, InputError, Location, did_you_mean, one_of
from gapcli.io import files, overrides, spec, yamlio
from gapcli.io.checks import UNSOURCED_LISTED, Checker
from gapcli.io.folder import folder_entries, shown_path
from gapcli.io.overrides import Override, by_party
from gapcli.io.read_parties import PartyReader
from gapcli.io.read_scenario import ScenarioReader
from gapcli.io.yamlio import Node
from gapcli.model import (
    Issue,
    Party,
    Scenario,
    Source,
)

if TYPE_CHECKING:
    from gapcli.io.tabular import StanceTable


@dataclass(frozen=True, slots=True)
class Loaded:
    scenario: Scenario
    warnings: tuple[Diagnostic, ...]


def load_scenario(path: Path, overrides: Sequence[Override] = ()) -> Loaded:
    """Load the scenario at ``path``: a scenario directory or a one-file scenario.

    ``overrides`` (from ``--set``) are written into the parties' trees before any check.
    """
    shown = shown_path(path)
    if not path.is_dir():
        problem = files.why_unreadable(path)
        if problem is not None:
            raise InputError.at(Location(shown), problem)
        loader = _Loader(shown, shown, overrides)
        with gc_paused():
            return loader.run(path, [])
    entries = folder_entries(path)
    if entries.main is None and entries.errors:
        raise InputError(entries.errors)  # e.g. scenario.yaml is a broken link
    if entries.main is None:
        raise InputError.at(
            Location(shown),
            "not a scenario directory: it has no scenario.yaml (create one with "
            f"'gapcli init {shown}' or name a scenario directory)",
        )
    loader = _Loader(shown_path(entries.main), shown, overrides)
    loader.check.errors.extend(entries.errors)
    loader.check.warnings.extend(entries.warnings)
    loader.issue_table = entries.issues_csv
    with gc_paused():
        return loader.run(entries.main, entries.party_files, entries.stances_csv)


# -- --without and --only ------------------------------------------------------------------


class PartyChoiceError(ValueError):
    """``--without`` or ``--only`` named an unknown party, or left none: a usage error.
    ``option`` is the option to blame."""

    def __init__(self, message: str, option: str) -> None:
        super().__init__(message)
        self.option = option


def selection_texts(without: Sequence[str] = (), only: Sequence[str] = ()) -> tuple[str, ...]:
    """How ``--without`` and ``--only`` are recorded in ``scenario.overrides``: as given."""
    return tuple(f"--without {p}" for p in without) + (
        (f"--only {','.join(only)}",) if only else ()
    )


def leave_out(loaded: Loaded, without: Sequence[str] = (), only: Sequence[str] = ()) -> Loaded:
    """``loaded`` with the parties ``without`` names and, when ``only`` names some, every
    party it does not name left out, as if their files were deleted. The parties kept keep
    their order; the choice is added to ``scenario.overrides``.

    Raises :class:`PartyChoiceError` for an unknown id, or when no party is left.
    """
    if not without and not only:
        return loaded
    scenario = loaded.scenario
    ids = [p.id for p in scenario.parties]
    for option, given in (("--only", only), ("--without", without)):
        for party_id in given:
            if party_id not in ids:
                raise PartyChoiceError(
                    f"unknown party '{party_id}'{did_you_mean(party_id, ids)} "
                    f"(expected {one_of(ids)})",
                    option,
                )
    keep = [p for p in ids if (not only or p in only) and p not in without]
    if not keep:
        what = (
            "--only and --without leave"
            if only and without
            else ("--without leaves" if without else "--only leaves")
        )
        raise PartyChoiceError(
            f"{what} no party to analyse (keep at least one of {one_of(ids)})",
            "--without" if without else "--only",
        )
    kept = set(keep)
    parties = [p for p in scenario.parties if p.id in kept]
    table = scenario.table
    if table is not None:
        parties, table = _table_kept(scenario, parties, kept)
    texts = scenario.overrides + selection_texts(without, only)
    return Loaded(
        replace(scenario, parties=tuple(parties), table=table, overrides=texts), loaded.warnings
    )


def _table_kept(
    scenario: Scenario, parties: list[Party], kept: set[str]
) -> tuple[list[Party], StanceTable | None]:
    """The stances table without the rows of the parties left out, its party numbers
    those of the parties kept, and the kept parties' stances pointing into it."""
    import numpy as np

    from gapcli.model.table import TableStances, rows_by_party

    table = scenario.table
    assert table is not None
    number = np.full(len(scenario.parties), -1, dtype=np.int64)
    old = [n for n, p in enumerate(scenario.parties) if p.id in kept]
    number[old] = np.arange(len(old))
    rows = np.flatnonzero(number[table.party] >= 0)
    cut = table.take(rows)
    new = replace(cut, party=number[cut.party])
    by_party = rows_by_party(new, len(parties))
    out = []
    for n, party in enumerate(parties):
        stances = party.stances
        if isinstance(stances, TableStances):
            stances = TableStances(stances.explicit, new, by_party[n], stances.issues)
        out.append(replace(party, stances=stances))
    return out, new


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading builds millions of small objects and no reference cycles: the cyclic garbage
    collector, run again and again as they pile up, would take most of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Loader(ScenarioReader, PartyReader):
    def __init__(
        self, main_shown: str, scenario_shown: str, overrides: Sequence[Override] = ()
    ) -> None:
        self.check = Checker()
        self.overrides = tuple(overrides)
        self.pending = by_party(overrides)  # overrides not yet matched to a party
        self.main_shown = main_shown
        self.scenario_shown = scenario_shown
        self.issues: dict[str, Issue] = {}
        self.broken_issues: set[str] = set()
        self.sources: dict[str, Source] = {}
        self.tolerance = 0.0
        self.issues_read = False  # False when scenario.yaml or its issues could not be read
        self.capability_given: set[str] = set()  # parties whose YAML gives a capability
        self.written_capability: dict[str, float] = {}  # as the YAML gives it, before --set
        self.empty: dict[str, Location] = {}  # parties with no stance in their YAML
        self.issue_table: Path | None = None  # issues.csv, when there is one
        self.issue_rows: dict[str, Location] = {}  # issue id -> its row in issues.csv
        self.unsourced: dict[str, int] = {}  # file -> stances in it that cite no source

    def run(self, main: Path, party_files: Iterable[Path], table: Path | None = None) -> Loaded:
        root = self.read(main, "a mapping with 'title' and 'issues'")
        top = self.check.mapping(root, spec.SCENARIO, name="scenario") if root else None
        fields: dict[str, Node] = top or {}
        title = self.check.text(fields.get("title"), name="title")
        as_of = self.check.date(fields.get("as_of"), name="as_of")
        description = self.check.text(fields.get("description"), name="description")
        self.read_sources(fields.get("sources"))
        self.read_defaults(fields.get("defaults"))
        if "issues" in fields:
            self.read_issues(fields["issues"])
        if self.issue_table is not None:
            self.read_issue_table(self.issue_table)
        elif root is not None and top is not None and "issues" not in fields:
            self.check.error(
                Location(self.main_shown, 1, 1),
                "scenario: missing key 'issues' (the issues under negotiation, by id; or an "
                "issues.csv beside scenario.yaml)",
            )
        table_routed: list[Override] = []
        if table is not None and self.overrides:
            from gapcli.io.tabular.overrides import table_targets

            targets = table_targets(table, shown_path(table), self.overrides)
            table_routed = [o for o in self.overrides if (o.party, o.issue) in targets]
            self.pending = by_party(o for o in self.overrides if o not in table_routed)
        parties: list[tuple[Party, Location]] = []
        for file in party_files:
            party_root = self.read(file, "a mapping with 'name' and 'stances'")
            if party_root is not None:
                start = Location(shown_path(file), 1, 1)
                party_root = self.override(party_root, file.stem)
                parties += self.read_party(party_root, file.stem, start, in_file=True)
        if "parties" in fields:
            inline = self.check.entries(fields["parties"], name="parties", what="parties")
            for pid, node in (inline or {}).items():
                where = fields["parties"].keys[pid]
                node = self.override(node, pid)
                parties += self.read_party(node, pid, where, in_file=False)
        unique = self.unique_parties(parties)
        stance_table = None
        if table is not None and self.issues_read and not self.check.errors:
            rest = [o for waiting in self.pending.values() for o in waiting] + table_routed
            unique, stance_table = self.read_table(table, unique, rest)
        self.unmatched_overrides(unique)
        with_stances = {p.id for p in unique if len(p.stances)}  # YAML or table: no objects made
        for party_id, where in self.empty.items():
            if party_id not in with_stances:
                self.check.warn(where, f"party '{party_id}' has no stances")
        self.warn_unused(unique, fields, stance_table)
        for path, count in self.unsourced.items():
            if count > UNSOURCED_LISTED:
                self.check.warn(
                    Location(path),
                    f"{count - UNSOURCED_LISTED} more stances in this file cite no source "
                    f"({count} in all; the first {UNSOURCED_LISTED} are listed above)",
                )
        if not unique and not self.check.errors:  # every analysis needs a party
            self.check.error(
                Location(self.scenario_shown),
                "no parties to analyse (add parties/NAME.yaml files, 'parties:' in the "
                "scenario, or rows to stances.csv)",
            )
        if self.check.errors:
            raise InputError(self.check.errors)
        scenario = Scenario(
            title=title or "",
            issues=tuple(self.issues.values()),
            parties=tuple(unique),
            as_of=as_of,
            description=description,
            sources=tuple(self.sources.values()),
            tolerance=self.tolerance,
            path=self.scenario_shown,
            overrides=tuple(o.text for o in self.overrides),
            table=stance_table,
        )
        return Loaded(scenario, tuple(self.check.warnings))

    def read(self, path: Path, expected: str) -> Node | None:
        shown = shown_path(path)
        try:
            root = yamlio.load(path, shown)
        except InputError as exc:
            self.check.errors.extend(exc.diagnostics)
            return None
        if root is None:
            self.check.error(Location(shown, 1, 1), f"file is empty (expected {expected})")
        return root

    # -- --set -----------------------------------------------------------------------------

    def override(self, node: Node, default_id: str) -> Node:
        """The party tree with this party's ``--set`` overrides written in."""
        id_node = node.value.get("id") if node.is_mapping else None
        party_id = id_node.text if id_node is not None and id_node.is_scalar else default_id
        written = node.value.get("capability") if node.is_mapping else None
        value = None if written is None else written.value
        if isinstance(value, float) or (
            isinstance(value, int) and not isinstance(value, bool) and abs(value) <= 1 << 60
        ):
            self.written_capability[party_id] = float(value)  # what stances.csv rows repeat
        mine = self.pending.pop(party_id, [])
        kinds = {issue_id: issue.kind for issue_id, issue in self.issues.items()}
        return overrides.apply(node, mine, kinds)

    def unmatched_overrides(self, parties: list[Party]) -> None:
        ids = [p.id for p in parties]
        for party_id, unmatched in self.pending.items():
            hint = did_you_mean(party_id, ids) or f"; expected {one_of(ids)}"
            if not ids:
                hint = " (the scenario has no parties)"
            for override in unmatched:
                self.check.error(override.loc, f"unknown party '{party_id}'{hint}")

    def read_issue_table(self, path: Path) -> None:
        from gapcli.io import tabular

        shown = shown_path(path)
        try:
            read = tabular.read_issue_table(path, shown, self.tolerance, sources=self.sources)
        except InputError as exc:
            self.check.errors.extend(exc.diagnostics)
            return
        self.check.errors.extend(read.errors)
        self.check.warnings.extend(read.warnings)
        self.issue_rows = {i: Location(shown, line) for i, line in read.lines.items()}
        for issue in read.issues:
            if issue.id in self.issues:
                self.check.error(
                    self.issue_rows[issue.id],
                    f"issue '{issue.id}' is defined in scenario.yaml and in issues.csv",
                )
            self.issues[issue.id] = issue
        self.issues_read = not read.errors

    # -- stances.csv ------------------------------------------------------------------------

    def read_table(
        self, path: Path, parties: list[Party], overrides: Sequence[Override] = ()
    ) -> tuple[list[Party], StanceTable | None]:
        """Add the stances of ``stances.csv`` (and the parties only it names), with the
        overrides that name its rows or the parties only it has."""
        from gapcli.io import tabular

        issues = list(self.issues.values())
        self.pending = {}  # the table answers for every override still waiting
        yaml_ids = {p.id for p in parties}
        for_table = [o for o in overrides if o.issue is not None or o.party not in yaml_ids]
        try:
            read = tabular.read_stances(
                path,
                shown_path(path),
                issues,
                [p.id for p in parties],
                self.sources,
                for_table,
                given={
                    p.id: self.written_capability[p.id]
                    for p in parties
                    if p.id in self.written_capability
                },
            )
        except InputError as exc:
            self.check.errors.extend(exc.diagnostics)
            return parties, None
        self.check.errors.extend(read.errors)
        self.check.warnings.extend(read.warnings)
        self.pending = by_party(read.unmatched)
        table = read.table
        ids = [p.id for p in parties] + list(read.new_parties)
        rows = tabular.rows_by_party(table, len(ids))
        out: list[Party] = []
        for n, party_id in enumerate(ids):
            if n < len(parties):
                old = parties[n]
            else:
                named = read.names.get(party_id, {})
                name = named.get("name") or party_id
                old = Party(party_id, name, description=named.get("description"))
            for issue_id in old.stances:
                clash = [r for r in rows[n].tolist() if issues[int(table.issue[r])].id == issue_id]
                for r in clash:
                    self.check.error(
                        Location(shown_path(path), int(table.lines[r])),
                        f"a second stance of '{party_id}' on '{issue_id}' (also in its YAML file)",
                    )
            if not len(rows[n]):
                out.append(old)
                continue
            stances = tabular.TableStances(old.stances, table, rows[n], issues)
            capability = old.capability  # its YAML file's (or --set's), else the table's
            if party_id not in self.capability_given:
                capability = read.capability.get(party_id, capability)
            out.append(replace(old, capability=capability, stances=stances))
        return out, table

    # -- across files ----------------------------------------------------------------------

    def unique_parties(self, parties: list[tuple[Party, Location]]) -> list[Party]:
        seen: dict[str, Location] = {}
        out: list[Party] = []
        for party, where in parties:
            if party.id in seen:
                self.check.error(
                    where, f"duplicate party id '{party.id}' (also used by {seen[party.id]})"
                )
                continue
            seen[party.id] = where
            out.append(party)
        return out

    def warn_unused(
        self, parties: list[Party], fields: dict[str, Node], table: StanceTable | None
    ) -> None:
        issues_node = fields.get("issues")
        used = {i for p in parties for i in getattr(p.stances, "explicit", p.stances)}
        if table is not None:
            ids = list(self.issues)
            used |= {ids[i] for i in set(table.issue.tolist())}
        for issue_id in self.issues:
            if issue_id in used:
                continue
            where = self.issue_rows.get(issue_id)  # an issue of issues.csv: at its row
            if where is None and issues_node is not None:
                where = issues_node.keys.get(issue_id)
            if where is not None:
                self.check.warn(where, f"no party has a stance on issue '{issue_id}'")
