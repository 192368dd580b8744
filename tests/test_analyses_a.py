"""The analyses gaps, blocs, party, deadlocks and sensitivity called from Python give the
result the command's JSON holds, for the same options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gapcli.analyses import UnknownId
from gapcli.analyses.blocs import blocs
from gapcli.analyses.deadlocks import deadlocks
from gapcli.analyses.gaps import gaps
from gapcli.analyses.party import party
from gapcli.analyses.sensitivity import sensitivity
from gapcli.io.loader import Loaded, load_scenario

from conftest import POSITIONS, json_result, run

MAY = POSITIONS / "syria-2017-05"
MARCH = POSITIONS / "syria-2017-03"


@pytest.fixture(scope="module")
def may() -> Loaded:
    return load_scenario(MAY)


@pytest.fixture(scope="module")
def march() -> Loaded:
    return load_scenario(MARCH)


@pytest.mark.parametrize("path", [MAY, MARCH])
@pytest.mark.parametrize("full", [False, True])
def test_gaps_is_the_json_result(path: Path, full: bool) -> None:
    loaded = load_scenario(path)
    flags = ["--full"] if full else []
    assert gaps(loaded, full=full).to_dict() == json_result("gaps", path, *flags)
    assert gaps(loaded, full=full, tables=False).to_dict() == json_result("gaps", path, *flags)


@pytest.mark.parametrize("path", [MAY, MARCH])
@pytest.mark.parametrize("issue", ["assad-tenure", "guarantors", "talks-format"])
def test_gaps_on_one_issue_is_the_json_result(path: Path, issue: str) -> None:
    report = gaps(load_scenario(path), issue=issue)
    assert report.to_dict() == json_result("gaps", path, "--issue", issue)


def test_gaps_tables_do_not_change_the_result(may: Loaded) -> None:
    every = gaps(may)
    assert [t.title for t in every.tables] == ["Pair gaps G", "Pairs, most distant first"]
    short = gaps(may, rows=51, width=100)
    assert [t.title for t in short.tables] == [
        "Pair gaps G",
        "Most distant pairs",
        "Closest pairs",
    ]
    narrow = gaps(may, rows=51, width=40)
    assert [t.title for t in narrow.tables] == ["Most distant pairs", "Closest pairs"]
    assert "too wide for 40 columns" in narrow.summary
    assert every.to_dict() == short.to_dict() == narrow.to_dict()


@pytest.mark.parametrize("issue", [None, "guarantors"])
def test_gaps_without_the_result_has_the_same_tables(may: Loaded, issue: str | None) -> None:
    for rows, width in [(None, None), (51, 100), (51, 40), (0, None)]:
        whole = gaps(may, issue=issue, rows=rows, width=width)
        short = gaps(may, issue=issue, result=False, rows=rows, width=width)
        assert short.to_dict() == {}
        assert (short.summary, short.tables, short.csv) == (whole.summary, whole.tables, whole.csv)


def test_gaps_refuses_an_unknown_issue(may: Loaded) -> None:
    with pytest.raises(UnknownId, match="unknown issue 'assad'"):
        gaps(may, issue="assad")


@pytest.mark.parametrize("threshold", [0.0, 0.1, 0.3, 0.6, 1.0])
def test_blocs_is_the_json_result(may: Loaded, threshold: float) -> None:
    expected = json_result("blocs", MAY, "--threshold", str(threshold))
    assert blocs(may, threshold=threshold).to_dict() == expected
    assert blocs(may, threshold=threshold, tables=False).to_dict() == expected


def test_blocs_default_threshold_is_the_commands(may: Loaded) -> None:
    assert blocs(may).to_dict() == json_result("blocs", MAY)


@pytest.mark.parametrize("who", ["opposition", "government", "russia", "un-envoy"])
def test_party_is_the_json_result(may: Loaded, who: str) -> None:
    expected = json_result("party", who, MAY)
    assert party(may, who).to_dict() == expected
    assert party(may, who, tables=False, rows=3).to_dict() == expected


def test_party_refuses_an_unknown_id(may: Loaded) -> None:
    with pytest.raises(UnknownId, match="did you mean 'opposition'"):
        party(may, "opositon")


@pytest.mark.parametrize("path", [MAY, MARCH])
@pytest.mark.parametrize("full", [False, True])
def test_deadlocks_is_the_json_result(path: Path, full: bool) -> None:
    loaded = load_scenario(path)
    flags = ["--full"] if full else []
    expected = json_result("deadlocks", path, *flags)
    assert deadlocks(loaded, full=full).to_dict() == expected
    assert deadlocks(loaded, full=full, tables=False, rows=2).to_dict() == expected


def test_deadlocks_rows_cut_the_tables_not_the_result(may: Loaded) -> None:
    every = deadlocks(may)
    cut = deadlocks(may, rows=2)
    assert every.to_dict() == cut.to_dict()
    for whole, part in zip(every.tables, cut.tables, strict=True):
        assert part.rows == whole.rows[:2]
        assert part.count == whole.count


@pytest.mark.parametrize(
    ("samples", "seed", "full"), [(200, 3, False), (200, 3, True), (50, 0, False), (1, 1, True)]
)
def test_sensitivity_is_the_json_result(may: Loaded, samples: int, seed: int, full: bool) -> None:
    flags = ["--samples", str(samples), "--seed", str(seed), *(["--full"] if full else [])]
    expected = json_result("sensitivity", MAY, *flags)
    report = sensitivity(may, samples=samples, seed=seed, full=full)
    assert report.to_dict() == expected
    assert sensitivity(may, samples=samples, seed=seed, full=full, tables=False).to_dict() == (
        expected
    )


def test_sensitivity_defaults_are_the_commands(may: Loaded) -> None:
    assert sensitivity(may, tables=False).to_dict() == json_result("sensitivity", MAY)


def test_sensitivity_reports_progress(may: Loaded) -> None:
    done: list[int] = []
    sensitivity(may, samples=30, tables=False, progress=done.append)
    assert done and done[-1] == 30


AGREEING = """\
title: Three who agree
issues:
  tenure: {kind: scale}
parties:
  a: {stances: {tenure: {position: 10, accepts: [0, 50], salience: 1}}}
  b: {stances: {tenure: {position: 20, accepts: [0, 50], salience: 1}}}
  c: {stances: {tenure: {position: 30, accepts: [0, 50], salience: 1}}}
"""


@pytest.mark.parametrize("limit", [1, 100_000])
def test_fail_on_sees_a_deadlock_past_the_pair_limit(
    monkeypatch: pytest.MonkeyPatch, in_tmp: Path, limit: int
) -> None:
    """Past PAIRS_LISTED the JSON lists the extremes only; --fail-on still sees every pair."""
    from gapcli.analyses import gaps as gaps_module

    monkeypatch.setattr(gaps_module, "PAIRS_LISTED", limit)
    monkeypatch.setattr(gaps_module, "EXTREME", 1)
    (in_tmp / "agree.yaml").write_text(AGREEING, encoding="utf-8")
    for path, status in [(MAY, 3), (in_tmp / "agree.yaml", 0)]:
        outcome = run("gaps", path, "--json", "--fail-on", "deadlock")
        assert outcome.exit_code == status, outcome.output
        result = json.loads(outcome.stdout)["result"]
        assert (len(result["pairs"]) < result["pair_count"]) == (limit == 1)
