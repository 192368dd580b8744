"""A slow, obvious reference for the engine: exact fractions, grid scans and subset searches.

It reads the model's definitions (docs/model.md) as literally as possible and shares no
code with gapcli.engine, so agreement between the two means something.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace
from fractions import Fraction as F
from types import MappingProxyType

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
    Stance,
)

SALIENCES = (0.0, 0.25, 0.5, 1.0)
CAPABILITIES = (0.5, 1.0, 2.0)


def random_scenario(
    rng: random.Random, max_parties: int = 5, own_capability: float = 0.0
) -> Scenario:
    """Small scenarios with integer points, few options and many ties, some stances missing.
    With ``own_capability`` > 0, that share of the stances carry a capability of their own
    (without, the draws are those of the scenarios before stances had one)."""
    issues: list[Issue] = []
    for n in range(rng.randint(1, 5)):
        kind = rng.choice(("scale", "choice", "set"))
        if kind == "scale":
            lo = rng.randint(-5, 5)
            issues.append(ScaleIssue(f"s{n}", f"s{n}", lo=lo, hi=lo + rng.randint(1, 12)))
        else:
            options = tuple(Option(f"o{k}", f"o{k}") for k in range(rng.randint(1, 4)))
            cls = ChoiceIssue if kind == "choice" else SetIssue
            issues.append(cls(f"{kind[0]}{n}", f"{kind}{n}", options))
    parties = []
    for p in range(rng.randint(2, max_parties)):
        stances: dict[str, Stance] = {}
        for issue in issues:
            if rng.random() < 0.25:
                continue
            salience = rng.choice(SALIENCES)
            if isinstance(issue, ScaleIssue):
                a, b, x = sorted(rng.randint(int(issue.lo), int(issue.hi)) for _ in range(3))
                if rng.random() < 0.3:
                    a = b = x = rng.randint(int(issue.lo), int(issue.hi))
                stances[issue.id] = ScaleStance(position=b, lo=a, hi=x, salience=salience)
            elif isinstance(issue, ChoiceIssue):
                ids = list(issue.option_ids)
                accepts = rng.sample(ids, rng.randint(1, len(ids)))
                prefers = rng.choice(accepts)
                order = [o for o in ids if o in accepts]
                stances[issue.id] = ChoiceStance(
                    prefers=prefers, accepts=tuple(order), salience=salience
                )
            else:
                ids = list(issue.option_ids)
                marks = [rng.choice("rj..") for _ in ids]
                stances[issue.id] = SetStance(
                    require=tuple(o for o, m in zip(ids, marks, strict=True) if m == "r"),
                    reject=tuple(o for o, m in zip(ids, marks, strict=True) if m == "j"),
                    salience=salience,
                )
            if own_capability and rng.random() < own_capability:
                own = rng.choice(CAPABILITIES + (3.0,))
                stances[issue.id] = replace(stances[issue.id], capability=own)
        parties.append(Party(f"p{p}", f"p{p}", rng.choice(CAPABILITIES), MappingProxyType(stances)))
    return Scenario("random", tuple(issues), tuple(parties))


@dataclass(frozen=True)
class Expected:
    deadlock: bool
    zone: object
    support_point: object
    blockers: tuple[str, ...]
    bridge: object
    moves: dict[str, F]
    concession: F


def _f(x: float) -> F:
    return F(x).limit_denominator(10**6)


def capability(party: Party, issue: Issue) -> F:
    """c_pi: the stance's own capability, else the party's."""
    own = party.stances[issue.id].capability
    return _f(party.capability if own is None else own)


def _weights(scenario: Scenario, issue: Issue) -> dict[str, F]:
    """c*s per party with a stance; capability alone when every salience is 0."""
    holders = [p for p in scenario.parties if issue.id in p.stances]
    w = {p.id: capability(p, issue) * _f(p.stances[issue.id].salience) for p in holders}
    if holders and sum(w.values()) == 0:
        w = {p.id: capability(p, issue) for p in holders}
    return w


def expected(scenario: Scenario, issue: Issue) -> Expected:
    holders = [p for p in scenario.parties if issue.id in p.stances]
    w = _weights(scenario, issue)
    cap = {p.id: capability(p, issue) for p in holders}
    true_w = {p.id: cap[p.id] * _f(p.stances[issue.id].salience) for p in holders}
    # Ties between bridges go to the one the parties of salience 0 need to move least.
    tie = {p.id: cap[p.id] * (p.stances[issue.id].salience == 0) for p in holders}
    if isinstance(issue, ScaleIssue):
        lo, hi, width = _f(issue.lo), _f(issue.hi), _f(issue.width)
        steps = int((hi - lo) * 4)
        grid = [lo + F(k, 4) for k in range(steps + 1)]
        intervals = {}
        for p in holders:
            st = p.stances[issue.id]
            assert isinstance(st, ScaleStance)
            intervals[p.id] = (_f(st.lo), _f(st.hi))

        def dist(x: F, pid: str) -> F:
            a, b = intervals[pid]
            return max(a - x, F(0)) + max(x - b, F(0))

        def cost(x: F) -> F:
            return sum((w[pid] * dist(x, pid) for pid in intervals), F(0))

        agreed = [x for x in grid if all(dist(x, pid) == 0 for pid in intervals)]
        sup = {x: sum((cap[pid] for pid in intervals if dist(x, pid) == 0), F(0)) for x in grid}
        best = max(sup.values())
        top = [x for x in grid if sup[x] == best]
        least = min(cost(x) for x in top)
        star = min(x for x in top if cost(x) == least)

        def first(x: F) -> F:
            return sum((true_w[pid] * dist(x, pid) for pid in intervals), F(0))

        def then(x: F) -> F:
            return sum((tie[pid] * dist(x, pid) for pid in intervals), F(0))

        firsts = {x: first(x) for x in grid}
        lowest = min(firsts.values())
        optimal = [x for x in grid if firsts[x] == lowest]
        thens = {x: then(x) for x in optimal}
        lowest = min(thens.values())
        optimal = [x for x in optimal if thens[x] == lowest]
        bridge = (min(optimal) + max(optimal)) / 2
        moves = {pid: dist(bridge, pid) / width for pid in intervals}
        return Expected(
            deadlock=not agreed,
            zone=(min(agreed), max(agreed)) if agreed else None,
            support_point=star,
            blockers=tuple(pid for pid in intervals if dist(star, pid) != 0),
            bridge=bridge,
            moves=moves,
            concession=sum((true_w[pid] * m for pid, m in moves.items()), F(0)),
        )
    if isinstance(issue, ChoiceIssue):
        accepts = {}
        for p in holders:
            st = p.stances[issue.id]
            assert isinstance(st, ChoiceStance)
            accepts[p.id] = set(st.accepts)
        ids = issue.option_ids
        agreed_opts = tuple(o for o in ids if all(o in a for a in accepts.values()))

        def c_cost(o: str) -> F:
            return sum((w[pid] for pid, a in accepts.items() if o not in a), F(0))

        sup_c = {o: sum((cap[pid] for pid, a in accepts.items() if o in a), F(0)) for o in ids}
        top_c = [o for o in ids if sup_c[o] == max(sup_c.values())]
        least_c = min(c_cost(o) for o in top_c)
        star_c = next(o for o in top_c if c_cost(o) == least_c)

        def rank(o: str) -> tuple[F, F]:
            missed = [pid for pid, a in accepts.items() if o not in a]
            return sum((true_w[p] for p in missed), F(0)), sum((tie[p] for p in missed), F(0))

        bridge_c = min(ids, key=rank)  # min keeps the first of equal ranks
        moves = {pid: F(0 if bridge_c in a else 1) for pid, a in accepts.items()}
        return Expected(
            deadlock=not agreed_opts,
            zone=agreed_opts or None,
            support_point=star_c,
            blockers=tuple(pid for pid, a in accepts.items() if star_c not in a),
            bridge=bridge_c,
            moves=moves,
            concession=sum((true_w[pid] * m for pid, m in moves.items()), F(0)),
        )
    assert isinstance(issue, SetIssue)
    req, rej = {}, {}
    for p in holders:
        st = p.stances[issue.id]
        assert isinstance(st, SetStance)
        req[p.id], rej[p.id] = set(st.require), set(st.reject)
    ids = issue.option_ids
    subsets = [frozenset(c) for r in range(len(ids) + 1) for c in itertools.combinations(ids, r)]

    def violations(s: frozenset[str], pid: str) -> int:
        return len(req[pid] - s) + len(rej[pid] & s)

    feasible = [s for s in subsets if all(violations(s, pid) == 0 for pid in req)]

    def side(o: str, of: dict[str, set[str]], by: dict[str, F]) -> F:
        return sum((by[pid] for pid in of if o in of[pid]), F(0))

    bridge_s = frozenset(
        o
        for o in ids
        if (side(o, req, true_w), side(o, req, tie)) > (side(o, rej, true_w), side(o, rej, tie))
    )
    first_cost = {s: sum((true_w[pid] * violations(s, pid) for pid in req), F(0)) for s in subsets}
    assert first_cost[bridge_s] == min(first_cost.values()), "the rule gives a minimiser"
    blockers: set[str] = set()
    for o in ids:
        r = [pid for pid in req if o in req[pid]]
        j = [pid for pid in req if o in rej[pid]]
        if r and j:
            rw = sum((true_w[pid] for pid in r), F(0))
            jw = sum((true_w[pid] for pid in j), F(0))
            blockers.update(r if rw <= jw else ())
            blockers.update(j if jw <= rw else ())
    moves = {pid: F(violations(bridge_s, pid), len(ids)) for pid in req}
    return Expected(
        deadlock=not feasible,
        zone=None if not feasible else min(feasible, key=len),
        support_point=None,
        blockers=tuple(pid for pid in req if pid in blockers),
        bridge=tuple(o for o in ids if o in bridge_s),
        moves=moves,
        concession=sum((true_w[pid] * m for pid, m in moves.items()), F(0)),
    )


def pair_distance(issue: Issue, a: Stance, b: Stance) -> tuple[F, bool, F | None]:
    """(d, compatible, hard gap) of two stances on one issue, from the definitions."""
    if isinstance(issue, ScaleIssue):
        assert isinstance(a, ScaleStance) and isinstance(b, ScaleStance)
        width = _f(issue.width)
        gap = max(_f(a.lo), _f(b.lo)) - min(_f(a.hi), _f(b.hi))
        d = abs(_f(a.position) - _f(b.position)) / width
        return d, gap <= 0, max(gap, F(0)) / width
    if isinstance(issue, ChoiceIssue):
        assert isinstance(a, ChoiceStance) and isinstance(b, ChoiceStance)
        if a.prefers == b.prefers:
            d = F(0)
        else:
            d = 1 - F(int(b.prefers in a.accepts) + int(a.prefers in b.accepts), 2)
        return d, bool(set(a.accepts) & set(b.accepts)), None
    assert isinstance(a, SetStance) and isinstance(b, SetStance)
    clash = (set(a.require) & set(b.reject)) | (set(a.reject) & set(b.require))
    either = set(a.require) | set(a.reject) | set(b.require) | set(b.reject)
    return (F(len(clash), len(either)) if either else F(0)), not clash, None


def pair_gap(scenario: Scenario, a: Party, b: Party) -> F | None:
    num, den, plain, n = F(0), F(0), F(0), 0
    for issue in scenario.issues:
        if issue.id in a.stances and issue.id in b.stances:
            sa, sb = a.stances[issue.id], b.stances[issue.id]
            d, _, _ = pair_distance(issue, sa, sb)
            weight = (_f(sa.salience) + _f(sb.salience)) / 2
            num, den, plain, n = num + weight * d, den + weight, plain + d, n + 1
    if n == 0:
        return None
    return num / den if den else plain / n
