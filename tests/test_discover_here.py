"""With no path: ./positions as before, else the current folder when it is a scenario; the
hint for a run with nothing to read names the command that was run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gapcli.io.discover import DEFAULT_DIR, HERE, choose, default_path

from conftest import BASE_FILES, ONE_FILE, run, write_files


def test_the_current_folder_is_read_when_it_holds_scenario_yaml(in_tmp: Path) -> None:
    write_files(in_tmp / "my-talks", dict(BASE_FILES))
    os.chdir(in_tmp / "my-talks")
    result = run("gaps", "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # one scenario named by where the user stands: no note
    assert json.loads(result.stdout)["scenario"]["path"] == "."
    assert default_path() == HERE and choose(None).path == HERE


def test_problems_in_the_current_folder_are_located_by_their_short_paths(in_tmp: Path) -> None:
    files = dict(BASE_FILES)
    files["parties/gov.yaml"] = files["parties/gov.yaml"].replace("salience: 1,", "salience: 2,")
    write_files(in_tmp, files)
    result = run("validate")
    assert result.exit_code == 1
    assert result.stderr.startswith("parties/gov.yaml:4:")


def test_a_positions_folder_still_comes_first(in_tmp: Path) -> None:
    write_files(in_tmp, dict(BASE_FILES))
    write_files(in_tmp / "positions" / "other", dict(BASE_FILES))
    result = run("validate", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["scenario"]["path"] == "positions/other"
    assert default_path() == DEFAULT_DIR


def test_a_one_file_scenario_yaml_in_the_current_folder(in_tmp: Path) -> None:
    (in_tmp / "scenario.yaml").write_text(ONE_FILE, encoding="utf-8")
    result = run("deadlocks", "--json")
    assert result.exit_code == 0, result.output


def test_parties_without_scenario_yaml_do_not_make_the_current_folder_a_scenario(
    in_tmp: Path,
) -> None:
    write_files(in_tmp, {"parties/gov.yaml": BASE_FILES["parties/gov.yaml"]})
    result = run("validate")
    assert result.exit_code == 1
    assert "no scenario named and no ./positions folder here" in result.stderr


@pytest.mark.parametrize(
    ("args", "example"),
    [
        (["validate"], "gapcli validate path/to/scenario"),
        (["gaps"], "gapcli gaps path/to/scenario"),
        (["deadlocks", "--json"], "gapcli deadlocks path/to/scenario"),
        (["issue", "assad-tenure"], "gapcli issue assad-tenure path/to/scenario"),
        (["party", "iran", "--all"], "gapcli party iran path/to/scenario"),
        (["export", "csv"], "gapcli export csv path/to/scenario"),
        (["whatif", "--set", "iran.capability=2"], "gapcli whatif path/to/scenario"),
    ],
)
def test_the_hint_names_the_command_that_was_run(
    in_tmp: Path, args: list[str], example: str
) -> None:
    result = run(*args)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"positions: no scenario named and no ./positions folder here (name one, e.g. "
        f"'{example}', or start one with 'gapcli init positions/NAME')\n"
    )


def test_timeline_reads_the_current_folder_too(in_tmp: Path) -> None:
    write_files(in_tmp / "my-talks", dict(BASE_FILES))
    os.chdir(in_tmp / "my-talks")
    result = run("timeline", "--json")
    assert result.exit_code == 0, result.output
    assert [s["path"] for s in json.loads(result.stdout)["result"]["snapshots"]] == ["."]


def test_timeline_with_nothing_to_read_names_itself_in_the_hint(in_tmp: Path) -> None:
    result = run("timeline")
    assert result.exit_code == 1
    assert "e.g. 'gapcli timeline path/to/scenario'" in result.stderr
