"""The scenario model: plain frozen data, made by the loader and read by the engine.

A party with no stance on an issue is absent from it: ``party.stances`` simply has no entry
for that issue (it is never read as position 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gapcli.model.table import StanceTable


class IssueKind(StrEnum):
    SCALE = "scale"
    CHOICE = "choice"
    SET = "set"


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    title: str
    published: str | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an issue came to, where it is known (docs/format.md, "Outcomes").

    ``value`` is a point on a scale issue, an option id on a choice issue, the ids of the
    options included on a set issue (in the issue's option order), or ``None`` where no
    outcome is recorded and ``note`` says why. ``as_of`` is the date the outcome describes
    (``YYYY-MM-DD``), ``sources`` the keys of the scenario's sources that record it.
    """

    value: float | str | tuple[str, ...] | None
    as_of: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None


#: An issue's tags: (key, text) pairs in the order written, for grouping (``backtest --by``).
Tags = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class ScaleIssue:
    id: str
    title: str
    lo: float = 0.0
    hi: float = 100.0
    status_quo: float | None = None
    labels: tuple[tuple[float, str], ...] = ()
    tolerance: float = 0.0
    description: str | None = None
    outcome: Outcome | None = None
    tags: Tags = ()
    kind: IssueKind = field(default=IssueKind.SCALE, init=False)

    @property
    def width(self) -> float:
        return self.hi - self.lo


@dataclass(frozen=True, slots=True)
class ChoiceIssue:
    id: str
    title: str
    options: tuple[Option, ...]
    status_quo: str | None = None
    description: str | None = None
    outcome: Outcome | None = None
    tags: Tags = ()
    kind: IssueKind = field(default=IssueKind.CHOICE, init=False)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True, slots=True)
class SetIssue:
    id: str
    title: str
    options: tuple[Option, ...]
    description: str | None = None
    outcome: Outcome | None = None
    tags: Tags = ()
    kind: IssueKind = field(default=IssueKind.SET, init=False)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


Issue = ScaleIssue | ChoiceIssue | SetIssue


@dataclass(frozen=True, slots=True, kw_only=True)
class _StanceBase:
    salience: float
    sources: tuple[str, ...] = ()
    note: str | None = None
    uncertainty: float | None = None
    capability: float | None = None  # the party's clout on this issue; None: the party's


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaleStance(_StanceBase):
    """``lo``/``hi`` is the accepted interval: given by ``accepts`` or ``position ± tolerance``."""

    position: float
    lo: float
    hi: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceStance(_StanceBase):
    prefers: str
    accepts: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SetStance(_StanceBase):
    require: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()


Stance = ScaleStance | ChoiceStance | SetStance


@dataclass(frozen=True, slots=True)
class Party:
    id: str
    name: str
    capability: float = 1.0
    stances: Mapping[str, Stance] = field(default_factory=lambda: MappingProxyType({}))
    description: str | None = None
    observer: bool = False  # outside the table: in pair gaps, never in an issue's analysis


def capability_of(party: Party, stance: Stance) -> float:
    """The capability a stance carries: its own, else its party's (docs/model.md: c_pi)."""
    return party.capability if stance.capability is None else stance.capability


@dataclass(frozen=True, slots=True)
class Scenario:
    title: str
    issues: tuple[Issue, ...]
    parties: tuple[Party, ...]
    as_of: str | None = None
    description: str | None = None
    sources: tuple[Source, ...] = ()
    tolerance: float = 0.0
    path: str = ""
    overrides: tuple[str, ...] = ()  # the --set arguments applied, as given
    table: StanceTable | None = field(default=None, compare=False, repr=False)  # stances.csv
    _issues: Mapping[str, Issue] = field(init=False, repr=False, compare=False)
    _parties: Mapping[str, Party] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # O(1) lookups by id: results are rendered issue by issue, for thousands of issues.
        object.__setattr__(self, "_issues", MappingProxyType({i.id: i for i in self.issues}))
        object.__setattr__(self, "_parties", MappingProxyType({p.id: p for p in self.parties}))

    def issue(self, issue_id: str) -> Issue | None:
        return self._issues.get(issue_id)

    def party(self, party_id: str) -> Party | None:
        return self._parties.get(party_id)

    @property
    def stance_count(self) -> int:
        return sum(len(p.stances) for p in self.parties)
