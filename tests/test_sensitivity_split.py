"""Sensitivity draws only the issues where some stance is uncertain; the others are analysed
once. Checked: the drawn issues come out exactly as in a scenario of those issues alone (same
seed), the others as the deterministic analysis in every draw."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from gapcli.engine import Compiled, analyse_issues, compile_scenario, gap_matrix
from gapcli.engine.sensitivity import Samples
from gapcli.engine.sensitivity import run as sample
from gapcli.io.loader import load_scenario
from gapcli.model import Party, Scenario, Stance

from conftest import POSITIONS

CERTAIN = {"iran-role", "talks-format", "lead-track"}  # the set issue is drawn (the only one)


def worked_example() -> Scenario:
    return load_scenario(POSITIONS / "syria-2017-05").scenario


def made_certain(scenario: Scenario, issues: set[str]) -> Scenario:
    def stances(party: Party) -> dict[str, Stance]:
        return {
            k: replace(s, uncertainty=None) if k in issues else s for k, s in party.stances.items()
        }

    return replace(
        scenario, parties=tuple(replace(p, stances=stances(p)) for p in scenario.parties)
    )


def only(scenario: Scenario, keep: set[str]) -> Scenario:
    return replace(
        scenario,
        issues=tuple(i for i in scenario.issues if i.id in keep),
        parties=tuple(
            replace(p, stances={k: s for k, s in p.stances.items() if k in keep})
            for p in scenario.parties
        ),
    )


@pytest.mark.parametrize(("samples", "seed"), [(1, 1), (40, 7), (333, 2)])
def test_drawn_issues_as_if_alone_and_the_others_fixed(samples: int, seed: int) -> None:
    mixed = made_certain(worked_example(), CERTAIN)
    c = compile_scenario(mixed)
    uncertain = {i.id for i in mixed.issues} - CERTAIN
    alone = compile_scenario(only(mixed, uncertain))
    got = sample(c, samples, seed, pairs=True)
    want = sample(alone, samples, seed, pairs=True)
    assert got.apart is not None and want.apart is not None
    for kind, block in c.kinds:
        ids = [i.id for i in block.issues]
        drawn = [n for n, i in enumerate(ids) if i in uncertain]
        np.testing.assert_array_equal(got.blocks[kind][:, drawn], want.blocks[kind])
        np.testing.assert_array_equal(got.apart[kind][:, :, drawn], want.apart[kind])
    scale = [n for n, i in enumerate(c.scale.issues) if i.id in uncertain]
    for name in ("scale_deadlock", "scale_bridge", "scale_mean", "scale_median"):
        np.testing.assert_array_equal(getattr(got, name)[scale], getattr(want, name))
    choice = [n for n, i in enumerate(c.choice.issues) if i.id in uncertain]
    np.testing.assert_array_equal(got.choice_bridge[choice], want.choice_bridge)
    np.testing.assert_array_equal(got.choice_deadlock[choice], want.choice_deadlock)
    sets = [n for n, i in enumerate(c.sets.issues) if i.id in uncertain]
    np.testing.assert_array_equal(got.set_include[sets], want.set_include)
    np.testing.assert_array_equal(got.set_deadlock[sets], want.set_deadlock)
    # the certain issues: the deterministic analysis, in every draw
    fixed(got, c, CERTAIN, samples)
    certain = np.array([i.id in CERTAIN for i in c.scale.issues], dtype=bool)
    with_choice = np.array([i.id in CERTAIN for i in c.choice.issues], dtype=bool)
    apart = got.apart["scale"][:, :, certain].sum(2) + got.apart["choice"][:, :, with_choice].sum(2)
    alone_certain = gap_matrix(compile_scenario(only(mixed, CERTAIN)))
    assert np.array_equal(apart, alone_certain.deadlocks)


def fixed(got: Samples, c: Compiled, certain: set[str], samples: int) -> None:
    """The certain issues of ``got`` are the deterministic analysis in every draw."""
    results = {r.issue: r for r in analyse_issues(c)}
    for n, scale_issue in enumerate(c.scale.issues):
        if scale_issue.id in certain:
            r = results[scale_issue.id]
            assert set(got.scale_deadlock[n]) == {r.status == "deadlock"}
            assert got.scale_bridge[n].tolist() == [r.bridge] * samples
    for n, choice_issue in enumerate(c.choice.issues):
        if choice_issue.id in certain:
            options = {choice_issue.option_ids[k] for k in got.choice_bridge[n]}
            assert options == {results[choice_issue.id].bridge}
    for n, set_issue in enumerate(c.sets.issues):
        if set_issue.id in certain:
            bridge = results[set_issue.id].bridge
            assert isinstance(bridge, tuple)
            included = {o for k, o in enumerate(set_issue.option_ids) if got.set_include[n, k]}
            assert included == set(bridge) and set(got.set_include[n]) <= {0.0, 1.0}


def test_with_nothing_uncertain_nothing_is_drawn() -> None:
    everything = {i.id for i in worked_example().issues}
    c = compile_scenario(made_certain(worked_example(), everything))
    one, other = sample(c, 30, 1), sample(c, 30, 99)
    fixed(one, c, everything, 30)
    assert np.array_equal(one.scale_bridge, other.scale_bridge)
    assert np.array_equal(one.choice_bridge, other.choice_bridge)
    assert all(np.array_equal(one.blocks[k], other.blocks[k]) for k in one.blocks)
    assert set(np.unique(one.scale_bridge[0])) == {analyse_issues(c)[0].bridge}
