"""Reading scenario.yaml's own parts: sources, defaults, issues (a part of the loader)."""

from __future__ import annotations

from dataclasses import replace

from gapcli.errors import Location
from gapcli.io import spec, yamlio
from gapcli.io.checks import MAX_MAGNITUDE, Checker, fmt
from gapcli.io.read_outcome import read_outcome, read_tags, warn_unsourced
from gapcli.io.yamlio import Node
from gapcli.model import (
    ChoiceIssue,
    Issue,
    Option,
    ScaleIssue,
    SetIssue,
    Source,
)


class LoaderState:
    """What the loader's parts read and write while one scenario loads."""

    check: Checker
    issues: dict[str, Issue]
    broken_issues: set[str]
    sources: dict[str, Source]
    tolerance: float
    issues_read: bool
    capability_given: set[str]
    empty: dict[str, Location]
    unsourced: dict[str, int]  # file -> stances in it that cite no source


class ScenarioReader(LoaderState):
    """The loader's methods for scenario.yaml; state lives on the loader."""

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
        unsourced: list[tuple[str, Location]] = []  # outcomes that cite no source
        for issue_id, value in (entries or {}).items():
            issue = self.read_issue(issue_id, value, node.keys[issue_id])
            # an outcome that is wrong is reported, and the issue kept: its stances are read
            found = None if issue is None else read_outcome(self.check, issue, value, self.sources)
            tags = read_tags(self.check, value.value.get("tags")) if value.is_mapping else ()
            if issue is None or found is None:
                self.broken_issues.add(issue_id)
                continue
            if found.unsourced is not None:
                unsourced.append((issue_id, found.unsourced))
            self.issues[issue_id] = replace(issue, outcome=found.outcome, tags=tags)
        warn_unsourced(self.check, unsourced)

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
            bounds = self.check.pair(
                fields["range"], name="range", lo=-MAX_MAGNITUDE, hi=MAX_MAGNITUDE
            )
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
            seen: set[str] = set()
            for item in node.value:
                oid = self.check.ident(item, name="options", what="an option")
                if oid is not None and oid in seen:
                    self.check.error(item.loc, f"options: option '{oid}' is listed twice")
                elif oid is not None:
                    seen.add(oid)
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


def _as_number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text
