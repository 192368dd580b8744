"""What changed between two scenarios of the same talks (pure: scenarios and analyses in,
frozen data out). ``gapcli diff`` shows it for two snapshots, ``gapcli whatif`` for the files
against the same files with ``--set`` overrides."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from gapcli.model import ScaleIssue, ScaleStance, Scenario, Stance, capability_of

if TYPE_CHECKING:
    from gapcli.engine import Analysis, IssueResult


@dataclass(frozen=True, slots=True)
class Shift:
    """One party's stance on one issue, before and after (``None``: no stance then), and
    the capability it carried (its own, else its party's)."""

    party: str
    issue: str
    old: Stance | None
    new: Stance | None
    move: float | None  # scale issues: (new position - old position) / W
    old_capability: float | None = None
    new_capability: float | None = None

    @property
    def capability_changed(self) -> bool:
        """The stance's own capability changed what it carries (a change of the party's
        capability alone is a :class:`CapabilityChange`)."""
        own = any(s is not None and s.capability is not None for s in (self.old, self.new))
        both = self.old is not None and self.new is not None
        return both and own and self.old_capability != self.new_capability


@dataclass(frozen=True, slots=True)
class GapChange:
    a: str
    b: str
    old: float | None
    new: float | None

    @property
    def delta(self) -> float | None:
        return None if self.old is None or self.new is None else self.new - self.old


@dataclass(frozen=True, slots=True)
class CapabilityChange:
    party: str
    old: float
    new: float


@dataclass(frozen=True, slots=True)
class MoveChange:
    """How far the bridge lies outside what a party accepts, before and after (``None``: the
    party had no stance on the issue then)."""

    party: str
    old: float | None
    new: float | None


@dataclass(frozen=True, slots=True)
class IssueChange:
    """An issue in both scenarios whose status, blockers, bridge or moves changed."""

    issue: str
    old_status: str
    new_status: str
    old_blockers: tuple[str, ...]
    new_blockers: tuple[str, ...]
    old_bridge: float | str | tuple[str, ...] | None
    new_bridge: float | str | tuple[str, ...] | None
    moves: tuple[MoveChange, ...] = ()  # the parties whose move changed, in scenario order


@dataclass(frozen=True, slots=True)
class Diff:
    parties_added: tuple[str, ...]
    parties_removed: tuple[str, ...]
    issues_added: tuple[str, ...]
    issues_removed: tuple[str, ...]
    shifts: tuple[Shift, ...]  # in the new scenario's party, then issue, order
    capabilities: tuple[CapabilityChange, ...]  # parties in both whose capability changed
    gaps: tuple[GapChange, ...]  # pairs in both, largest change first
    issues: tuple[IssueChange, ...]

    @property
    def entered_deadlock(self) -> tuple[str, ...]:
        return tuple(c.issue for c in self.issues if c.new_status == "deadlock" != c.old_status)

    @property
    def left_deadlock(self) -> tuple[str, ...]:
        return tuple(c.issue for c in self.issues if c.old_status == "deadlock" != c.new_status)


def _same(a: Stance | None, b: Stance | None) -> bool:
    """Equal as far as the analysis goes: sources, notes and uncertainty aside, and the
    capability (compared with the party's, in :attr:`Shift.capability_changed`)."""
    if a is None or b is None:
        return a is b
    unsourced = {"sources": (), "note": None, "uncertainty": None, "capability": None}
    return replace(a, **unsourced) == replace(b, **unsourced)  # type: ignore[arg-type]


def compare(old: Scenario, new: Scenario, before: Analysis, after: Analysis) -> Diff:
    old_parties = {p.id: p for p in old.parties}
    new_parties = {p.id: p for p in new.parties}
    old_issues = {i.id for i in old.issues}
    common_issues = [i for i in new.issues if i.id in old_issues]
    shifts: list[Shift] = []
    for party in new.parties:
        if party.id not in old_parties:
            continue
        previous = old_parties[party.id]
        for issue in common_issues:
            a, b = previous.stances.get(issue.id), party.stances.get(issue.id)
            shift = Shift(
                party.id,
                issue.id,
                a,
                b,
                None,
                None if a is None else capability_of(previous, a),
                None if b is None else capability_of(party, b),
            )
            if _same(a, b) and not shift.capability_changed:
                continue
            if isinstance(a, ScaleStance) and isinstance(b, ScaleStance):
                assert isinstance(issue, ScaleIssue)
                shift = replace(shift, move=(b.position - a.position) / issue.width)
            shifts.append(shift)
    return Diff(
        parties_added=tuple(p for p in new_parties if p not in old_parties),
        parties_removed=tuple(p for p in old_parties if p not in new_parties),
        issues_added=tuple(i.id for i in new.issues if i.id not in old_issues),
        issues_removed=tuple(i.id for i in old.issues if i.id not in {j.id for j in new.issues}),
        shifts=tuple(shifts),
        capabilities=tuple(
            CapabilityChange(p.id, old_parties[p.id].capability, p.capability)
            for p in new.parties
            if p.id in old_parties and old_parties[p.id].capability != p.capability
        ),
        gaps=_gap_changes(before, after),
        issues=_issue_changes(before, after),
    )


def _gap_changes(before: Analysis, after: Analysis) -> tuple[GapChange, ...]:
    old_index = {p: n for n, p in enumerate(before.gaps.parties)}
    parties = [p for p in after.gaps.parties if p in old_index]
    new_index = {p: n for n, p in enumerate(after.gaps.parties)}
    changes = []
    for n, a in enumerate(parties):
        for b in parties[n + 1 :]:
            old = before.gaps.value(old_index[a], old_index[b])
            new = after.gaps.value(new_index[a], new_index[b])
            if not _close(old, new):
                changes.append(GapChange(a, b, old, new))
    return tuple(sorted(changes, key=lambda c: -abs(c.delta) if c.delta is not None else 0.0))


def _issue_changes(before: Analysis, after: Analysis) -> tuple[IssueChange, ...]:
    old: dict[str, IssueResult] = {r.issue: r for r in before.issues}
    out = []
    for r in after.issues:
        o = old.get(r.issue)
        if o is None:
            continue
        moves = _move_changes(o, r)
        if moves or (o.status, set(o.blockers), o.bridge) != (r.status, set(r.blockers), r.bridge):
            out.append(
                IssueChange(
                    r.issue,
                    str(o.status),
                    str(r.status),
                    o.blockers,
                    r.blockers,
                    o.bridge,
                    r.bridge,
                    moves,
                )
            )
    return tuple(out)


def _move_changes(old: IssueResult, new: IssueResult) -> tuple[MoveChange, ...]:
    before = {m.party: m.distance for m in old.moves}
    after = {m.party: m.distance for m in new.moves}
    parties = list(after) + [p for p in before if p not in after]
    return tuple(
        MoveChange(p, before.get(p), after.get(p))
        for p in parties
        if not _close(before.get(p), after.get(p))
    )


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9
