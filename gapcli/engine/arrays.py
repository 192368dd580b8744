"""Compile a scenario into party-by-issue arrays, one block per issue kind.

Every array is indexed ``[party, issue]`` (and ``[..., option]`` for choice and set issues)
in the scenario's own order; ``mask`` says where a party has a stance. Where it has none the
other arrays hold neutral values (0, or an empty set) that every formula ignores through the
mask, so a missing stance never counts as position 0.

Scale values stay in the issue's own units (results are reported in them); distances divide
by the issue's width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from gapcli.model import (
    ChoiceIssue,
    ChoiceStance,
    ScaleIssue,
    ScaleStance,
    Scenario,
    SetIssue,
    SetStance,
)

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]


A = TypeVar("A", bound=npt.NDArray[Any])


def _frozen(array: A) -> A:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, slots=True)
class ScaleBlock:
    issues: tuple[ScaleIssue, ...]
    index: Ints  # position of each issue in scenario.issues
    mask: Bools  # (P, I)
    position: Floats  # (P, I), 0 where masked
    lo: Floats  # (P, I) accepted interval, 0 where masked
    hi: Floats
    salience: Floats  # (P, I), 0 where masked
    width: Floats  # (I,)


@dataclass(frozen=True, slots=True)
class ChoiceBlock:
    issues: tuple[ChoiceIssue, ...]
    index: Ints
    mask: Bools  # (P, I)
    prefers: Ints  # (P, I) option index, -1 where masked
    accepts: Bools  # (P, I, K) K = most options of any choice issue; False where masked
    salience: Floats  # (P, I)
    valid: Bools  # (I, K): the issue has this option


@dataclass(frozen=True, slots=True)
class SetBlock:
    issues: tuple[SetIssue, ...]
    index: Ints
    mask: Bools  # (P, I)
    require: Bools  # (P, I, K)
    reject: Bools  # (P, I, K)
    salience: Floats  # (P, I)
    valid: Bools  # (I, K)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A scenario as arrays. Build it with :func:`compile_scenario`."""

    scenario: Scenario
    party_ids: tuple[str, ...]
    capability: Floats  # (P,)
    scale: ScaleBlock
    choice: ChoiceBlock
    sets: SetBlock


def compile_scenario(scenario: Scenario) -> Compiled:
    """One pass over the stances fills every block (a party's stances are sparse)."""
    parties = scenario.parties
    n = len(parties)
    scale = _Filler(scenario, ScaleIssue, n)
    choice = _Filler(scenario, ChoiceIssue, n)
    sets = _Filler(scenario, SetIssue, n)
    for p, party in enumerate(parties):
        for issue_id, stance in party.stances.items():
            if isinstance(stance, ScaleStance) and issue_id in scale.local:
                i = scale.mark(p, issue_id, stance.salience)
                scale.position[p, i], scale.lo[p, i], scale.hi[p, i] = (
                    stance.position,
                    stance.lo,
                    stance.hi,
                )
            elif isinstance(stance, ChoiceStance) and issue_id in choice.local:
                i = choice.mark(p, issue_id, stance.salience)
                order = choice.order[i]
                choice.prefers[p, i] = order[stance.prefers]
                choice.first[p, i, [order[o] for o in stance.accepts]] = True
            elif isinstance(stance, SetStance) and issue_id in sets.local:
                i = sets.mark(p, issue_id, stance.salience)
                order = sets.order[i]
                sets.first[p, i, [order[o] for o in stance.require]] = True
                sets.second[p, i, [order[o] for o in stance.reject]] = True
    scale_issues = tuple(i for i in scale.issues if isinstance(i, ScaleIssue))
    choice_issues = tuple(i for i in choice.issues if isinstance(i, ChoiceIssue))
    set_issues = tuple(i for i in sets.issues if isinstance(i, SetIssue))
    return Compiled(
        scenario=scenario,
        party_ids=tuple(p.id for p in parties),
        capability=_frozen(np.array([p.capability for p in parties], dtype=np.float64)),
        scale=ScaleBlock(
            issues=scale_issues,
            index=_frozen(scale.index),
            mask=_frozen(scale.mask),
            position=_frozen(scale.position),
            lo=_frozen(scale.lo),
            hi=_frozen(scale.hi),
            salience=_frozen(scale.salience),
            width=_frozen(np.array([i.width for i in scale_issues], dtype=np.float64)),
        ),
        choice=ChoiceBlock(
            issues=choice_issues,
            index=_frozen(choice.index),
            mask=_frozen(choice.mask),
            prefers=_frozen(choice.prefers),
            accepts=_frozen(choice.first),
            salience=_frozen(choice.salience),
            valid=_frozen(_valid(choice_issues, choice.k)),
        ),
        sets=SetBlock(
            issues=set_issues,
            index=_frozen(sets.index),
            mask=_frozen(sets.mask),
            require=_frozen(sets.first),
            reject=_frozen(sets.second),
            salience=_frozen(sets.salience),
            valid=_frozen(_valid(set_issues, sets.k)),
        ),
    )


class _Filler:
    """The arrays of one block while they are being filled."""

    def __init__(self, scenario: Scenario, kind: type, parties: int) -> None:
        positions = [n for n, issue in enumerate(scenario.issues) if isinstance(issue, kind)]
        self.issues = tuple(scenario.issues[n] for n in positions)
        self.index = np.array(positions, dtype=np.int64)
        self.local = {issue.id: i for i, issue in enumerate(self.issues)}
        self.order = [
            {o.id: n for n, o in enumerate(getattr(issue, "options", ()))} for issue in self.issues
        ]
        self.k = max((len(o) for o in self.order), default=0)
        shape = (parties, len(self.issues))
        self.mask = np.zeros(shape, dtype=bool)
        self.salience = np.zeros(shape)
        self.position, self.lo, self.hi = np.zeros(shape), np.zeros(shape), np.zeros(shape)
        self.prefers = np.full(shape, -1, dtype=np.int64)
        self.first = np.zeros((*shape, self.k), dtype=bool)
        self.second = np.zeros((*shape, self.k), dtype=bool)

    def mark(self, party: int, issue_id: str, salience: float) -> int:
        i = self.local[issue_id]
        self.mask[party, i] = True
        self.salience[party, i] = salience
        return i


def _valid(issues: Sequence[ChoiceIssue | SetIssue], k: int) -> Bools:
    valid = np.zeros((len(issues), k), dtype=bool)
    for i, issue in enumerate(issues):
        valid[i, : len(issue.options)] = True
    return valid
