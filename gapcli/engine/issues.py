"""Each issue across its parties: zone of agreement, status, max-support point, blockers,
bridge and moves (docs/model.md). Every kind is computed for all its issues at once.
"""

from __future__ import annotations

import numpy as np

from gapcli.engine.arrays import (
    Bools,
    ChoiceBlock,
    Compiled,
    Floats,
    ScaleBlock,
    SetBlock,
    taking_part,
)
from gapcli.engine.kernels import REL_TOL, choice_core, scale_core, set_blockers, set_core
from gapcli.engine.results import Contest, IssueResult, Move, Moves, Status
from gapcli.model import IssueKind


def analyse_issues(c: Compiled) -> tuple[IssueResult, ...]:
    """Every issue's result, in the scenario's order; observers take no part."""
    c = taking_part(c)
    results = [*_scale(c, c.scale), *_choice(c, c.choice), *_sets(c, c.sets)]
    order = [*c.scale.index.tolist(), *c.choice.index.tolist(), *c.sets.index.tolist()]
    return tuple(r for _, r in sorted(zip(order, results, strict=True), key=lambda x: x[0]))


class _PerIssue:
    """The parties of every issue (mask (P, I)), found in one pass: for issue i, its parties'
    indices and ids, and their moves, as slices of arrays built once for all issues."""

    def __init__(
        self, c: Compiled, mask: Bools, distance: Floats, salience: Floats, cap: Floats
    ) -> None:
        issue, party = np.nonzero(mask.T)  # by issue, then party
        self.bounds = np.searchsorted(issue, np.arange(mask.shape[1] + 1)).tolist()
        self.party = party
        self.names = [c.party_ids[p] for p in party.tolist()]
        self.distance = distance[party, issue]
        self.weighted = cap[party, issue] * salience[party, issue] * self.distance
        self.ids = c.party_ids

    def parties(self, i: int) -> tuple[str, ...]:
        return tuple(self.names[self.bounds[i] : self.bounds[i + 1]])

    def moves(self, i: int) -> tuple[Moves, float]:
        """The moves of issue i's parties, and their total weighted concession."""
        a, b = self.bounds[i], self.bounds[i + 1]
        moves = Moves(self.ids, self.party[a:b], self.distance[a:b], self.weighted[a:b])
        return moves, moves.total()


def _ids(c: Compiled, flags: Bools) -> list[tuple[str, ...]]:
    """For each issue (column of ``flags`` (P, I)), the ids of the parties flagged."""
    issue, party = np.nonzero(flags.T)
    names = [c.party_ids[p] for p in party.tolist()]
    bounds = np.searchsorted(issue, np.arange(flags.shape[1] + 1)).tolist()
    return [tuple(names[bounds[i] : bounds[i + 1]]) for i in range(flags.shape[1])]


def _scale(c: Compiled, b: ScaleBlock) -> list[IssueResult]:
    if not b.issues:
        return []
    mask = b.mask
    core = scale_core(b.capability, mask, b.lo, b.hi, b.salience, b.width)
    dead = core.deadlock.tolist()  # computed once, not once per issue
    blockers = _ids(c, mask & ~core.accepts_star)
    each = _PerIssue(c, mask, core.move, b.salience, b.capability)
    out: list[IssueResult] = []
    for i, issue in enumerate(b.issues):
        parties = each.parties(i)
        if not parties:
            out.append(_unopposed(issue.id, IssueKind.SCALE, (issue.lo, issue.hi)))
            continue
        deadlock = dead[i]
        moves, concession = each.moves(i)
        out.append(
            IssueResult(
                issue=issue.id,
                kind=IssueKind.SCALE,
                status=Status.DEADLOCK if deadlock else Status.AGREEMENT,
                parties=parties,
                zone=None if deadlock else (float(core.zone_lo[i]), float(core.zone_hi[i])),
                zone_exclude=None,
                support_point=float(core.star[i]),
                support=float(core.support[i]),
                blockers=blockers[i],
                bridge=float(core.bridge[i]),
                moves=moves,
                concession=concession,
            )
        )
    return out


def _unopposed(
    issue: str, kind: IssueKind, zone: tuple[float, float] | tuple[str, ...]
) -> IssueResult:
    """An issue no party takes a stance on: nothing is contested, so every point agrees."""
    return IssueResult(
        issue=issue,
        kind=kind,
        status=Status.AGREEMENT,
        parties=(),
        zone=zone,
        zone_exclude=() if kind is IssueKind.SET else None,
        support_point=None,
        support=None,
        blockers=(),
        bridge=None,
        moves=(),
        concession=0.0,
    )


def _choice(c: Compiled, b: ChoiceBlock) -> list[IssueResult]:
    if not b.issues:
        return []
    mask = b.mask
    core = choice_core(b.capability, mask, b.accepts, b.salience, b.valid)
    zone, support, star, bridge = core.zone, core.support, core.star, core.bridge
    accepts_star, moved = core.accepts_star, core.moved
    blockers = _ids(c, mask & ~accepts_star)
    each = _PerIssue(c, mask, moved.astype(np.float64), b.salience, b.capability)
    out: list[IssueResult] = []
    for i, issue in enumerate(b.issues):
        ids = issue.option_ids
        parties = each.parties(i)
        if not parties:
            out.append(_unopposed(issue.id, IssueKind.CHOICE, ids))
            continue
        agreed = tuple(ids[k] for k in np.flatnonzero(zone[i]))
        moves, concession = each.moves(i)
        out.append(
            IssueResult(
                issue=issue.id,
                kind=IssueKind.CHOICE,
                status=Status.AGREEMENT if agreed else Status.DEADLOCK,
                parties=parties,
                zone=agreed or None,
                zone_exclude=None,
                support_point=ids[int(star[i])],
                support=float(support[i, star[i]]),
                blockers=blockers[i],
                bridge=ids[int(bridge[i])],
                moves=moves,
                concession=concession,
            )
        )
    return out


def _sets(c: Compiled, b: SetBlock) -> list[IssueResult]:
    if not b.issues:
        return []
    mask, req, rej = b.mask, b.require, b.reject
    core = set_core(b.capability, mask, req, rej, b.salience, b.valid)
    true_weight = b.capability * b.salience * mask
    required, rejected, contested = core.required, core.rejected, core.contested
    req_w, rej_w, include = core.require_weight, core.reject_weight, core.include
    conceded, distance = core.conceded, core.distance
    blocks = set_blockers(core, req, rej)  # (P, I): the lighter side of a contest
    out: list[IssueResult] = []
    for i, issue in enumerate(b.issues):
        ids = issue.option_ids
        parties = tuple(c.party_ids[p] for p in np.flatnonzero(mask[:, i]))
        if not parties:
            out.append(_unopposed(issue.id, IssueKind.SET, ()))
            continue
        contests = tuple(
            _contest(c, ids[k], req[:, i, k], rej[:, i, k], req_w[i, k], rej_w[i, k], include[i, k])
            for k in np.flatnonzero(contested[i])
        )
        moves = tuple(
            Move(
                c.party_ids[p],
                float(distance[p, i]),
                float(true_weight[p, i] * distance[p, i]),
                tuple(ids[k] for k in np.flatnonzero(conceded[p, i])),
            )
            for p in np.flatnonzero(mask[:, i])
        )
        deadlock = bool(contests)
        out.append(
            IssueResult(
                issue=issue.id,
                kind=IssueKind.SET,
                status=Status.DEADLOCK if deadlock else Status.AGREEMENT,
                parties=parties,
                zone=None if deadlock else tuple(ids[k] for k in np.flatnonzero(required[i])),
                zone_exclude=None
                if deadlock
                else tuple(ids[k] for k in np.flatnonzero(rejected[i])),
                support_point=None,
                support=None,
                blockers=tuple(c.party_ids[p] for p in np.flatnonzero(blocks[:, i])),
                bridge=tuple(ids[k] for k in np.flatnonzero(include[i])),
                moves=moves,
                concession=sum(m.weighted for m in moves),
                contests=contests,
            )
        )
    return out


def _contest(
    c: Compiled,
    option: str,
    requirers: Bools,
    rejecters: Bools,
    require_weight: float,
    reject_weight: float,
    include: bool,
) -> Contest:
    tol = REL_TOL * max(require_weight + reject_weight, 1e-300)
    req_ids = tuple(c.party_ids[p] for p in np.flatnonzero(requirers))
    rej_ids = tuple(c.party_ids[p] for p in np.flatnonzero(rejecters))
    if abs(require_weight - reject_weight) <= tol:
        blockers = tuple(p for p in c.party_ids if p in req_ids or p in rej_ids)
    else:
        blockers = req_ids if require_weight < reject_weight else rej_ids
    return Contest(
        option=option,
        requirers=req_ids,
        rejecters=rej_ids,
        require_weight=float(require_weight),
        reject_weight=float(reject_weight),
        blockers=blockers,
        include=bool(include),
    )
