"""Leaving parties out (--without, --only) and observers (docs/model.md, "Leaving a party
out"): a hand-worked case, the JSON record, usage errors, and on random scenarios that
--without X is deleting X's file and that an observer's issues are those without it."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path
from typing import Any

import pytest
from brute import random_scenario
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gapcli.analyses.deadlocks import deadlocks
from gapcli.analyses.forecast import forecast
from gapcli.analyses.gaps import gaps
from gapcli.analyses.party import party
from gapcli.analyses.trades import trades
from gapcli.api import load
from gapcli.cli import app
from gapcli.io.loader import Loaded, PartyChoiceError, leave_out

runner = CliRunner()

SCENARIO = """\
title: An outside party blocks everything
issues:
  enrichment: {kind: scale, range: [0, 100]}
  inspections: {kind: choice, options: [snap, managed]}
parties:
  iran:
    capability: 2
    stances:
      enrichment: {position: 20, accepts: [10, 30], salience: 1}
      inspections: {prefers: managed, accepts: [managed, snap], salience: 0.5}
  p5:
    capability: 2
    stances:
      enrichment: {position: 5, accepts: [0, 15], salience: 1}
      inspections: {prefers: snap, salience: 1}
  israel:
    stances:
      enrichment: {position: 0, accepts: [0, 0], salience: 1}
      inspections: {prefers: managed, salience: 1}
"""


def write(tmp_path: Path, *, observer: bool = False) -> Path:
    text = SCENARIO
    if observer:
        text = text.replace("  israel:\n", "  israel:\n    observer: true\n")
    path = tmp_path / "jcpoa.yaml"
    path.write_text(text)
    return path


def run(*args: str) -> tuple[int, dict[str, Any], str]:
    result = runner.invoke(app, [*args, "--json"])
    doc = json.loads(result.stdout) if result.exit_code in (0, 3) else {}
    return result.exit_code, doc, result.stderr


def test_an_outside_party_blocks_every_issue_and_without_it_none_is_deadlocked(
    tmp_path: Path,
) -> None:
    path = str(write(tmp_path))
    # By hand: enrichment [10, 30] ∩ [0, 15] ∩ [0, 0] is empty, and israel alone is
    # outside the support point 10 (capability 4 of 5); inspections: iran and p5 meet
    # on snap (4 of 5), israel accepts only managed.
    code, doc, _ = run("deadlocks", path)
    issues = {i["id"]: i for i in doc["result"]["issues"]}
    assert doc["result"]["counts"] == {"deadlock": 2, "agreement": 0}
    assert issues["enrichment"]["blockers"] == ["israel"]
    assert issues["inspections"]["blockers"] == ["israel"]
    code, doc, _ = run("deadlocks", path, "--without", "israel")
    assert code == 0
    issues = {i["id"]: i for i in doc["result"]["issues"]}
    assert doc["result"]["counts"] == {"deadlock": 0, "agreement": 2}
    assert issues["enrichment"]["zone"] == {"lo": 10, "hi": 15}
    assert issues["inspections"]["zone"] == ["snap"]
    assert doc["scenario"]["overrides"] == ["--without israel"]


def test_only_is_without_the_others_and_both_are_recorded(tmp_path: Path) -> None:
    path = str(write(tmp_path))
    _, only, _ = run("deadlocks", path, "--only", "iran,p5")
    _, without, _ = run("deadlocks", path, "--without", "israel")
    assert only["result"] == without["result"]
    assert only["scenario"]["overrides"] == ["--only iran,p5"]
    _, both, _ = run(
        "gaps",
        path,
        "--set",
        "iran.capability=2",
        "--only",
        "iran",
        "--only",
        "p5",
        "--without",
        "p5",
    )
    assert both["scenario"]["overrides"] == ["iran.capability=2", "--without p5", "--only iran,p5"]
    assert both["result"]["parties"] == ["iran"]


def test_an_observer_is_left_out_of_issues_but_kept_in_gaps(tmp_path: Path) -> None:
    (tmp_path / "o").mkdir()
    observed = str(write(tmp_path / "o", observer=True))
    plain = str(write(tmp_path))
    _, a, _ = run("deadlocks", observed, "--full")
    _, b, _ = run("deadlocks", plain, "--full", "--without", "israel")
    assert a["result"] == b["result"]
    _, a, _ = run("forecast", observed, "--full")
    _, b, _ = run("forecast", plain, "--full", "--without", "israel")
    assert forecasts(a["result"]) == forecasts(b["result"])
    _, g, _ = run("gaps", observed)
    assert g["result"]["parties"] == ["iran", "p5", "israel"]
    assert g["result"]["matrix"][0][2] is not None  # iran-israel: a gap, as without the flag
    _, g_plain, _ = run("gaps", plain)
    assert g["result"] == g_plain["result"]
    code, p, _ = run("party", "israel", observed)
    assert code == 0
    assert [o["party"] for o in p["result"]["others"]] == ["iran", "p5"]
    assert p["result"]["blocks"] == []


def test_set_can_make_a_party_an_observer(tmp_path: Path) -> None:
    plain = str(write(tmp_path))
    _, a, _ = run("deadlocks", plain, "--set", "israel.observer=true")
    _, b, _ = run("deadlocks", plain, "--without", "israel")
    assert a["result"] == b["result"]


def test_observer_must_be_true_or_false(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.replace("  israel:\n", "  israel:\n    observer: sometimes\n"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "observer: expected true or false, not 'sometimes'" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--without", "isreal"], "unknown party 'isreal'; did you mean 'israel'?"),
        (["--only", "iran,nobody"], "unknown party 'nobody'"),
        (["--without", "iran", "--without", "p5", "--without", "israel"], "leaves no party"),
        (["--only", ","], "expected party ids separated by commas"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["deadlocks", str(write(tmp_path)), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_diff_leaves_the_party_out_of_both(tmp_path: Path) -> None:
    path = str(write(tmp_path))
    code, doc, _ = run("diff", path, path, "--without", "israel")
    assert code == 0
    assert doc["result"]["parties"] == {"added": [], "removed": []}
    assert doc["result"]["old"]["overrides"] == ["--without israel"]


def test_the_api(tmp_path: Path) -> None:
    loaded = load(write(tmp_path), without=["israel"])
    assert [p.id for p in loaded.scenario.parties] == ["iran", "p5"]
    with pytest.raises(ValueError, match="unknown party 'x'"):
        load(write(tmp_path), only=["x"])


def test_a_stances_table_loses_the_rows_of_the_parties_left_out(tmp_path: Path) -> None:
    (tmp_path / "scenario.yaml").write_text(
        "title: t\nissues:\n  a: {kind: scale}\n  b: {kind: choice, options: [x, y]}\n"
    )
    (tmp_path / "stances.csv").write_text(
        "party,issue,salience,position,prefers\n"
        "one,a,1,10,\nthree,a,0.5,90,\ntwo,a,1,50,\nthree,b,1,,y\none,b,1,,x\n"
    )
    loaded = load(tmp_path, without=["three"])
    assert [p.id for p in loaded.scenario.parties] == ["one", "two"]
    assert dict(loaded.scenario.parties[0].stances).keys() == {"a", "b"}
    assert loaded.scenario.table is not None and len(loaded.scenario.table) == 3
    (tmp_path / "stances.csv").write_text(
        "party,issue,salience,position,prefers\none,a,1,10,\ntwo,a,1,50,\none,b,1,,x\n"
    )
    deleted = load(tmp_path)
    for analysis in (deadlocks, gaps, forecast):
        assert analysis(loaded).result == analysis(deleted).result


def forecasts(result: dict[str, Any]) -> list[Any]:
    """The forecasts proper (an observer carries no weight, but is listed with its
    distance from the forecast)."""
    keys = ("issue", "mean", "median", "nash", "spread", "far")
    other: list[Any] = result["other"]
    return [{k: i[k] for k in keys} for i in result["scale"]] + other


def _without(loaded: Loaded, party_id: str) -> Loaded:
    """The scenario as if ``party_id``'s file were deleted."""
    scenario = loaded.scenario
    kept = tuple(p for p in scenario.parties if p.id != party_id)
    return Loaded(dataclasses.replace(scenario, parties=kept), ())


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_without_is_deleting_the_file_and_an_observer_takes_no_part(seed: int) -> None:
    rng = random.Random(seed)
    loaded = Loaded(random_scenario(rng, own_capability=0.3), ())
    if len(loaded.scenario.parties) < 2:
        return
    gone = rng.choice(loaded.scenario.parties).id
    left, deleted = leave_out(loaded, [gone]), _without(loaded, gone)
    for analysis in (deadlocks, gaps, forecast, trades):
        assert analysis(left, tables=False).result == analysis(deleted, tables=False).result
    observed = Loaded(
        dataclasses.replace(
            loaded.scenario,
            parties=tuple(
                dataclasses.replace(p, observer=p.id == gone) for p in loaded.scenario.parties
            ),
        ),
        (),
    )
    assert deadlocks(observed, tables=False).result == deadlocks(deleted, tables=False).result
    assert forecasts(forecast(observed, tables=False).result) == forecasts(
        forecast(deleted, tables=False).result
    )
    assert gaps(observed, tables=False).result == gaps(loaded, tables=False).result
    assert party(observed, gone, tables=False).result["blocks"] == []
    with pytest.raises(PartyChoiceError):
        leave_out(loaded, [p.id for p in loaded.scenario.parties])


def test_the_issue_view_shows_an_observer_with_no_move(tmp_path: Path) -> None:
    path = str(write(tmp_path, observer=True))
    result = runner.invoke(app, ["issue", "enrichment", path])
    assert result.exit_code == 0, result.stderr
    assert "observer" in result.stdout
    code, doc, _ = run("issue", "enrichment", path)
    assert doc["result"]["parties"] == ["iran", "p5"]
    assert [s["party"] for s in doc["result"]["stances"]] == ["iran", "p5", "israel"]


def test_timeline_leaves_the_party_out_of_every_snapshot(tmp_path: Path) -> None:
    from conftest import POSITIONS, json_result, run

    march, may = POSITIONS / "syria-2017-03", POSITIONS / "syria-2017-05"
    both = json_result("timeline", march, may, "--without", "iran")
    assert [s["overrides"] for s in both["snapshots"]] == [["--without iran"]] * 2
    assert all("iran" not in (p["a"], p["b"]) for p in both["pairs"])
    # each snapshot is what that scenario gives without iran, as gaps shows it
    alone = json_result("gaps", may, "--without", "iran")
    assert len(both["pairs"]) == len(alone["pairs"])
    only = json_result("timeline", march, may, "--only", "russia,turkey,iran")
    assert {(p["a"], p["b"]) for p in only["pairs"]} == {
        ("iran", "russia"),
        ("iran", "turkey"),
        ("russia", "turkey"),
    }
    unknown = run("timeline", march, may, "--without", "nobody")
    assert unknown.exit_code == 2 and "no snapshot has a party 'nobody'" in unknown.stderr


def test_diff_leaves_out_a_party_only_one_scenario_has(tmp_path: Path) -> None:
    """A party that joins the talks between two scenarios is left out of the one that has
    it, as timeline does (diff refused it: 'unknown party'); an id neither has is a usage
    error with a did-you-mean."""
    import shutil

    from conftest import POSITIONS, json_result, run

    march = tmp_path / "march"
    shutil.copytree(POSITIONS / "syria-2017-03", march)
    (march / "parties" / "turkey.yaml").unlink()
    may = POSITIONS / "syria-2017-05"
    result = json_result("diff", march, may, "--without", "turkey")
    assert result["parties"] == {"added": [], "removed": []}  # turkey is in neither
    typo = run("diff", march, may, "--without", "turky")
    assert typo.exit_code == 2 and "did you mean 'turkey'?" in typo.stderr
