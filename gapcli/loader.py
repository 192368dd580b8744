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
from types import MappingProxyType
from typing import TYPE_CHECKING

from gapcli import overrides, spec, yamlio
from gapcli.checks import Checker, fmt
from gapcli.errors import Diagnostic, InputError, Location, did_you_mean, one_of
from gapcli.model import (
    ChoiceIssue,
    ChoiceStance,
    Issue,
    Option,
    Party,
    ScaleIssue,
    ScaleStance,
    Scenario,
    SetIssue,
    SetStance,
    Source,
    Stance,
)
from gapcli.overrides import Override, by_party
from gapcli.yamlio import Node

if TYPE_CHECKING:
    from gapcli.tabular import StanceTable

SCENARIO_FILES = ("scenario.yaml", "scenario.yml")
STANCES_CSV = "stances.csv"
ISSUES_CSV = "issues.csv"
PARTY_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Loaded:
    scenario: Scenario
    warnings: tuple[Diagnostic, ...]


def shown_path(path: Path) -> str:
    """How a path appears in messages: as the user wrote it, with forward slashes."""
    return path.as_posix()


def scenario_file(directory: Path) -> Path | None:
    return next((directory / n for n in SCENARIO_FILES if (directory / n).is_file()), None)


def load_scenario(path: Path, overrides: Sequence[Override] = ()) -> Loaded:
    """Load the scenario at ``path``: a scenario directory or a one-file scenario.

    ``overrides`` (from ``--set``) are written into the parties' trees before any check.
    """
    shown = shown_path(path)
    if not path.exists():
        raise InputError.at(Location(shown), "no such file or directory")
    if path.is_dir():
        main = scenario_file(path)
        if main is None:
            raise InputError.at(
                Location(shown),
                "not a scenario directory: it has no scenario.yaml (create one with "
                f"'gapcli init {shown}' or name a scenario directory)",
            )
        party_dir = path / "parties"
        party_files = (
            sorted(p for p in party_dir.iterdir() if p.suffix in PARTY_SUFFIXES and p.is_file())
            if party_dir.is_dir()
            else []
        )
    else:
        main, party_files = path, []
    table = path / STANCES_CSV if path.is_dir() else None
    issue_table = path / ISSUES_CSV if path.is_dir() else None
    loader = _Loader(shown_path(main), shown, overrides)
    if issue_table is not None and issue_table.is_file():
        loader.issue_table = issue_table
    with _gc_paused():
        return loader.run(
            main, party_files, table if table is not None and table.is_file() else None
        )


def tabular_parties(table: StanceTable) -> set[int]:
    """The parties (by position) with at least one row in the table."""
    from gapcli.tabular import parties_with_rows

    return parties_with_rows(table)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading builds millions of small objects and no reference cycles: the cyclic garbage
    collector, run again and again as they pile up, would take most of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Loader:
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
        self.empty: dict[str, Location] = {}  # parties with no stance in their YAML
        self.issue_table: Path | None = None  # issues.csv, when there is one

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
            unique, stance_table = self.read_table(table, unique)
        self.unmatched_overrides(unique)
        with_rows = (
            set() if stance_table is None else {unique[p].id for p in tabular_parties(stance_table)}
        )
        for party_id, where in self.empty.items():
            if party_id not in with_rows:
                self.check.warn(where, f"party '{party_id}' has no stances")
        self.warn_unused(unique, fields, stance_table)
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
        mine = self.pending.pop(party_id, [])
        kinds = {issue_id: issue.kind for issue_id, issue in self.issues.items()}
        return overrides.apply(node, mine, kinds)

    def unmatched_overrides(self, parties: list[Party]) -> None:
        ids = [p.id for p in parties]
        for party_id, unmatched in self.pending.items():
            hint = did_you_mean(party_id, ids) or f"; expected {one_of(ids)}"
            for override in unmatched:
                self.check.error(override.loc, f"unknown party '{party_id}'{hint}")

    def read_issue_table(self, path: Path) -> None:
        from gapcli import tabular

        try:
            issues, problems = tabular.read_issues(path, shown_path(path), self.tolerance)
        except InputError as exc:
            self.check.errors.extend(exc.diagnostics)
            return
        self.check.errors.extend(problems)
        for issue in issues:
            if issue.id in self.issues:
                self.check.error(
                    Location(shown_path(path)),
                    f"issue '{issue.id}' is defined in scenario.yaml and in issues.csv",
                )
            self.issues[issue.id] = issue
        self.issues_read = not problems

    # -- stances.csv ------------------------------------------------------------------------

    def read_table(
        self, path: Path, parties: list[Party]
    ) -> tuple[list[Party], StanceTable | None]:
        """Add the stances of ``stances.csv`` (and the parties only it names)."""
        from gapcli import tabular

        issues = list(self.issues.values())
        try:
            read = tabular.read_stances(
                path, shown_path(path), issues, [p.id for p in parties], self.sources
            )
        except InputError as exc:
            self.check.errors.extend(exc.diagnostics)
            return parties, None
        self.check.errors.extend(read.errors)
        self.check.warnings.extend(read.warnings)
        table = read.table
        ids = [p.id for p in parties] + list(read.new_parties)
        rows = tabular.rows_by_party(table, len(ids))
        out: list[Party] = []
        for n, party_id in enumerate(ids):
            old = parties[n] if n < len(parties) else Party(party_id, party_id)
            capability = read.capability.get(party_id)
            if capability is not None and party_id in self.capability_given:
                if capability != old.capability:
                    self.check.error(
                        Location(shown_path(path)),
                        f"capability of '{party_id}': {capability:g} in the table but "
                        f"{old.capability:g} in its YAML file (give it in one place)",
                    )
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
            out.append(
                replace(
                    old,
                    capability=old.capability if capability is None else capability,
                    stances=stances,
                )
            )
        return out, table

    # -- scenario.yaml ---------------------------------------------------------------------

    def read_sources(self, node: Node | None) -> None:
        if node is None:
            return
        for key, value in (self.check.entries(node, name="sources", what="sources") or {}).items():
            fields = self.check.mapping(
                value, spec.SOURCE, name=f"source '{key}'", at=node.keys[key]
            )
            if fields is None:
                continue
            text = self.check.text
            self.sources[key] = Source(
                key=key,
                title=text(fields.get("title"), name="title") or key,
                published=self.check.date(fields.get("published"), name="published"),
                author=text(fields.get("author"), name="author"),
                publisher=text(fields.get("publisher"), name="publisher"),
                url=text(fields.get("url"), name="url"),
                note=text(fields.get("note"), name="note"),
            )

    def read_defaults(self, node: Node | None) -> None:
        if node is None:
            return
        fields = self.check.mapping(node, spec.DEFAULTS, name="defaults") or {}
        tolerance = self.check.number(fields.get("tolerance"), name="tolerance", lo=0)
        self.tolerance = tolerance or 0.0

    def read_issues(self, node: Node) -> None:
        entries = self.check.entries(node, name="issues", what="issues")
        self.issues_read = entries is not None
        if entries is not None and not entries:
            self.check.error(node.loc, "issues: no issues defined (expected at least one)")
        for issue_id, value in (entries or {}).items():
            issue = self.read_issue(issue_id, value, node.keys[issue_id])
            if issue is None:
                self.broken_issues.add(issue_id)
            else:
                self.issues[issue_id] = issue

    def read_issue(self, issue_id: str, node: Node, at: Location) -> Issue | None:
        name = f"issue '{issue_id}'"
        if not node.is_mapping:
            self.check.error(node.loc, f"{name}: expected a mapping, not {yamlio.describe(node)}")
            return None
        kind_node = node.value.get("kind")
        if kind_node is None:
            self.check.error(at, f"{name}: missing key 'kind' (expected scale, choice or set)")
            return None
        kind = kind_node.text if kind_node.is_scalar else ""
        if not self.check.known(
            kind, kind_node.loc, what="issue kind", known=spec.ISSUE_BY_KIND, name="kind"
        ):
            return None
        errors_before = len(self.check.errors)
        fields = (
            self.check.mapping(
                node,
                spec.ISSUE_BY_KIND[kind],
                name=name,
                at=at,
                siblings=spec.ISSUE_BY_KIND.values(),
            )
            or {}
        )
        title = self.check.text(fields.get("title"), name="title") or issue_id
        description = self.check.text(fields.get("description"), name="description")
        issue: Issue | None
        if kind == "scale":
            issue = self.read_scale_issue(issue_id, title, description, fields)
        else:
            options = self.read_options(fields.get("options"))
            if options is None:
                return None
            if kind == "choice":
                status_quo = None
                if "status_quo" in fields:
                    ids = [o.id for o in options]
                    status_quo = self.check.option(
                        fields["status_quo"], name="status_quo", options=ids, issue=issue_id
                    )
                issue = ChoiceIssue(issue_id, title, options, status_quo, description)
            else:
                issue = SetIssue(issue_id, title, options, description)
        return issue if len(self.check.errors) == errors_before else None

    def read_scale_issue(
        self, issue_id: str, title: str, description: str | None, fields: dict[str, Node]
    ) -> ScaleIssue | None:
        lo, hi = 0.0, 100.0
        if "range" in fields:
            bounds = self.check.pair(fields["range"], name="range", lo=-1e12, hi=1e12)
            if bounds is None:
                return None
            lo, hi = bounds
            if lo == hi:
                self.check.error(
                    fields["range"].loc,
                    f"range: [{fmt(lo)}, {fmt(hi)}] has no width (expected lo < hi)",
                )
                return None
        status_quo = self.check.number(fields.get("status_quo"), name="status_quo", lo=lo, hi=hi)
        labels: list[tuple[float, str]] = []
        if "labels" in fields:
            label_node = fields["labels"]
            if not label_node.is_mapping:
                self.check.error(
                    label_node.loc,
                    "labels: expected a mapping of point to text, "
                    f"not {yamlio.describe(label_node)}",
                )
            for key, value in (label_node.value if label_node.is_mapping else {}).items():
                point = self.check.number(
                    Node(_as_number(key), label_node.keys[key], text=key),
                    name="labels",
                    lo=lo,
                    hi=hi,
                    expected=f"a point from {fmt(lo)} to {fmt(hi)}",
                )
                text = self.check.text(value, name=f"labels: {key}")
                if point is not None and text is not None:
                    labels.append((point, text))
        tolerance = self.check.number(fields.get("tolerance"), name="tolerance", lo=0)
        return ScaleIssue(
            issue_id,
            title,
            lo,
            hi,
            status_quo,
            tuple(sorted(labels)),
            self.tolerance if tolerance is None else tolerance,
            description,
        )

    def read_options(self, node: Node | None) -> tuple[Option, ...] | None:
        if node is None:
            return None  # the missing key is already reported
        if node.is_sequence:
            out: list[Option] = []
            for item in node.value:
                oid = self.check.ident(item, name="options", what="an option")
                if oid is not None and any(o.id == oid for o in out):
                    self.check.error(item.loc, f"options: option '{oid}' is listed twice")
                elif oid is not None:
                    out.append(Option(oid, oid))
            options = tuple(out)
        else:
            entries = self.check.entries(node, name="options", what="options")
            if entries is None:
                return None
            options = tuple(
                Option(oid, self.check.text(label, name=f"options: {oid}") or oid)
                for oid, label in entries.items()
            )
        if not options:
            self.check.error(node.loc, "options: no options (expected at least one)")
            return None
        return options

    # -- parties ---------------------------------------------------------------------------

    def read_party(
        self, node: Node, default_id: str, where: Location, *, in_file: bool
    ) -> list[tuple[Party, Location]]:
        """One party; ``where`` is where its id comes from (file start or inline key)."""
        fields = self.check.mapping(node, spec.PARTY, name=f"party '{default_id}'", at=where)
        if fields is None:
            return []
        party_id = default_id
        if "id" in fields:
            party_id = self.check.ident(fields["id"], name="id", what="a party") or default_id
            where = fields["id"].loc
        elif in_file and not self.check.check_id(default_id, where, what="party (file name)"):
            return []
        capability = self.check.number(
            fields.get("capability"), name="capability", lo=0, lo_open=True
        )
        stances = self.read_stances(fields.get("stances"), party_id)
        party = Party(
            id=party_id,
            name=self.check.text(fields.get("name"), name="name") or party_id,
            capability=1.0 if capability is None else capability,
            stances=MappingProxyType(stances),
            description=self.check.text(fields.get("description"), name="description"),
        )
        if capability is not None:
            self.capability_given.add(party_id)
        if not stances:
            self.empty[party_id] = where
        return [(party, where)]

    def read_stances(self, node: Node | None, party_id: str) -> dict[str, Stance]:
        if node is None or node.value is None:
            return {}
        entries = self.check.entries(node, name="stances", what="issues") or {}
        if not self.issues_read:
            return {}  # stances need the issues; scenario.yaml's own errors say what went wrong
        stances: dict[str, Stance] = {}
        ordered = [i for i in self.issues if i in entries] + [
            i for i in entries if i not in self.issues
        ]
        for issue_id in ordered:
            value, at = entries[issue_id], node.keys[issue_id]
            if issue_id in self.broken_issues:
                continue  # the issue's own errors are reported; don't pile on
            if issue_id not in self.issues:
                self.check.known(issue_id, at, what="issue", known=self.issues)
                continue
            stance = self.read_stance(self.issues[issue_id], value, at, party_id)
            if stance is not None:
                stances[issue_id] = stance
        return stances

    def read_stance(self, issue: Issue, node: Node, at: Location, party_id: str) -> Stance | None:
        name = f"stance on '{issue.id}'"
        fields = self.check.mapping(
            node,
            spec.STANCE_BY_KIND[issue.kind],
            name=name,
            at=at,
            siblings=spec.STANCE_BY_KIND.values(),
        )
        if fields is None:
            return None
        errors_before = len(self.check.errors)
        salience = self.check.number(fields.get("salience"), name="salience", lo=0, hi=1)
        sources = self.read_source_refs(fields.get("source"))
        if "source" not in fields:
            self.check.warn(at, f"stance of '{party_id}' on '{issue.id}' cites no source")
        note = self.check.text(fields.get("note"), name="note")
        common = {"salience": salience or 0.0, "sources": sources, "note": note}
        stance: Stance | None
        match issue:
            case ScaleIssue():
                uncertainty = self.check.number(
                    fields.get("uncertainty"), name="uncertainty", lo=0, hi=issue.width
                )
                stance = self.read_scale_stance(issue, fields, common, uncertainty)
            case ChoiceIssue() | SetIssue():
                uncertainty = self.check.number(
                    fields.get("uncertainty"),
                    name="uncertainty",
                    lo=0,
                    hi=1,
                    expected="a probability from 0 to 1 (on a choice or set issue)",
                )
                if isinstance(issue, ChoiceIssue):
                    stance = self.read_choice_stance(issue, fields, common, uncertainty)
                else:
                    stance = self.read_set_stance(issue, fields, common, uncertainty)
        return stance if len(self.check.errors) == errors_before else None

    def read_scale_stance(
        self,
        issue: ScaleIssue,
        fields: dict[str, Node],
        common: dict[str, object],
        uncertainty: float | None,
    ) -> ScaleStance | None:
        position = self.check.number(
            fields.get("position"),
            name="position",
            lo=issue.lo,
            hi=issue.hi,
        )
        if position is None:
            return None
        if "accepts" in fields:
            accepts = self.check.pair(fields["accepts"], name="accepts", lo=issue.lo, hi=issue.hi)
            if accepts is None:
                return None
            lo, hi = accepts
            moved = fields["position"].loc
            if not lo <= position <= hi and moved.line == 0 and fields["accepts"].loc.line:
                self.check.error(  # --set moved the position out of the file's accepts
                    moved,
                    f"position: {fmt(position)} is outside the accepted range [{fmt(lo)}, "
                    f"{fmt(hi)}] at {fields['accepts'].loc} (set the stance's accepts too: "
                    "--set PARTY.ISSUE.accepts=LO..HI)",
                )
                return None
            if not lo <= position <= hi:
                self.check.error(
                    fields["accepts"].loc,
                    f"accepts: [{fmt(lo)}, {fmt(hi)}] does not contain the position "
                    f"{fmt(position)} (expected lo <= position <= hi)",
                )
                return None
        else:
            lo = max(issue.lo, position - issue.tolerance)
            hi = min(issue.hi, position + issue.tolerance)
        return ScaleStance(position=position, lo=lo, hi=hi, uncertainty=uncertainty, **common)  # type: ignore[arg-type]

    def read_choice_stance(
        self,
        issue: ChoiceIssue,
        fields: dict[str, Node],
        common: dict[str, object],
        uncertainty: float | None,
    ) -> ChoiceStance | None:
        ids = issue.option_ids
        prefers_node = fields.get("prefers")
        if prefers_node is None:
            return None
        prefers = self.check.option(prefers_node, name="prefers", options=ids, issue=issue.id)
        accepts = self.check.id_list(
            fields.get("accepts"), name="accepts", options=ids, issue=issue.id
        )
        if prefers is None or accepts is None:
            return None
        if "accepts" in fields and prefers not in accepts:
            self.check.error(
                fields["accepts"].loc,
                f"accepts: does not contain the preferred "
                f"option '{prefers}' (expected a list that includes it)",
            )
            return None
        ordered = tuple(o for o in ids if o in accepts or o == prefers)
        return ChoiceStance(prefers=prefers, accepts=ordered, uncertainty=uncertainty, **common)  # type: ignore[arg-type]

    def read_set_stance(
        self,
        issue: SetIssue,
        fields: dict[str, Node],
        common: dict[str, object],
        uncertainty: float | None,
    ) -> SetStance | None:
        ids = issue.option_ids
        require = self.check.id_list(
            fields.get("require"), name="require", options=ids, issue=issue.id
        )
        reject = self.check.id_list(
            fields.get("reject"), name="reject", options=ids, issue=issue.id
        )
        if require is None or reject is None:
            return None
        both = [o for o in require if o in reject]
        if both:
            listed = ", ".join(f"'{o}'" for o in both)
            self.check.error(
                fields["reject"].loc,
                f"reject: {listed} also required (expected "
                "an option in require or reject, not both)",
            )
            return None
        require = tuple(o for o in ids if o in require)  # in the issue's option order
        reject = tuple(o for o in ids if o in reject)
        return SetStance(require=require, reject=reject, uncertainty=uncertainty, **common)  # type: ignore[arg-type]

    def read_source_refs(self, node: Node | None) -> tuple[str, ...]:
        if node is None:
            return ()
        items = node.value if node.is_sequence else [node]
        refs: list[str] = []
        for item in items:
            key = self.check.ident(item, name="source", what="a source")
            if key is not None and self.check.known(
                key, item.loc, what="source", known=self.sources, name="source"
            ):
                refs.append(key)
        return tuple(refs)

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
            if issue_id not in used and issues_node is not None:
                self.check.warn(
                    issues_node.keys[issue_id], f"no party has a stance on issue '{issue_id}'"
                )


def _as_number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text
