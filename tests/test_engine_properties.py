"""Properties the engine's results must have on any scenario."""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
from types import MappingProxyType

import numpy as np
from brute import random_scenario
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcli.engine import analyse, compile_scenario
from gapcli.engine.forecast import scale_forecasts
from gapcli.engine.kernels import outside
from gapcli.engine.results import IssueResult, Status
from gapcli.engine.sensitivity import run
from gapcli.model import (
    ChoiceStance,
    Party,
    ScaleIssue,
    ScaleStance,
    Scenario,
    SetStance,
    capability_of,
)

seeds = st.integers(min_value=0, max_value=2**32 - 1)
PROFILE = settings(max_examples=150, deadline=None)


def scenario_from(seed: int) -> Scenario:
    """A random scenario in which some stances carry a capability of their own."""
    return random_scenario(random.Random(seed), max_parties=6, own_capability=0.3)


@PROFILE
@given(seeds)
def test_gap_matrix_is_symmetric_with_zero_diagonal_and_bounded(seed: int) -> None:
    gap = analyse(scenario_from(seed)).gaps.gap
    assert np.array_equal(np.isnan(gap), np.isnan(gap.T))
    assert np.allclose(np.nan_to_num(gap), np.nan_to_num(gap.T), rtol=0, atol=1e-12)
    assert np.all(np.diag(gap) == 0)
    finite = gap[~np.isnan(gap)]
    assert np.all((finite >= 0) & (finite <= 1))


def by_issue(results: tuple[IssueResult, ...]) -> dict[str, IssueResult]:
    return {r.issue: r for r in results}


def same(a: IssueResult, b: IssueResult) -> None:
    """Equal up to the order parties are listed in (and float rounding)."""
    assert a.status == b.status and a.zone == b.zone and a.bridge == b.bridge
    assert a.support_point == b.support_point
    assert sorted(a.blockers) == sorted(b.blockers)
    assert sorted(a.parties) == sorted(b.parties)
    assert {m.party: m.distance for m in a.moves} == {m.party: m.distance for m in b.moves}
    assert math.isclose(a.concession, b.concession, rel_tol=1e-9, abs_tol=1e-12)


@PROFILE
@given(seeds, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_parties_or_issues(
    seed: int, shuffler: random.Random
) -> None:
    scenario = scenario_from(seed)
    parties, issues = list(scenario.parties), list(scenario.issues)
    shuffler.shuffle(parties)
    shuffler.shuffle(issues)
    shuffled = dataclasses.replace(scenario, parties=tuple(parties), issues=tuple(issues))
    before, after = analyse(scenario), analyse(shuffled)
    want, got = by_issue(before.issues), by_issue(after.issues)
    for issue_id, result in want.items():
        same(result, got[issue_id])
    where = {p: n for n, p in enumerate(after.gaps.parties)}
    for a, pa in enumerate(before.gaps.parties):
        for b, pb in enumerate(before.gaps.parties):
            x, y = before.gaps.value(a, b), after.gaps.value(where[pa], where[pb])
            assert (x is None) == (y is None)
            assert x is None or y is None or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


@PROFILE
@given(seeds, st.sampled_from([-1000.0, -3.0, 0.0, 7.5]), st.sampled_from([0.25, 2.0, 10.0]))
def test_scale_results_follow_a_shifted_and_stretched_range(
    seed: int, shift: float, stretch: float
) -> None:
    scenario = scenario_from(seed)

    def move(x: float) -> float:
        return shift + stretch * x

    issues = tuple(
        dataclasses.replace(i, lo=move(i.lo), hi=move(i.hi)) if isinstance(i, ScaleIssue) else i
        for i in scenario.issues
    )
    parties = tuple(
        dataclasses.replace(
            p,
            stances=MappingProxyType(
                {
                    k: dataclasses.replace(
                        s, position=move(s.position), lo=move(s.lo), hi=move(s.hi)
                    )
                    if isinstance(s, ScaleStance)
                    else s
                    for k, s in p.stances.items()
                }
            ),
        )
        for p in scenario.parties
    )
    before = analyse(scenario)
    after = analyse(dataclasses.replace(scenario, issues=issues, parties=parties))
    assert np.allclose(before.gaps.gap, after.gaps.gap, equal_nan=True, rtol=1e-9, atol=1e-12)
    for a, b in zip(before.issues, after.issues, strict=True):
        assert a.status == b.status and sorted(a.blockers) == sorted(b.blockers)
        for m, n in zip(a.moves, b.moves, strict=True):
            assert math.isclose(m.distance, n.distance, rel_tol=1e-9, abs_tol=1e-9)
        if isinstance(a.bridge, float) and isinstance(b.bridge, float):
            assert math.isclose(move(a.bridge), b.bridge, rel_tol=1e-9, abs_tol=1e-6)
            assert isinstance(a.support_point, float) and isinstance(b.support_point, float)
            assert math.isclose(move(a.support_point), b.support_point, rel_tol=1e-9, abs_tol=1e-6)


def concession(scenario: Scenario, issue_id: str, point: object) -> float:
    """sum_p c_p s_p dist(point, A_p), computed directly from the stances."""
    total = 0.0
    for party in scenario.parties:
        stance = party.stances.get(issue_id)
        weight = capability_of(party, stance) * stance.salience if stance else 0.0
        if isinstance(stance, ScaleStance):
            assert isinstance(point, float)
            total += weight * float(
                outside(np.array(point), np.array(stance.lo), np.array(stance.hi))
            )
        elif isinstance(stance, ChoiceStance):
            total += weight * (point not in stance.accepts)
        elif isinstance(stance, SetStance):
            assert isinstance(point, frozenset)
            total += weight * (len(set(stance.require) - point) + len(set(stance.reject) & point))
    return total


def weights_used(party: Party, issue_id: str) -> float:
    stance = party.stances.get(issue_id)
    return 0.0 if stance is None else capability_of(party, stance) * stance.salience


@PROFILE
@given(seeds, st.randoms(use_true_random=False))
def test_no_point_needs_less_concession_than_the_bridge(seed: int, rng: random.Random) -> None:
    scenario = scenario_from(seed)
    for issue, result in zip(scenario.issues, analyse(scenario).issues, strict=True):
        if not result.parties or sum(weights_used(p, issue.id) for p in scenario.parties) == 0:
            continue  # no weights: every point costs 0 (the fallback is tested by brute force)
        if isinstance(issue, ScaleIssue):
            assert isinstance(result.bridge, float)
            best = concession(scenario, issue.id, result.bridge)
            for x in [rng.uniform(issue.lo, issue.hi) for _ in range(30)] + [
                float(issue.lo),
                float(issue.hi),
            ]:
                assert best <= concession(scenario, issue.id, x) + 1e-9
        elif hasattr(issue, "options") and isinstance(result.bridge, str):
            best = concession(scenario, issue.id, result.bridge)
            for option in issue.option_ids:
                assert best <= concession(scenario, issue.id, option) + 1e-9
        else:
            assert isinstance(result.bridge, tuple)
            best = concession(scenario, issue.id, frozenset(result.bridge))
            assert not isinstance(issue, ScaleIssue)
            ids = issue.option_ids
            for r in range(len(ids) + 1):
                for subset in itertools.combinations(ids, r):
                    assert best <= concession(scenario, issue.id, frozenset(subset)) + 1e-9


@PROFILE
@given(seeds)
def test_deadlock_if_and_only_if_the_zone_is_empty(seed: int) -> None:
    for result in analyse(scenario_from(seed)).issues:
        assert (result.status is Status.DEADLOCK) == (result.zone is None)
        assert (result.status is Status.DEADLOCK) == bool(result.blockers) or not result.parties
        if result.status is Status.AGREEMENT:
            assert all(m.distance == 0 for m in result.moves)


def explicit(scenario: Scenario, party_capability: float | None = None) -> Scenario:
    """Every stance given its capability explicitly (its own, else its party's); with
    ``party_capability``, every party's capability set to it (no stance then uses it)."""
    parties = tuple(
        dataclasses.replace(
            p,
            capability=p.capability if party_capability is None else party_capability,
            stances=MappingProxyType(
                {
                    k: dataclasses.replace(st, capability=capability_of(p, st))
                    for k, st in p.stances.items()
                }
            ),
        )
        for p in scenario.parties
    )
    return dataclasses.replace(scenario, parties=parties)


def identical(a: Scenario, b: Scenario) -> None:
    """The same results, to the last bit (nan equal to nan)."""
    before, after = analyse(a), analyse(b)
    assert np.array_equal(before.gaps.gap, after.gaps.gap, equal_nan=True)
    for x, y in zip(before.issues, after.issues, strict=True):
        same(x, y)
        assert x.concession == y.concession and x.support == y.support
        assert [m.weighted for m in x.moves] == [m.weighted for m in y.moves]
        assert x.contests == y.contests
    f, g = scale_forecasts(compile_scenario(a)), scale_forecasts(compile_scenario(b))
    for name in ("mean", "median", "nash", "spread", "distance", "outside"):
        assert np.array_equal(getattr(f, name), getattr(g, name), equal_nan=True), name
    drawn, again = run(compile_scenario(a), 8, seed=3), run(compile_scenario(b), 8, seed=3)
    for name in ("scale_bridge", "scale_mean", "scale_median", "choice_bridge", "set_include"):
        assert np.array_equal(getattr(drawn, name), getattr(again, name), equal_nan=True), name
    for kind, shares in drawn.blocks.items():
        assert np.array_equal(shares, again.blocks[kind])


@PROFILE
@given(seeds, st.sampled_from([None, 0.5, 1.0, 4.0]))
def test_a_stance_given_its_capability_explicitly_changes_no_result(
    seed: int, party_capability: float | None
) -> None:
    """Writing each stance's capability on the stance (the party's where it has none of its
    own) changes nothing the issues, pairs, forecasts or samples show; nor does the party's
    capability then, which no stance uses any more."""
    scenario = with_uncertainty(scenario_from(seed), random.Random(seed))
    identical(scenario, explicit(scenario, party_capability))


def with_uncertainty(scenario: Scenario, rng: random.Random) -> Scenario:
    """Some stances made uncertain, so that the samples differ."""
    parties = []
    for p in scenario.parties:
        stances = {}
        for k, st_ in p.stances.items():
            u = None
            if rng.random() < 0.5:
                u = rng.choice([1.0, 3.0]) if isinstance(st_, ScaleStance) else rng.random()
            stances[k] = dataclasses.replace(st_, uncertainty=u)
        parties.append(dataclasses.replace(p, stances=MappingProxyType(stances)))
    return dataclasses.replace(scenario, parties=tuple(parties))
