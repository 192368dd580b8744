"""Compile a scenario into party-by-issue arrays, one block per issue kind.

Every array is indexed ``[party, issue]`` (and ``[..., option]`` for choice and set issues)
in the scenario's own order; ``mask`` says where a party has a stance. Where it has none the
other arrays hold neutral values (0, or an empty set) that every formula ignores through the
mask, so a missing stance never counts as position 0.

Each block's ``capability`` is the clout every formula weighs a stance by: the stance's own
capability, else its party's (docs/model.md: c_pi).

Scale values stay in the issue's own units (results are reported in them); distances divide
by the issue's width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from gapcli.model import (
    ChoiceIssue,
    ChoiceStance,
    Party,
    ScaleIssue,
    ScaleStance,
    Scenario,
    SetIssue,
    SetStance,
    Stance,
    capability_of,
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
    capability: Floats  # (P, I): the stance's capability, else the party's; 0 where masked
    width: Floats  # (I,)
    uncertainty: Floats  # (P, I) in scale points, 0 where none


@dataclass(frozen=True, slots=True)
class ChoiceBlock:
    issues: tuple[ChoiceIssue, ...]
    index: Ints
    mask: Bools  # (P, I)
    prefers: Ints  # (P, I) option index, -1 where masked
    accepts: Bools  # (P, I, K) K = most options of any choice issue; False where masked
    salience: Floats  # (P, I)
    capability: Floats  # (P, I): the stance's capability, else the party's; 0 where masked
    valid: Bools  # (I, K): the issue has this option
    uncertainty: Floats  # (P, I) probability of a misread, 0 where none


@dataclass(frozen=True, slots=True)
class SetBlock:
    issues: tuple[SetIssue, ...]
    index: Ints
    mask: Bools  # (P, I)
    require: Bools  # (P, I, K)
    reject: Bools  # (P, I, K)
    salience: Floats  # (P, I)
    capability: Floats  # (P, I): the stance's capability, else the party's; 0 where masked
    valid: Bools  # (I, K)
    uncertainty: Floats  # (P, I)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A scenario as arrays. Build it with :func:`compile_scenario`."""

    scenario: Scenario
    party_ids: tuple[str, ...]
    scale: ScaleBlock
    choice: ChoiceBlock
    sets: SetBlock
    observer: Bools  # (P,) observers: in pair gaps, never in an issue's analysis

    @property
    def kinds(self) -> tuple[tuple[str, ScaleBlock | ChoiceBlock | SetBlock], ...]:
        """Each block with its kind's name, in the order scale, choice, set."""
        return (("scale", self.scale), ("choice", self.choice), ("set", self.sets))


def compile_scenario(scenario: Scenario) -> Compiled:
    """One pass over the stances fills every block (a party's stances are sparse)."""
    parties = scenario.parties
    n = len(parties)
    scale = _Filler(scenario, ScaleIssue, n)
    choice = _Filler(scenario, ChoiceIssue, n)
    sets = _Filler(scenario, SetIssue, n)
    for p, party in enumerate(parties):
        # stances.csv rows are filled below, column by column; here only the YAML ones
        for issue_id, stance in getattr(party.stances, "explicit", party.stances).items():
            if isinstance(stance, ScaleStance) and issue_id in scale.local:
                i = scale.mark(p, issue_id, party, stance)
                scale.position[p, i], scale.lo[p, i], scale.hi[p, i] = (
                    stance.position,
                    stance.lo,
                    stance.hi,
                )
            elif isinstance(stance, ChoiceStance) and issue_id in choice.local:
                i = choice.mark(p, issue_id, party, stance)
                order = choice.order[i]
                choice.prefers[p, i] = order[stance.prefers]
                choice.first[p, i, [order[o] for o in stance.accepts]] = True
            elif isinstance(stance, SetStance) and issue_id in sets.local:
                i = sets.mark(p, issue_id, party, stance)
                order = sets.order[i]
                sets.first[p, i, [order[o] for o in stance.require]] = True
                sets.second[p, i, [order[o] for o in stance.reject]] = True
    if scenario.table is not None:
        _fill_from_table(scenario, scale, choice, sets)
    scale_issues = tuple(i for i in scale.issues if isinstance(i, ScaleIssue))
    choice_issues = tuple(i for i in choice.issues if isinstance(i, ChoiceIssue))
    set_issues = tuple(i for i in sets.issues if isinstance(i, SetIssue))
    return Compiled(
        scenario=scenario,
        party_ids=tuple(p.id for p in parties),
        scale=ScaleBlock(
            issues=scale_issues,
            index=_frozen(scale.index),
            mask=_frozen(scale.mask),
            position=_frozen(scale.position),
            lo=_frozen(scale.lo),
            hi=_frozen(scale.hi),
            salience=_frozen(scale.salience),
            capability=_frozen(scale.capability),
            width=_frozen(np.array([i.width for i in scale_issues], dtype=np.float64)),
            uncertainty=_frozen(scale.uncertainty),
        ),
        choice=ChoiceBlock(
            issues=choice_issues,
            index=_frozen(choice.index),
            mask=_frozen(choice.mask),
            prefers=_frozen(choice.prefers),
            accepts=_frozen(choice.first),
            salience=_frozen(choice.salience),
            capability=_frozen(choice.capability),
            valid=_frozen(_valid(choice_issues, choice.k)),
            uncertainty=_frozen(choice.uncertainty),
        ),
        sets=SetBlock(
            issues=set_issues,
            index=_frozen(sets.index),
            mask=_frozen(sets.mask),
            require=_frozen(sets.first),
            reject=_frozen(sets.second),
            salience=_frozen(sets.salience),
            capability=_frozen(sets.capability),
            valid=_frozen(_valid(set_issues, sets.k)),
            uncertainty=_frozen(sets.uncertainty),
        ),
        observer=_frozen(np.array([p.observer for p in parties], dtype=bool)),
    )


def taking_part(c: Compiled) -> Compiled:
    """``c`` with the observers' stances masked out (as if they had none): what an issue's
    zone, support, blockers, bridge, forecasts and samples are computed from. The parties
    keep their rows, so results still index every party; ``c`` itself when there is no
    observer."""
    if not c.observer.any():
        return c
    out = c.observer
    fields: dict[str, dict[str, Any]] = {}
    for name, block in c.kinds:
        mask = block.mask & ~out[:, None]
        keep = mask[..., None]
        changed: dict[str, Any] = {"mask": _frozen(mask)}
        for key in ("salience", "capability", "uncertainty", "position", "lo", "hi"):
            if hasattr(block, key):
                changed[key] = _frozen(np.where(mask, getattr(block, key), 0.0))
        if hasattr(block, "prefers"):
            changed["prefers"] = _frozen(np.where(mask, block.prefers, -1))
        for key in ("accepts", "require", "reject"):
            if hasattr(block, key):
                changed[key] = _frozen(getattr(block, key) & keep)
        fields[name] = changed
    return replace(
        c,
        scale=replace(c.scale, **fields["scale"]),
        choice=replace(c.choice, **fields["choice"]),
        sets=replace(c.sets, **fields["set"]),
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
        self.capability = np.zeros(shape)
        self.uncertainty = np.zeros(shape)
        self.position, self.lo, self.hi = np.zeros(shape), np.zeros(shape), np.zeros(shape)
        self.prefers = np.full(shape, -1, dtype=np.int64)
        self.first = np.zeros((*shape, self.k), dtype=bool)
        self.second = np.zeros((*shape, self.k), dtype=bool)

    def mark(self, p: int, issue_id: str, party: Party, stance: Stance) -> int:
        i = self.local[issue_id]
        self.mask[p, i] = True
        self.salience[p, i] = stance.salience
        self.capability[p, i] = capability_of(party, stance)
        self.uncertainty[p, i] = stance.uncertainty or 0.0
        return i


def _fill_from_table(scenario: Scenario, scale: _Filler, choice: _Filler, sets: _Filler) -> None:
    """The stances of stances.csv, written into the blocks with array indexing."""
    t = scenario.table
    assert t is not None
    local = np.full(len(scenario.issues), -1, dtype=np.int64)
    for block in (scale, choice, sets):
        local[block.index] = np.arange(len(block.index))
    party_capability = np.array([party.capability for party in scenario.parties])
    for block in (scale, choice, sets):
        rows = np.flatnonzero(np.isin(t.issue, block.index))
        p, i = t.party[rows], local[t.issue[rows]]
        block.mask[p, i] = True
        block.salience[p, i] = t.salience[rows]
        own = t.capability[rows]
        block.capability[p, i] = np.where(np.isnan(own), party_capability[p], own)
        block.uncertainty[p, i] = np.nan_to_num(t.uncertainty[rows])
        if block is scale:
            block.position[p, i], block.lo[p, i], block.hi[p, i] = (
                t.position[rows],
                t.lo[rows],
                t.hi[rows],
            )
        elif block is choice:
            block.prefers[p, i] = t.prefers[rows]
            _unpack(block.first, p, i, t.accepts[rows])
        else:
            _unpack(block.first, p, i, t.require[rows])
            _unpack(block.second, p, i, t.reject[rows])


def _unpack(target: Bools, p: Ints, i: Ints, bits: npt.NDArray[np.uint64]) -> None:
    """target[p, i, k] = bit k of ``bits``."""
    for k in range(target.shape[2]):
        target[p, i, k] = (bits >> np.uint64(k)) & np.uint64(1) == 1


def _valid(issues: Sequence[ChoiceIssue | SetIssue], k: int) -> Bools:
    valid = np.zeros((len(issues), k), dtype=bool)
    for i, issue in enumerate(issues):
        valid[i, : len(issue.options)] = True
    return valid
