"""Reading parties and their stances from YAML (a part of the loader)."""

from __future__ import annotations

from types import MappingProxyType

from gapcli.errors import Location
from gapcli.io import spec
from gapcli.io.checks import UNSOURCED_LISTED, fmt
from gapcli.io.read_scenario import LoaderState
from gapcli.io.yamlio import Node
from gapcli.model import (
    ChoiceIssue,
    ChoiceStance,
    Issue,
    Party,
    ScaleIssue,
    ScaleStance,
    SetIssue,
    SetStance,
    Stance,
)


class PartyReader(LoaderState):
    """The loader's methods for parties; state lives on the loader."""

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
            observer=self.check.flag(fields.get("observer"), name="observer") or False,
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
            self.unsourced[at.path] = count = self.unsourced.get(at.path, 0) + 1
            if count <= UNSOURCED_LISTED:  # the rest are counted (one line a file)
                self.check.warn(at, f"stance of '{party_id}' on '{issue.id}' cites no source")
        note = self.check.text(fields.get("note"), name="note")
        capability = self.check.number(
            fields.get("capability"), name="capability", lo=0, lo_open=True
        )
        common = {
            "salience": salience or 0.0,
            "sources": sources,
            "note": note,
            "capability": capability,
        }
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
        return self.check.source_refs(node, name="source", known=self.sources)
