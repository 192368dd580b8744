"""The engine against the brute-force reference on hundreds of random small scenarios."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from brute import expected, pair_distance, pair_gap, random_scenario

from gapcli.engine import analyse, compile_scenario, gap_matrix, pair_issues
from gapcli.engine.results import Status
from gapcli.model import IssueKind

SEEDS = range(400)


def close(engine: float | None, exact: Fraction | None) -> bool:
    if engine is None or exact is None:
        return engine is None and exact is None
    return math.isclose(engine, float(exact), rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize(
    ("seed", "own"), [(seed, 0.0) for seed in SEEDS] + [(seed, 0.4) for seed in SEEDS[:150]]
)
def test_issues_match_brute_force(seed: int, own: float) -> None:
    """``own``: the share of stances with a capability of their own (docs/model.md: c_pi)."""
    scenario = random_scenario(random.Random(seed), own_capability=own)
    results = analyse(scenario).issues
    assert [r.issue for r in results] == [i.id for i in scenario.issues]
    for issue, got in zip(scenario.issues, results, strict=True):
        if not got.parties:
            assert all(issue.id not in p.stances for p in scenario.parties)
            continue
        want = expected(scenario, issue)
        where = f"seed {seed}, issue {issue.id}"
        assert (got.status is Status.DEADLOCK) == want.deadlock, where
        assert sorted(got.blockers) == sorted(want.blockers), where
        assert {m.party: m.distance for m in got.moves}.keys() == want.moves.keys(), where
        for move in got.moves:
            assert close(move.distance, want.moves[move.party]), where
        assert close(got.concession, want.concession), where
        if issue.kind is IssueKind.SCALE:
            assert isinstance(got.bridge, float) and isinstance(got.support_point, float)
            assert close(got.bridge, want.bridge), where  # type: ignore[arg-type]
            assert close(got.support_point, want.support_point), where  # type: ignore[arg-type]
            if want.zone is None:
                assert got.zone is None, where
            else:
                assert isinstance(want.zone, tuple) and got.zone is not None, where
                assert close(got.zone[0], want.zone[0]), where  # type: ignore[arg-type]
                assert close(got.zone[1], want.zone[1]), where  # type: ignore[arg-type]
        elif issue.kind is IssueKind.CHOICE:
            assert got.zone == want.zone, where
            assert got.support_point == want.support_point, where
            assert got.bridge == want.bridge, where
        else:
            assert got.bridge == want.bridge, where
            if want.zone is None:
                assert got.zone is None, where
            else:
                assert set(got.zone or ()) == want.zone, where


@pytest.mark.parametrize("seed", SEEDS[:200])
def test_pairs_match_brute_force(seed: int) -> None:
    scenario = random_scenario(random.Random(seed), max_parties=6)
    compiled = compile_scenario(scenario)
    gaps = analyse(compiled).gaps
    lists = gap_matrix(compiled, deadlock_lists=True).deadlock_issues
    assert lists is not None
    parties = scenario.parties
    for a, pa in enumerate(parties):
        for b, pb in enumerate(parties):
            want = pair_gap(scenario, pa, pb)
            got = gaps.value(a, b)
            where = f"seed {seed}, pair {pa.id}-{pb.id}"
            assert close(got, want if a != b else Fraction(0)), where  # zero diagonal, always
            found = {p.issue: p for p in pair_issues(compiled, a, b)}
            shared = [i for i in scenario.issues if i.id in pa.stances and i.id in pb.stances]
            assert list(found) == [i.id for i in shared], where
            assert gaps.shared[a, b] == len(shared), where
            dead = 0
            for issue in shared:
                d, ok, hard = pair_distance(issue, pa.stances[issue.id], pb.stances[issue.id])
                assert close(found[issue.id].distance, d), where
                assert found[issue.id].compatible == ok, where
                assert close(found[issue.id].hard_gap, hard), where
                dead += not ok
            assert gaps.deadlocks[a, b] == dead, where
            if a < b:
                listed = [scenario.issues[i].id for i in lists.get((a, b), ())]
                assert listed == [p.issue for p in found.values() if not p.compatible], where
