"""gapcli sensitivity: zero uncertainty is the deterministic result; probabilities worked by
hand are reached; the seed fixes the output."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_analysis_cli import result_of

from gapcli.engine import analyse_issues, compile_scenario, gap_matrix
from gapcli.engine.sensitivity import run as sample
from gapcli.io.loader import load_scenario

from conftest import POSITIONS, run, write_files

N = 20_000  # draws for the hand-worked probabilities: standard error under 0.0035


def sensitivity_of(path: str | Path, *args: str) -> dict[str, Any]:
    return result_of("sensitivity", path, *args)


def test_zero_uncertainty_gives_the_deterministic_result() -> None:
    scenario = load_scenario(POSITIONS / "syria-2017-05").scenario
    certain = replace(
        scenario,
        parties=tuple(
            replace(p, stances={k: replace(s, uncertainty=None) for k, s in p.stances.items()})
            for p in scenario.parties
        ),
    )
    c = compile_scenario(certain)
    drawn = sample(c, 50, seed=3)
    results = {r.issue: r for r in analyse_issues(c)}
    for i, scale in enumerate(c.scale.issues):
        r = results[scale.id]
        assert set(drawn.scale_deadlock[i]) == {r.status == "deadlock"}
        assert isinstance(r.bridge, float) and np.allclose(drawn.scale_bridge[i], r.bridge)
        parties = range(len(c.party_ids))
        blockers = {c.party_ids[p] for p in parties if drawn.blocks["scale"][p, i]}
        assert blockers == set(r.blockers)
        assert set(np.unique(drawn.blocks["scale"][:, i])) <= {0.0, 1.0}
    for i, choice in enumerate(c.choice.issues):
        r = results[choice.id]
        assert set(drawn.choice_deadlock[i]) == {r.status == "deadlock"}
        assert {choice.option_ids[k] for k in drawn.choice_bridge[i]} == {r.bridge}
    for i, group in enumerate(c.sets.issues):
        r = results[group.id]
        assert set(drawn.set_deadlock[i]) == {r.status == "deadlock"}
        included = {o for k, o in enumerate(group.option_ids) if drawn.set_include[i, k] == 1}
        assert isinstance(r.bridge, tuple) and included == set(r.bridge)
        assert set(drawn.set_include[i]) <= {0.0, 1.0}
    gaps = gap_matrix(c)
    assert drawn.apart is not None
    apart = sum(drawn.apart[kind].sum(axis=2) for kind in ("scale", "choice", "set"))
    assert np.array_equal(apart, gaps.deadlocks)


SCALE = """\
title: Two parties
issues:
  x: {kind: scale, range: [0, 100]}
parties:
  a: {stances: {x: {position: 40, accepts: [0, 50], salience: 1, uncertainty: 20}}}
  b: {stances: {x: {position: 70, accepts: [60, 100], salience: 1, uncertainty: UB}}}
"""


@pytest.mark.parametrize(
    ("ub", "expected"),
    [
        # Only a moves, by d uniform on [-20, 20]: apart while 50 + d < 60, so P = 30 / 40.
        ("0", 0.75),
        # Both move: apart while d_a - d_b < 10, d_a - d_b triangular on [-40, 40]:
        # P = 1 - (40 - 10)^2 / (2 * 40^2) = 0.71875.
        ("20", 0.71875),
    ],
)
def test_scale_probability_worked_by_hand(in_tmp: Path, ub: str, expected: float) -> None:
    write_files(in_tmp, {"s.yaml": SCALE.replace("UB", ub)})
    body = sensitivity_of("s.yaml", "--samples", str(N), "--seed", "11", "--full")
    [issue] = body["issues"]
    assert issue["deadlock"] == pytest.approx(expected, abs=0.015)
    [pair] = body["pairs"]
    assert pair["incompatible"] == issue["deadlock"]


CHOICE_AND_SET = """\
title: Misread stances
issues:
  venue: {kind: choice, options: [x, y]}
  guards: {kind: set, options: [x, y]}
parties:
  a:
    stances:
      venue: {prefers: x, salience: 1, uncertainty: 0.5}
      guards: {require: [x], salience: 1, uncertainty: 0.5}
  b:
    stances:
      venue: {prefers: y, salience: 1}
      guards: {reject: [x], salience: 1}
"""


def test_misread_probabilities_worked_by_hand(in_tmp: Path) -> None:
    # venue: half the time a's stance is misread, and the only other option, y, joins what it
    # accepts: agreement. guards: half the time one of the two options changes; only x
    # (required -> free) ends the clash: deadlock 1 - 0.5 * 0.5 = 0.75.
    write_files(in_tmp, {"m.yaml": CHOICE_AND_SET})
    body = sensitivity_of("m.yaml", "--samples", str(N), "--seed", "5")
    issues = {i["issue"]: i for i in body["issues"]}
    assert issues["venue"]["deadlock"] == pytest.approx(0.5, abs=0.015)
    assert issues["guards"]["deadlock"] == pytest.approx(0.75, abs=0.015)


def test_the_seed_fixes_the_output() -> None:
    args = ("--samples", "300", "--seed", "42")
    one = run("sensitivity", POSITIONS / "syria-2017-05", "--json", *args).stdout
    two = run("sensitivity", POSITIONS / "syria-2017-05", "--json", *args).stdout
    other = run("sensitivity", POSITIONS / "syria-2017-05", "--json", "--samples", "300").stdout
    assert one == two and one != other


@pytest.mark.parametrize("bad", ["0", "-5", "lots", "1000001"])
def test_samples_are_validated(bad: str) -> None:
    result = run("sensitivity", POSITIONS / "syria-2017-05", "--samples", bad)
    assert result.exit_code == 2 and "--samples" in result.stderr


def test_worked_example_in_every_format() -> None:
    body = sensitivity_of(POSITIONS / "syria-2017-05", "--samples", "500")
    assert body["samples"] == 500 and len(body["issues"]) == 9
    assert all(0 <= i["deadlock"] <= 1 for i in body["issues"])
    for fmt in ("table", "csv", "markdown"):
        result = run("sensitivity", POSITIONS / "syria-2017-05", "--samples", "200", "-f", fmt)
        assert result.exit_code == 0 and "assad-tenure" in result.stdout


def test_pairs_can_be_left_out_and_memory_stays_flat() -> None:
    c = compile_scenario(load_scenario(POSITIONS / "syria-2017-05").scenario)
    without = sample(c, 40, seed=2, pairs=False)
    with_pairs = sample(c, 40, seed=2, pairs=True)
    assert without.apart is None and with_pairs.apart is not None
    # The same draws either way: leaving pairs out changes nothing else.
    assert np.array_equal(without.scale_bridge, with_pairs.scale_bridge)
    assert np.array_equal(without.blocks["set"], with_pairs.blocks["set"])
