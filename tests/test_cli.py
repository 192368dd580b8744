"""The commands as a user runs them: exit codes, stdout/stderr split, parsed JSON."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gapcli.cli import app

from conftest import BASE_FILES, REPO, run, write_files


def test_validate_json_envelope(base: Path) -> None:
    result = run("validate", "sc", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 2 and doc["command"] == "validate"
    assert doc["scenario"] == {
        "path": "sc",
        "title": "Test talks",
        "as_of": "2017-05-16",
        "overrides": [],
    }
    assert doc["warnings"] == []
    assert doc["result"]["counts"] == {
        "parties": 2,
        "issues": 3,
        "stances": 6,
        "sources": 1,
        "warnings": 0,
    }
    assert [i["party_count"] for i in doc["result"]["issues"]] == [2] * 3
    full = json.loads(run("validate", "sc", "--json", "--full").stdout)
    assert [i["parties"] for i in full["result"]["issues"]] == [["gov", "opp"]] * 3


def test_validate_warnings_go_to_stderr_and_into_json(base: Path) -> None:
    write_files(base, {"parties/idle.yaml": "name: Idle\n"})
    result = run("validate", "sc", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == "sc/parties/idle.yaml:1:1: warning: party 'idle' has no stances\n"
    warnings = json.loads(result.stdout)["warnings"]
    assert warnings == [
        {
            "path": "sc/parties/idle.yaml",
            "line": 1,
            "column": 1,
            "severity": "warning",
            "message": "party 'idle' has no stances",
        }
    ]


def test_validate_csv_and_markdown(base: Path) -> None:
    rows = list(csv.reader(io.StringIO(run("validate", "sc", "-f", "csv").stdout)))
    assert rows == [
        ["issue", "kind", "title", "parties"],
        ["tenure", "scale", "tenure", "2"],
        ["talks", "choice", "talks", "2"],
        ["guarantors", "set", "guarantors", "2"],
    ]
    md = run("validate", "sc", "-f", "markdown").stdout
    assert md.startswith("sc: valid. 2 parties, 3 issues (1 scale, 1 choice, 1 set), 6 stances")
    assert "| tenure | scale | tenure | 2 |" in md


def test_validate_table_shows_user_text_verbatim(base: Path) -> None:
    write_files(
        base,
        {
            "parties/gov.yaml": BASE_FILES["parties/gov.yaml"].replace(
                "name: Government", "name: '[bold]Gov[/bold] <script>'"
            )
        },
    )
    out = run("validate", "sc").stdout
    assert "[bold]Gov[/bold] <script>" in out


def test_default_scenario_is_the_only_one_in_positions(in_tmp: Path) -> None:
    write_files(in_tmp / "positions" / "only", dict(BASE_FILES))
    result = run("validate", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["scenario"]["path"] == "positions/only"


def test_default_scenario_is_the_latest_of_several(in_tmp: Path) -> None:
    for name, date in [("b-old", "2017-03-31"), ("a-new", "2017-05-16"), ("c-undated", None)]:
        files = dict(BASE_FILES)
        files["scenario.yaml"] = files["scenario.yaml"].replace(
            "as_of: 2017-05-16\n", f"as_of: {date}\n" if date else ""
        )
        write_files(in_tmp / "positions" / name, files)
    result = run("validate", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["scenario"]["path"] == "positions/a-new"
    assert result.stderr == (
        "gapcli: using positions/a-new (as of 2017-05-16), the latest of 3 scenarios in "
        "positions; the others: positions/b-old (as of 2017-03-31), positions/c-undated (as of "
        "no date)\n"
    )


def test_no_scenario_named_and_no_positions_folder(in_tmp: Path) -> None:
    result = run("validate")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "positions: no scenario named and no ./positions folder here (name one, e.g. 'gapcli "
        "validate path/to/scenario', or start one with 'gapcli init positions/NAME')\n"
    )


def test_init_scaffolds_a_scenario_that_validates_cleanly(in_tmp: Path) -> None:
    result = run("init", "talks", "--title", "Water: 'the' talks")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    checked = run("validate", "talks", "--json")
    assert checked.exit_code == 0 and checked.stderr == ""
    doc = json.loads(checked.stdout)
    assert doc["scenario"]["title"] == "Water: 'the' talks"
    assert doc["result"]["counts"]["issues"] == 3
    assert sorted(i["kind"] for i in doc["result"]["issues"]) == ["choice", "scale", "set"]
    first = (in_tmp / "talks" / "parties" / "first-party.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../.schema/party.schema.json"
    assert (in_tmp / "talks" / ".schema" / "party.schema.json").is_file()


def test_init_never_overwrites(in_tmp: Path) -> None:
    write_files(in_tmp / "talks", {"scenario.yaml": "mine\n"})
    result = run("init", "talks")
    assert result.exit_code == 1
    assert result.stderr == (
        "talks/scenario.yaml: already exists; init never overwrites a file (choose a new folder)\n"
    )
    assert (in_tmp / "talks" / "scenario.yaml").read_text() == "mine\n"
    assert not (in_tmp / "talks" / "parties").exists()


def test_every_command_has_help_with_an_example() -> None:
    import typer.main

    group = typer.main.get_group(app)
    assert set(group.commands) >= {"validate", "schema", "init"}
    for name in group.commands:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, name


def test_schema_flags_conflict_is_a_usage_error() -> None:
    result = run("schema", "--party", "--scenario")
    assert result.exit_code == 2 and result.stdout == ""


def test_unknown_format_is_a_usage_error(base: Path) -> None:
    assert run("validate", "sc", "-f", "xml").exit_code == 2


@pytest.mark.parametrize("args", [["--version"], ["-m", "gapcli", "--version"]])
def test_entry_points(args: list[str]) -> None:
    exe = [str(Path(sys.executable).parent / "gapcli")] if args[0] != "-m" else [sys.executable]
    out = subprocess.run(
        [*exe, *(a for a in args if a != "-m" or exe == [sys.executable])],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert out.stdout.startswith("gapcli 0.")


def test_a_table_for_people_shows_fifty_rows_then_a_count(in_tmp: Path) -> None:
    """Output stays readable at any size: the first rows in the command's order, then how
    many more and where to get them."""
    issues = "".join(f"i{n},scale,0,100\n" for n in range(60))
    stances = "".join(f"a,i{n},{n},1,art\n" for n in range(60))
    write_files(
        in_tmp / "w",
        {
            "scenario.yaml": "title: Wide\nsources:\n  art: {title: An article}\n",
            "issues.csv": "id,kind,lo,hi\n" + issues,
            "stances.csv": "party,issue,position,salience,source\n" + stances,
        },
    )
    table = run("validate", "w")
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert sum(line[:3] == "│ i" and line[3].isdigit() for line in lines) == 50
    assert "│ i49 " in table.stdout and "│ i50 " not in table.stdout
    assert (
        "… and 10 more rows, not shown (60 in all; use --all, --format markdown or --json for "
        "all)" in " ".join(lines)
    )
    markdown = run("validate", "w", "--format", "markdown")
    rows = [
        line for line in markdown.stdout.splitlines() if line[:3] == "| i" and line[3].isdigit()
    ]
    assert len(rows) == 60
