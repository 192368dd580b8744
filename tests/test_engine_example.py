"""The worked example of docs/model.md, whose every number is derived there by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from gapcli.engine import Analysis, analyse, compile_scenario, pair_issues
from gapcli.engine.results import IssueResult, Status
from gapcli.io.loader import load_scenario

from conftest import REPO

EXAMPLE = REPO / "docs" / "examples" / "three-parties.yaml"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyse(load_scenario(EXAMPLE).scenario)


def issue(analysis: Analysis, issue_id: str) -> IssueResult:
    return next(r for r in analysis.issues if r.issue == issue_id)


def moves(result: IssueResult) -> dict[str, float]:
    """Each party's move and weighted move, as ``party`` and ``party*`` keys."""
    out = {m.party: m.distance for m in result.moves}
    return out | {f"{m.party}*": m.weighted for m in result.moves}


def test_pair_gaps(analysis: Analysis) -> None:
    gaps = analysis.gaps
    assert gaps.parties == ("a", "b", "c")
    assert gaps.value(0, 1) == pytest.approx(float(Fraction(135, 225)))  # 1.35 / 2.25 = 0.6
    assert gaps.value(0, 2) == pytest.approx(float(Fraction(1325, 2200)))  # 53/88
    assert gaps.value(1, 2) == pytest.approx(float(Fraction(25, 165)))  # 5/33
    assert gaps.deadlocks.tolist() == [[0, 2, 3], [2, 0, 0], [3, 0, 0]]


def test_pair_detail_a_and_b() -> None:
    compiled = compile_scenario(load_scenario(EXAMPLE).scenario)
    detail = {p.issue: p for p in pair_issues(compiled, 0, 1)}
    assert detail["tenure"].distance == 1 and detail["tenure"].hard_gap == pytest.approx(0.4)
    assert detail["talks"].distance == 0.5 and detail["talks"].compatible
    assert detail["guarantors"].distance == pytest.approx(1 / 3)
    assert not detail["guarantors"].compatible
    assert [p.weight for p in detail.values()] == pytest.approx([0.75, 0.6, 0.9])


def test_tenure(analysis: Analysis) -> None:
    r = issue(analysis, "tenure")
    assert r.status is Status.DEADLOCK and r.zone is None
    assert r.support_point == 60 and r.support == 3 and r.blockers == ("a",)
    assert r.bridge == 50
    assert moves(r) == pytest.approx({"a": 0.3, "a*": 0.3, "b": 0.1, "b*": 0.1, "c": 0, "c*": 0})
    assert r.severity == pytest.approx(0.4)


def test_talks(analysis: Analysis) -> None:
    r = issue(analysis, "talks")
    assert r.status is Status.DEADLOCK and r.zone is None
    # direct and proximity tie on support (3); proximity needs less concession (0.6 < 0.8)
    assert r.support_point == "proximity" and r.support == 3 and r.blockers == ("c",)
    assert r.bridge == "proximity"
    assert moves(r) == pytest.approx({"a": 0, "a*": 0, "b": 0, "b*": 0, "c": 1, "c*": 0.6})
    assert r.severity == pytest.approx(0.6)


def test_guarantors(analysis: Analysis) -> None:
    r = issue(analysis, "guarantors")
    assert r.status is Status.DEADLOCK and r.zone is None
    contests = {c.option: c for c in r.contests}
    assert list(contests) == ["iran", "us"]
    assert contests["iran"].require_weight == pytest.approx(1.6)
    assert contests["iran"].reject_weight == 1 and contests["iran"].blockers == ("a",)
    assert contests["us"].require_weight == 1 and contests["us"].reject_weight == 0.5
    assert contests["us"].blockers == ("c",)
    assert r.blockers == ("a", "c")
    assert r.bridge == ("russia", "iran", "us")
    want = {"a": 1 / 3, "a*": 1 / 3, "b": 0, "b*": 0, "c": 1 / 3, "c*": 1 / 6}
    assert moves(r) == pytest.approx(want)
    assert {m.party: m.concedes for m in r.moves} == {"a": ("iran",), "b": (), "c": ("us",)}
    assert r.severity == pytest.approx(0.5)


def test_severity_order(analysis: Analysis) -> None:
    from gapcli.analyses.views import by_severity

    assert [r.issue for r in by_severity(analysis.issues)] == ["talks", "guarantors", "tenure"]
