"""The pair analysis at many parties: G in blocks of parties, deadlock lists computed when
looked up, the extreme pairs without listing every pair; checked against the one-block
computation and the brute force on small random scenarios."""

from __future__ import annotations

import dataclasses
import random
from fractions import Fraction
from types import MappingProxyType

import numpy as np
import pytest
from brute import pair_gap, random_scenario
from test_engine_brute import close

from gapcli.engine import compile_scenario, gap_matrix, pair_issues
from gapcli.engine import matrix as matrix_module
from gapcli.engine import results as results_module
from gapcli.engine.apart import PairDeadlocks
from gapcli.model import (
    ChoiceIssue,
    ChoiceStance,
    Option,
    Party,
    ScaleIssue,
    ScaleStance,
    Scenario,
    SetIssue,
    SetStance,
    Stance,
)

SEEDS = range(120)


def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """One row a block, one issue a chunk, 2 x 2 tiles: every seam is crossed."""
    monkeypatch.setattr(matrix_module, "ROW_CELLS", 1)
    monkeypatch.setattr(matrix_module, "CHUNK_ELEMENTS", 1)
    monkeypatch.setattr(matrix_module, "TILE", 2)


@pytest.mark.parametrize("seed", SEEDS)
def test_blocks_of_parties_give_the_same_matrix(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = compile_scenario(random_scenario(random.Random(seed), max_parties=9))
    whole = gap_matrix(compiled)
    small_blocks(monkeypatch)
    blocked = gap_matrix(compiled)
    np.testing.assert_allclose(blocked.gap, whole.gap, rtol=0, atol=1e-12)
    assert (blocked.shared == whole.shared).all()
    assert (blocked.deadlocks == whole.deadlocks).all()
    for found in (blocked, whole):
        assert (found.gap == found.gap.T)[~np.isnan(found.gap)].all()
        assert (found.deadlocks == found.deadlocks.T).all()


def with_every_scale_stance(scenario: Scenario, rng: random.Random) -> Scenario:
    """Every party given a stance on every scale issue (the dense case G skips masks in)."""
    parties = []
    for party in scenario.parties:
        stances = dict(party.stances)
        for issue in scenario.issues:
            if isinstance(issue, ScaleIssue) and issue.id not in stances:
                x = rng.randint(int(issue.lo), int(issue.hi))
                stances[issue.id] = ScaleStance(position=x, lo=x, hi=x, salience=0.5)
        parties.append(dataclasses.replace(party, stances=MappingProxyType(stances)))
    return dataclasses.replace(scenario, parties=tuple(parties))


@pytest.mark.parametrize("seed", SEEDS[:60])
def test_every_party_on_every_scale_issue_against_brute_force(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    scenario = with_every_scale_stance(random_scenario(rng, max_parties=7), rng)
    compiled = compile_scenario(scenario)
    if seed % 2:
        small_blocks(monkeypatch)
    gaps = gap_matrix(compiled)
    for a, pa in enumerate(scenario.parties):
        for b, pb in enumerate(scenario.parties):
            want = pair_gap(scenario, pa, pb) if a != b else Fraction(0)
            assert close(gaps.value(a, b), want), seed


@pytest.mark.parametrize("seed", SEEDS[:60])
def test_deadlock_lists_are_computed_when_looked_up(seed: int) -> None:
    compiled = compile_scenario(random_scenario(random.Random(seed), max_parties=8))
    gaps = gap_matrix(compiled, deadlock_lists=True)
    lists = gaps.deadlock_issues
    assert isinstance(lists, PairDeadlocks)
    n = len(compiled.party_ids)
    issues = compiled.scenario.issues
    want = {}
    for a in range(n):
        for b in range(a + 1, n):
            dead = [p.issue for p in pair_issues(compiled, a, b) if not p.compatible]
            assert len(dead) == gaps.deadlocks[a, b]
            if dead:
                want[(a, b)] = dead
    assert {k: [issues[i].id for i in v] for k, v in lists.items()} == want
    assert len(lists) == len(want) and list(lists) == sorted(want)
    for a in range(n):
        row = lists.row(a)
        assert {(a, b): [issues[i].id for i in v] for b, v in row.items()} == {
            k: v for k, v in want.items() if k[0] == a
        }
    for key in [(0, 0), (1, 0), (0, n), (-1, 1), "ab", (0, 1, 2)]:
        if key not in want:
            assert key not in lists and lists.get(key) is None  # type: ignore[call-overload]


def ranked(gap: np.ndarray, largest: bool) -> list[tuple[int, int]]:
    """Every defined pair a < b by gap (largest or smallest first), ties in pair order."""
    n = len(gap)
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n) if not np.isnan(gap[a, b])]
    sign = -1 if largest else 1
    return sorted(pairs, key=lambda ab: (sign * gap[ab], ab))


@pytest.mark.parametrize("seed", SEEDS[:40])
def test_most_distant_and_closest_pairs(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 12))
    g = np.round(rng.random((n, n)) * 4) / 4  # many ties
    g = np.triu(g, 1) + np.triu(g, 1).T
    g[rng.random((n, n)) < 0.1] = np.nan
    g = np.where(np.isnan(g) | np.isnan(g.T), np.nan, g)
    np.fill_diagonal(g, 0.0)
    counts = np.zeros((n, n), dtype=np.int64)
    gaps = results_module.Gaps(tuple(map(str, range(n))), g, counts, counts)
    if seed % 2:
        monkeypatch.setattr(results_module, "ROW_CELLS", 1)
    for count in (0, 1, 3, 5, 100):
        assert list(gaps.most_distant(count)) == ranked(g, True)[:count]
        assert list(gaps.closest(count)) == ranked(g, False)[:count]


def many_options(rng: random.Random) -> Scenario:
    """Choice and set issues of nine options (two bytes of bits), some stances missing."""
    options = tuple(Option(f"o{k}", f"o{k}") for k in range(9))
    issues = (ChoiceIssue("c", "c", options), SetIssue("s", "s", options))
    ids = [o.id for o in options]
    parties = []
    for p in range(rng.randint(2, 8)):
        stances: dict[str, Stance] = {}
        if rng.random() < 0.8:
            accepts = tuple(o for o in ids if rng.random() < 0.2) or (rng.choice(ids),)
            stances["c"] = ChoiceStance(prefers=accepts[0], accepts=accepts, salience=1.0)
        if rng.random() < 0.8:
            marks = [rng.choice("rj....") for _ in ids]
            stances["s"] = SetStance(
                require=tuple(o for o, m in zip(ids, marks, strict=True) if m == "r"),
                reject=tuple(o for o, m in zip(ids, marks, strict=True) if m == "j"),
                salience=0.5,
            )
        parties.append(Party(f"p{p}", f"p{p}", 1.0, MappingProxyType(stances)))
    return Scenario("nine options", issues, tuple(parties))


@pytest.mark.parametrize("seed", SEEDS[:40])
def test_nine_options_against_one_pair_at_a_time(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = compile_scenario(many_options(random.Random(seed)))
    if seed % 2:
        small_blocks(monkeypatch)
    gaps = gap_matrix(compiled, deadlock_lists=True)
    lists = gaps.deadlock_issues
    assert lists is not None
    n = len(compiled.party_ids)
    for a in range(n):
        for b in range(n):
            dead = [p.issue for p in pair_issues(compiled, a, b) if not p.compatible]
            assert gaps.deadlocks[a, b] == len(dead)
            if a < b:
                assert [compiled.scenario.issues[i].id for i in lists.get((a, b), ())] == dead
