"""--set overrides on the analysis commands, and gapcli whatif.

The expected values are worked by hand on the BASE scenario of conftest: on ``tenure`` the
government (capability 0.8, salience 1) accepts [75, 100] and the opposition (capability 1,
salience 1) accepts [0, 25]; on ``guarantors`` the government requires russia and iran and
rejects us (salience 0.6), the opposition requires us and rejects iran (salience 0.8).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_analysis_cli import VALIDATOR

from conftest import BASE_FILES, POSITIONS, assert_no_crash, run, write_files


def doc_of(*args: str | Path) -> dict[str, Any]:
    result = run(*args, "--json")
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    assert not list(VALIDATOR.iter_errors(doc))
    return doc


def file_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def issue_of(doc: dict[str, Any], issue: str) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in doc["result"]["issues"] if i["id"] == issue)
    return found


# -- --set on the analysis commands -------------------------------------------------------


def test_set_opens_the_tenure_deadlock_without_touching_the_files(base: Path) -> None:
    before = file_bytes(base)
    plain = doc_of("deadlocks", "sc")
    assert issue_of(plain, "tenure")["status"] == "deadlock"
    changed = doc_of("deadlocks", "sc", "--set", "opp.tenure.accepts=0..80")
    tenure = issue_of(changed, "tenure")
    # The accepted ranges now overlap on [75, 80].
    assert tenure["status"] == "agreement" and tenure["zone"] == {"lo": 75, "hi": 80}
    assert changed["scenario"]["overrides"] == ["opp.tenure.accepts=0..80"]
    assert plain["scenario"]["overrides"] == []
    assert file_bytes(base) == before


def test_set_capability_moves_the_bridge(base: Path) -> None:
    # Between 25 and 75 the weighted concession is 0.8 (75 - x) + 1 (x - 25): its minimum is at
    # 25. With the government's capability at 2 it is 2 (75 - x) + (x - 25): minimum at 75.
    assert issue_of(doc_of("deadlocks", "sc"), "tenure")["bridge"] == 25
    doc = doc_of("deadlocks", "sc", "--set", "gov.capability=2")
    assert issue_of(doc, "tenure")["bridge"] == 75


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "sc"),
        ("gaps", "sc"),
        ("gaps", "sc", "--issue", "tenure"),
        ("deadlocks", "sc"),
        ("issue", "tenure", "sc"),
        ("party", "gov", "sc"),
    ],
    ids=" ".join,
)
def test_every_analysis_command_takes_set(base: Path, args: tuple[str, ...]) -> None:
    doc = doc_of(*args, "--set", "gov.capability=2", "--set", "opp.talks.salience=0.9")
    assert doc["scenario"]["overrides"] == ["gov.capability=2", "opp.talks.salience=0.9"]


def test_the_last_set_of_a_field_wins(base: Path) -> None:
    doc = doc_of("party", "gov", "sc", "--set", "gov.capability=5", "--set", "gov.capability=2")
    assert doc["result"]["party"]["capability"] == 2


def test_set_can_add_a_stance_and_empty_a_list(in_tmp: Path) -> None:
    write_files(
        in_tmp / "sc",
        {
            "scenario.yaml": BASE_FILES["scenario.yaml"],
            "parties/gov.yaml": "stances:\n  tenure: {position: 100, salience: 1}\n",
            "parties/opp.yaml": "stances:\n  tenure: {position: 0, salience: 1}\n",
        },
    )
    args = [
        "--set",
        "opp.guarantors.require=us",
        "--set",
        "opp.guarantors.reject=iran,russia",
        "--set",
        "opp.guarantors.salience=0.5",
        "--set",
        "gov.guarantors.require=",
        "--set",
        "gov.guarantors.salience=1",
    ]
    doc = doc_of("issue", "guarantors", "sc", *args)
    stances = {s["party"]: s for s in doc["result"]["stances"]}
    # lists come back in the issue's option order (russia, iran, us), whatever order was given
    assert stances["opp"]["require"] == ["us"] and stances["opp"]["reject"] == ["russia", "iran"]
    assert stances["gov"]["require"] == [] and stances["gov"]["reject"] == []


def test_set_works_on_a_one_file_scenario(in_tmp: Path) -> None:
    from test_analysis_cli import EXAMPLE

    doc = doc_of("party", "b", EXAMPLE, "--set", "b.capability=3")
    assert doc["result"]["party"]["capability"] == 3


BAD_SETS = [
    # (argument, exit status, the message after the argument's location)
    ("gov.capability=0", 1, "capability: 0 is out of range (expected a number > 0)"),
    ("gov.capability=lots", 1, "capability: expected a number > 0, not the text 'lots'"),
    ("gvo.capability=2", 1, "unknown party 'gvo'; did you mean 'gov'?"),
    ("gov.tenur.position=50", 1, "unknown issue 'tenur'; did you mean 'tenure'?"),
    ("gov.tenure.positon=50", 1, "unknown key 'positon' in stance on 'tenure'; did you mean"),
    ("gov.tenure.position=150", 1, "position: 150 is out of range (expected a number from 0"),
    ("gov.tenure.accepts=90..80", 1, "accepts: lo 90 is greater than hi 80"),
    ("gov.tenure.accepts=80", 1, "accepts: expected [lo, hi], two numbers, not the number 80"),
    ("gov.tenure.position=50", 1, "position: 50 is outside the accepted range [75, 100] at"),
    ("gov.talks.prefers=sofa", 1, "prefers: unknown option 'sofa' of issue 'talks'"),
    ("gov.guarantors.reject=us,usa", 1, "reject: unknown option 'usa' of issue 'guarantors'"),
    ("gov.guarantors.require=us", 1, "reject: 'us' also required"),
    ("gov.tenure.salience=[1,", 1, "salience: cannot read the value (invalid YAML"),
]


@pytest.mark.parametrize(("arg", "status", "message"), BAD_SETS, ids=[b[0] for b in BAD_SETS])
def test_a_bad_set_value_points_at_the_argument(
    base: Path, arg: str, status: int, message: str
) -> None:
    result = run("deadlocks", "sc", "--set", arg)
    assert_no_crash(result)
    assert result.exit_code == status and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    if arg == "gov.guarantors.require=us":  # the clash shows on the file's own reject line
        assert lines[0].startswith("sc/parties/gov.yaml:6:") and message in lines[0]
    else:
        assert lines[0].startswith(f"--set '{arg}': {message}"), lines[0]


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("gov", "'gov' is not PARTY.ISSUE.FIELD=VALUE or PARTY.FIELD=VALUE"),
        ("gov.capability", "is not PARTY.ISSUE.FIELD=VALUE"),
        ("gov.a.b.c=1", "is not PARTY.ISSUE.FIELD=VALUE"),
        ("gov.capabilty=2", "'capabilty' is not a party field; did you mean 'capability'?"),
        ("gov.tenure=50", "'tenure' is not a party field"),
        ("gov.id=x", "'id' is not a party field"),
    ],
)
def test_a_malformed_set_is_a_usage_error(base: Path, arg: str, message: str) -> None:
    result = run("deadlocks", "sc", "--set", arg)
    assert_no_crash(result)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in " ".join(result.stderr.split())


# -- whatif --------------------------------------------------------------------------------


def whatif(*sets: str, path: str | Path = "sc") -> dict[str, Any]:
    args: list[str | Path] = ["whatif", path]
    for s in sets:
        args += ["--set", s]
    doc = doc_of(*args)
    assert doc["command"] == "whatif"
    body: dict[str, Any] = doc["result"]
    return body


def test_whatif_reports_an_opened_deadlock(base: Path) -> None:
    d = whatif("opp.tenure.accepts=0..80")
    assert d["left_deadlock"] == ["tenure"] and d["entered_deadlock"] == []
    assert d["files"]["overrides"] == []
    [shift] = d["shifts"]
    assert (shift["party"], shift["old"], shift["new"], shift["move"]) == (
        "opp",
        "0 [0, 25]",
        "0 [0, 80]",
        0,
    )
    [change] = d["changes"]
    assert change["status"] == {"old": "deadlock", "new": "agreement"}
    assert change["blockers"] == {"old": ["gov"], "new": []}
    # Before, the bridge at 25 asks the government to come down 50 of 100 points.
    assert change["bridge"]["old"] == 25 and 75 <= change["bridge"]["new"] <= 80
    assert change["moves"] == [{"party": "gov", "old": 0.5, "new": 0}]
    assert d["gaps"] == []  # G compares positions, which did not move


def test_whatif_capability_flips_bridges_and_blockers(base: Path) -> None:
    d = whatif("gov.capability=2")
    assert d["capabilities"] == [{"party": "gov", "old": 0.8, "new": 2}]
    assert d["shifts"] == [] and d["left_deadlock"] == [] and d["entered_deadlock"] == []
    changes = {c["issue"]: c for c in d["changes"]}
    assert set(changes) == {"tenure", "guarantors"}
    assert changes["tenure"]["bridge"] == {"old": 25, "new": 75}
    # guarantors: the government weighs 0.8 x 0.6 = 0.48 before and 2 x 0.6 = 1.2 after,
    # against the opposition's 0.8: iran goes in and us out, so the opposition now concedes
    # two of the three options.
    assert changes["guarantors"]["bridge"] == {"old": ["russia", "us"], "new": ["russia", "iran"]}
    assert changes["guarantors"]["moves"] == [
        {"party": "gov", "old": 0.666667, "new": 0},
        {"party": "opp", "old": 0, "new": 0.666667},
    ]
    assert changes["guarantors"]["blockers"] == {"old": ["gov"], "new": ["opp"]}


def test_whatif_gap_changes_when_a_position_moves(base: Path) -> None:
    d = whatif("opp.tenure.position=25")
    [gap] = d["gaps"]
    assert (gap["a"], gap["b"]) == ("gov", "opp")
    # tenure distance falls from 1 to 0.75; G weighs the three issues by mean salience
    # (1, 0.45, 0.7), so G falls by 0.25 x 1 / 2.15.
    assert gap["change"] == pytest.approx(-0.25 / 2.15, abs=1e-6)


def test_whatif_needs_a_set(base: Path) -> None:
    result = run("whatif", "sc")
    assert result.exit_code == 2 and "name at least one change" in " ".join(result.stderr.split())


def test_whatif_on_the_worked_example_table() -> None:
    result = run(
        "whatif", POSITIONS / "syria-2017-05", "--set", "opposition.iran-role.accepts=0..70"
    )
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert "Deadlocks broken: none" in result.stdout
    assert "With --set (not in the files): opposition.iran-role.accepts=0..70" in result.stdout


def test_free_text_is_taken_as_written(base: Path) -> None:
    note = "see #3, then: more..."
    doc = doc_of("issue", "tenure", "sc", "--set", f"gov.tenure.note={note}")
    stances = {s["party"]: s for s in doc["result"]["stances"]}
    assert stances["gov"]["note"] == note
    party = doc_of("party", "gov", "sc", "--set", "gov.name=Damascus: the government")
    assert party["result"]["party"]["name"] == "Damascus: the government"


def test_an_empty_source_is_an_empty_list_and_dots_are_not_a_range_of_options(
    base: Path,
) -> None:
    doc = doc_of("issue", "guarantors", "sc", "--set", "gov.guarantors.source=")
    stances = {s["party"]: s for s in doc["result"]["stances"]}
    assert stances["gov"]["sources"] == []
    result = run("validate", "sc", "--set", "gov.talks.accepts=proximity..none")
    assert result.exit_code == 1
    assert "'proximity..none' is not a valid option id" in result.stderr


def test_a_scenario_without_parties_is_an_input_error(in_tmp: Path) -> None:
    write_files(in_tmp / "np", {"scenario.yaml": BASE_FILES["scenario.yaml"]})
    for command in ("deadlocks", "gaps", "forecast", "blocs", "sensitivity", "timeline"):
        result = run(command, "np")
        assert_no_crash(result)
        assert result.exit_code == 1 and "no parties to analyse" in result.stderr, command
