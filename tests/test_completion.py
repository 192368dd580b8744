"""Shell completion through the entry point the installed scripts call: commands, options,
and the issue and party ids of the scenario in reach, read without numpy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_analysis_cli import SYRIA_ISSUES, SYRIA_PARTIES
from typer.testing import CliRunner

from gapcli.cli import app
from gapcli.completion import Ids, scenario_ids, set_targets

from conftest import BASE_FILES, REPO, run, write_files

EXAMPLE = "positions/syria-2017-05"
ISSUES = SYRIA_ISSUES  # in the scenario's order
PARTIES = sorted(SYRIA_PARTIES)  # their files' order


def complete(line: str) -> list[str]:
    """What bash is offered for the command line ``line`` (completing its last word; a
    trailing space starts a new one)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    env = {"_GAPCLI_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword)}
    result = CliRunner().invoke(app, [], env=env, prog_name="gapcli")
    assert result.exit_code == 0, result.output
    return result.stdout.split()


@pytest.fixture
def at_repo() -> object:
    old = Path.cwd()
    os.chdir(REPO)
    yield
    os.chdir(old)


def test_commands_and_options(at_repo: None) -> None:
    assert "deadlocks" in complete("gapcli ") and "init" in complete("gapcli ")
    assert complete("gapcli dea") == ["deadlocks"]
    assert {"--format", "--json", "--set", "--fail-on"} <= set(complete("gapcli deadlocks --"))
    assert complete("gapcli deadlocks --format ") == ["table", "json", "csv", "markdown"]


def test_issue_and_party_ids_of_the_named_scenario(at_repo: None) -> None:
    assert complete("gapcli issue ") == ISSUES  # no path yet: ./positions, its latest
    assert complete("gapcli issue as") == ["assad-tenure"]
    assert complete("gapcli party ") == PARTIES
    assert complete("gapcli party un") == ["un-envoy", "united-states"]
    assert complete(f"gapcli party iran {EXAMPLE} --set tur") == ["turkey."]


def test_set_targets_level_by_level(at_repo: None) -> None:
    assert complete(f"gapcli deadlocks {EXAMPLE} --set ") == [f"{p}." for p in PARTIES]
    assert complete(f"gapcli deadlocks {EXAMPLE} --set united-") == ["united-states."]
    assert complete(f"gapcli whatif {EXAMPLE} --set iran.") == [
        *(f"iran.{i}." for i in ISSUES),
        "iran.capability=",
        "iran.name=",
        "iran.description=",
        "iran.observer=",
    ]
    assert complete(f"gapcli whatif {EXAMPLE} --set iran.assad-tenure.acc") == [
        "iran.assad-tenure.accepts="
    ]
    scale = complete(f"gapcli gaps {EXAMPLE} --set iran.assad-tenure.")
    assert "iran.assad-tenure.position=" in scale and "iran.assad-tenure.prefers=" not in scale
    in_set = complete(f"gapcli gaps {EXAMPLE} --set iran.guarantors.")
    assert "iran.guarantors.require=" in in_set and "iran.guarantors.position=" not in in_set
    assert complete(f"gapcli gaps {EXAMPLE} --set iran.capability=") == []


def test_the_ids_of_another_scenario_named_on_the_line(in_tmp: Path) -> None:
    write_files(in_tmp / "sc", dict(BASE_FILES))
    assert complete("gapcli issue ") == []  # nothing in reach: nothing offered, no error
    assert complete("gapcli deadlocks sc --set ") == ["gov.", "opp."]
    os.chdir(in_tmp / "sc")  # the current folder as the scenario
    assert complete("gapcli issue ") == ["tenure", "talks", "guarantors"]


def test_tables_and_inline_parties(in_tmp: Path) -> None:
    (in_tmp / "one.yaml").write_text(
        "title: t\nissues:\n  a: {kind: scale}\nparties:\n  p: {stances: {}}\n", encoding="utf-8"
    )
    assert scenario_ids(Path("one.yaml")) == Ids({"a": "scale"}, ["p"])
    write_files(
        in_tmp / "tab",
        {
            "scenario.yaml": "title: t\n",
            "issues.csv": "id,kind,options\nvote-1,choice,yes;no\n",
            "stances.csv": "party,issue,prefers,salience\nfr,vote-1,yes,1\nde,vote-1,no,1\n",
        },
    )
    assert scenario_ids(Path("tab")) == Ids({"vote-1": "choice"}, ["fr", "de"])
    assert set_targets(scenario_ids(Path("tab")), "fr.vote-1.pre") == ["fr.vote-1.prefers="]


def test_a_broken_scenario_completes_what_it_can(in_tmp: Path) -> None:
    write_files(in_tmp / "sc", {"scenario.yaml": "title: [unclosed\n", "parties/gov.yaml": ""})
    assert complete("gapcli issue x sc --set ") == []
    write_files(in_tmp / "sc2", {"scenario.yaml": "issues: 3\n", "parties/gov.yaml": ""})
    assert complete("gapcli party ") == []
    assert complete("gapcli deadlocks sc2 --set ") == ["gov."]


def test_the_completion_options_are_there() -> None:
    result = run("--help")
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


def test_completion_end_to_end_imports_no_numpy(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "_GAPCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": f"gapcli party iran {EXAMPLE} --set iran.",
        "COMP_CWORD": "5",
    }
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gapcli"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "iran.assad-tenure." in done.stdout.split()
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
    assert not {m for m in imported if m.split(".")[0] in ("numpy", "scipy", "pyarrow")}
    assert "gapcli.io.loader" not in imported and "gapcli.engine" not in imported
