"""stances.csv: the same results as the YAML files, and every malformed row reported at
its line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ANALYSES, BASE_FILES, POSITIONS, assert_no_crash, run, write_files

MAY = POSITIONS / "syria-2017-05"


def as_table(target: Path) -> Path:
    """The worked example with its stances in stances.csv (parties keep name and
    description in YAML; capability moves to the table)."""
    target.mkdir(parents=True)
    shutil.copy(MAY / "scenario.yaml", target / "scenario.yaml")
    (target / "parties").mkdir()
    for party in sorted((MAY / "parties").glob("*.yaml")):
        data = yaml.safe_load(party.read_text())
        data.pop("stances")
        data.pop("capability")
        (target / "parties" / party.name).write_text(yaml.safe_dump(data))
    result = run("export", "csv", MAY, "-o", target / "stances.csv")
    assert result.exit_code == 0, result.output
    return target


def doc(*args: str | Path) -> dict[str, Any]:
    result = run(*args, "--json")
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    found["scenario"].pop("path")
    found.pop("warnings")
    return found


@pytest.mark.parametrize(
    "command",
    [*ANALYSES, ("issue", "guarantors"), ("party", "opposition")],
    ids=" ".join,
)
def test_a_table_gives_the_same_results_as_the_yaml(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    table = as_table(tmp_path / "sy")

    def args(path: Path) -> list[str | Path]:
        if command[0] in ("issue", "party"):
            return [command[0], command[1], path, *command[2:]]
        return [command[0], path, *command[1:]]

    assert doc(*args(table)) == doc(*args(MAY))


def test_export_of_the_table_equals_export_of_the_yaml(tmp_path: Path) -> None:
    table = as_table(tmp_path / "sy")
    assert run("export", "csv", table).stdout == run("export", "csv", MAY).stdout


def test_parties_can_come_from_the_table_alone(in_tmp: Path) -> None:
    write_files(
        in_tmp / "t",
        {
            "scenario.yaml": BASE_FILES["scenario.yaml"],
            "stances.csv": "party,issue,position,salience,capability,source\n"
            "gov,tenure,100,1,0.8,art\n"
            "opp,tenure,0,1,,art\n",
        },
    )
    body = doc("party", "gov", "t")["result"]
    assert body["party"] == {"id": "gov", "name": "gov", "capability": 0.8}
    deadlocks = doc("deadlocks", "t", "--full")["result"]
    tenure = next(i for i in deadlocks["issues"] if i["id"] == "tenure")
    # tolerance 5 (scenario defaults): [95, 100] against [0, 5]
    assert tenure["status"] == "deadlock" and tenure["parties"] == ["gov", "opp"]


HEADER = "party,issue,position,salience,accepts_lo,accepts_hi,prefers,accepts,require,reject,source"

BAD_ROWS = [
    # (a line of stances.csv after the header, the message at its line)
    ("gov,tenur,50,1,,,,,,,art", "issue: unknown issue 'tenur'; did you mean 'tenure'?"),
    ("g v,tenure,50,1,,,,,,,art", "party: 'g v' is not a valid party id"),
    ("gov,tenure,fifty,1,,,,,,,art", "position: 'fifty' is not a number"),
    ("gov,tenure,50,1.5,,,,,,,art", "salience: out of range (expected 0 to 1)"),
    ("gov,tenure,50,,,,,,,,art", "salience: missing (expected a number from 0 to 1)"),
    ("gov,tenure,150,1,,,,,,,art", "position: outside the issue's range"),
    ("gov,tenure,,1,,,,,,,art", "position: missing (a scale issue needs one)"),
    ("gov,tenure,50,1,40,,,,,,art", "accepts_lo and accepts_hi: give both or neither"),
    ("gov,tenure,50,1,60,70,,,,,art", "position: outside [accepts_lo, accepts_hi]"),
    ("gov,tenure,50,1,,,direct,,,,art", "prefers: applies to a choice issue only"),
    ("gov,talks,,1,,,sofa,,,,art", "prefers: unknown option 'sofa'"),
    ("gov,talks,,1,,,,,,,art", "prefers: missing (expected one of direct, proximity or none)"),
    ("gov,talks,,1,,,direct,none,,,art", "accepts: does not contain the preferred option"),
    ("gov,talks,3,1,,,direct,,,,art", "position: applies to a scale issue only"),
    ("gov,guarantors,,1,,,,,us,us,art", "reject: an option is also required"),
    ("gov,guarantors,,1,,,,,usa,,art", "require: unknown option 'usa' of issue 'guarantors'"),
    ("gov,guarantors,,1,,,,,,,paper", "source: unknown source 'paper'"),
    ("gov,tenure,50,1", "4 fields, expected 11 (as in the header)"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS, ids=[m for _, m in BAD_ROWS])
def test_a_malformed_row_is_reported_at_its_line(in_tmp: Path, row: str, message: str) -> None:
    files = {
        "scenario.yaml": BASE_FILES["scenario.yaml"],
        "stances.csv": f"{HEADER}\nopp,tenure,0,1,,,,,,,art\n{row}\n",
    }
    write_files(in_tmp / "t", files)
    result = run("validate", "t")
    assert_no_crash(result)
    assert result.exit_code == 1 and result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"t/stances.csv:3: {message}"), result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("party,issue,positon,salience\n", "t/stances.csv:1: unknown column 'positon'; did you"),
        ("party,position,salience\n", "t/stances.csv:1: missing column 'issue'"),
        ("", "t/stances.csv:1: file is empty (expected a header row)"),
    ],
)
def test_a_bad_header_is_reported(in_tmp: Path, text: str, message: str) -> None:
    write_files(in_tmp / "t", {"scenario.yaml": BASE_FILES["scenario.yaml"], "stances.csv": text})
    result = run("validate", "t")
    assert result.exit_code == 1 and result.stderr.startswith(message), result.stderr


def test_a_stance_in_both_places_and_a_second_row_are_refused(base: Path) -> None:
    (base / "stances.csv").write_text(
        "party,issue,position,salience,source\n"
        "gov,tenure,90,1,art\n"
        "new,tenure,10,1,art\n"
        "new,tenure,20,1,art\n"
    )
    result = run("validate", "sc")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert "sc/stances.csv:2: a second stance of 'gov' on 'tenure' (also in its YAML file)" in lines
    assert "sc/stances.csv:4: a second stance of 'new' on 'tenure' (first at line 3)" in lines


def table_only(folder: Path, rows: str) -> None:
    """A scenario whose stances are all in stances.csv (party,issue,position,salience,source)."""
    write_files(
        folder,
        {
            "scenario.yaml": BASE_FILES["scenario.yaml"],
            "stances.csv": "party,issue,position,salience,source\n" + rows,
        },
    )


def test_many_bad_rows_are_listed_then_counted(in_tmp: Path) -> None:
    rows = "".join(f"p{n},tenure,500,1,art\n" for n in range(120))
    table_only(in_tmp / "t", rows)
    result = run("validate", "t")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and len(lines) == 51
    assert lines[-1] == "t/stances.csv: 70 more problems in this file (the first 50 shown)"


def test_stances_without_sources_give_one_warning(in_tmp: Path) -> None:
    rows = "".join(f"p{n},tenure,{n},1\n" for n in range(30))
    write_files(
        in_tmp / "t",
        {
            "scenario.yaml": BASE_FILES["scenario.yaml"],
            "stances.csv": "party,issue,position,salience\n" + rows,
        },
    )
    result = run("validate", "t")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "cite no source" in line]
    assert warnings == [
        "t/stances.csv:2: warning: 30 stances cite no source (the 'source' column is empty or "
        "absent)"
    ]


ISSUES_CSV = """\
id,kind,title,lo,hi,options,status_quo,tolerance,description
tenure,scale,Tenure,0,100,,100,5,How long he stays
talks,choice,Talks,,,direct;proximity;none,proximity,,
guarantors,set,,,,russia;iran;us,,,
"""


def test_issues_can_come_from_issues_csv(in_tmp: Path) -> None:
    scenario = BASE_FILES["scenario.yaml"].split("issues:")[0]
    files = {**BASE_FILES, "scenario.yaml": scenario, "issues.csv": ISSUES_CSV}
    write_files(in_tmp / "t", files)
    from gapcli.io.loader import load_scenario
    from gapcli.model import ChoiceIssue, ScaleIssue

    loaded = load_scenario(in_tmp / "t").scenario
    tenure, talks, guarantors = loaded.issues
    assert isinstance(tenure, ScaleIssue)
    assert (tenure.title, tenure.lo, tenure.hi, tenure.status_quo, tenure.tolerance) == (
        "Tenure",
        0,
        100,
        100,
        5,
    )
    assert tenure.description == "How long he stays"
    assert isinstance(talks, ChoiceIssue) and talks.status_quo == "proximity"
    assert talks.option_ids == ("direct", "proximity", "none")
    assert guarantors.title == "guarantors"  # the id when no title is given
    same = doc("deadlocks", "t")["result"]
    yaml_version = in_tmp / "y"
    write_files(yaml_version, dict(BASE_FILES))
    assert [i["status"] for i in same["issues"]] == [
        i["status"] for i in doc("deadlocks", yaml_version)["result"]["issues"]
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,scale,X,50,50,,,,", "lo and hi: [50, 50] has no width"),
        ("x,choice,X,,,a;a,,,", "options: option 'a' is listed twice"),
        ("x,vote,X,,,,,,", "kind: 'vote' (expected scale, choice or set)"),
        ("x,scale,X,0,10,,20,,", "status_quo: 20 is outside [0, 10]"),
        ("tenure,scale,X,0,10,,,,", "id: issue 'tenure' is defined twice (first at line 2)"),
    ],
)
def test_a_bad_issue_row_is_reported(in_tmp: Path, row: str, message: str) -> None:
    scenario = BASE_FILES["scenario.yaml"].split("issues:")[0]
    files = {
        "scenario.yaml": scenario,
        "issues.csv": "id,kind,title,lo,hi,options,status_quo,tolerance,description\n"
        "tenure,scale,T,0,100,,,,\n" + row + "\n",
    }
    write_files(in_tmp / "t", files)
    result = run("validate", "t")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"t/issues.csv:3: {message}"), result.stderr


def test_no_issues_anywhere_is_an_error(in_tmp: Path) -> None:
    write_files(in_tmp / "t", {"scenario.yaml": "title: Nothing to negotiate\n"})
    result = run("validate", "t")
    assert result.exit_code == 1
    assert "missing key 'issues'" in result.stderr and "issues.csv" in result.stderr


TABLE_ONLY = {
    "scenario.yaml": BASE_FILES["scenario.yaml"],
    "stances.csv": "party,issue,position,salience,accepts_lo,accepts_hi,source\n"
    "gov,tenure,100,1,75,100,art\n"
    "opp,tenure,0,1,0,25,art\n",
}


def test_set_changes_a_stance_that_lives_in_the_table(in_tmp: Path) -> None:
    write_files(in_tmp / "t", TABLE_ONLY)
    plain = doc("deadlocks", "t")["result"]["issues"][0]
    assert plain["id"] == "tenure" and plain["status"] == "deadlock"
    changed = doc("deadlocks", "t", "--set", "opp.tenure.accepts=0..80")
    assert changed["scenario"]["overrides"] == ["opp.tenure.accepts=0..80"]
    tenure = changed["result"]["issues"][0]
    assert tenure["status"] == "agreement" and tenure["zone"] == {"lo": 75, "hi": 80}
    party = doc("party", "gov", "t", "--set", "gov.capability=3", "--set", "gov.name=Damascus")
    assert party["result"]["party"] == {"id": "gov", "name": "Damascus", "capability": 3}


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        (
            "opp.tenure.salience=2",
            "--set 'opp.tenure.salience=2': salience: out of range (expected 0 to 1) "
            "(row 3 of t/stances.csv)",
        ),
        (
            "opp.talks.prefers=direct",
            "--set 'opp.talks.prefers=direct': 'opp' has its stances in stances.csv: --set "
            "changes a stance it has there, not a new one (add a row for 'talks' to the table)",
        ),
        ("gvo.tenure.salience=1", "--set 'gvo.tenure.salience=1': unknown party 'gvo'; did you"),
        (
            "opp.tenure.positon=5",
            "--set 'opp.tenure.positon=5': unknown key 'positon' in stance on 'tenure'; did you "
            "mean 'position'?",
        ),
    ],
)
def test_a_bad_set_on_the_table_points_at_the_argument(
    in_tmp: Path, arg: str, message: str
) -> None:
    write_files(in_tmp / "t", TABLE_ONLY)
    result = run("validate", "t", "--set", arg)
    assert_no_crash(result)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(message), result.stderr


def test_set_capability_wins_over_the_table(in_tmp: Path) -> None:
    files = dict(TABLE_ONLY)
    files["stances.csv"] = (
        "party,issue,position,salience,capability,source\n"
        "gov,tenure,100,1,0.8,art\nopp,tenure,0,1,1,art\n"
    )
    files["parties/gov.yaml"] = "name: Government\n"
    write_files(in_tmp / "t", files)
    assert doc("party", "gov", "t")["result"]["party"]["capability"] == 0.8
    changed = doc("party", "gov", "t", "--set", "gov.capability=2")
    assert changed["result"]["party"]["capability"] == 2


def test_an_empty_set_value_is_refused_as_in_yaml(in_tmp: Path) -> None:
    write_files(in_tmp / "t", TABLE_ONLY)
    result = run("validate", "t", "--set", "opp.tenure.position=")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "--set 'opp.tenure.position=': position: expected a value, not an empty value"
    )
    assert run("validate", "t", "--set", "opp.tenure.source=").exit_code == 0  # a list: empty


HEADER_ONLY_COMMANDS = ANALYSES


@pytest.mark.parametrize("command", HEADER_ONLY_COMMANDS, ids=" ".join)
def test_a_table_with_only_its_header_holds_no_stances(
    in_tmp: Path, command: tuple[str, ...]
) -> None:
    """Every analysis gives what it gives without the table; one warning says so."""
    write_files(in_tmp / "plain", dict(BASE_FILES))
    write_files(in_tmp / "sc", {**BASE_FILES, "stances.csv": HEADER + "\r\n\r\n"})
    result = run(command[0], "sc", *command[1:], "--json")
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "sc/stances.csv:1: warning: no rows after the header (the table holds no stances)"
    ]
    with_table, without = (
        doc(command[0], "sc", *command[1:]),
        doc(command[0], "plain", *command[1:]),
    )
    if command[0] == "validate":  # its summary counts the warning
        assert with_table["result"]["counts"].pop("warnings") == 1
        assert without["result"]["counts"].pop("warnings") == 0
    assert with_table == without


NOTES = ["=SUM(A1)", "+1 vote", "-minus", "@home", "'=already quoted", "''twice", "plain", "-5"]


def test_notes_written_by_export_read_back_the_same(in_tmp: Path) -> None:
    """export puts a ' before a note a spreadsheet would run as a formula; the table reader
    takes it off."""
    stances = "".join(
        f"  {issue}: {{{body}, salience: 1, source: art, note: {json.dumps(note)}}}\n"
        for issue, body, note in [
            ("tenure", "position: 50", "=SUM(A1)"),
            ("talks", "prefers: direct", "'=already quoted"),
            ("guarantors", "require: [us]", "@home"),
        ]
    )
    write_files(in_tmp / "y", {**BASE_FILES, "parties/new.yaml": "stances:\n" + stances})
    exported = run("export", "csv", "y")
    assert exported.exit_code == 0, exported.output
    assert "'=SUM(A1)" in exported.stdout and "''=already quoted" in exported.stdout
    rows = [line for line in exported.stdout.splitlines() if line.startswith(("new,", "party,"))]
    write_files(in_tmp / "t", {"scenario.yaml": BASE_FILES["scenario.yaml"]})
    write_files(in_tmp / "t", {"stances.csv": "\n".join(rows) + "\n"})
    from gapcli.io.loader import load_scenario

    new = load_scenario(in_tmp / "t").scenario.party("new")
    assert new is not None
    notes = [new.stances[i].note for i in ("tenure", "talks", "guarantors")]
    assert notes == ["=SUM(A1)", "'=already quoted", "@home"]


@pytest.mark.parametrize("note", NOTES)
def test_a_text_cell_reads_back_what_to_spreadsheet_wrote(in_tmp: Path, note: str) -> None:
    from gapcli.io.files import to_spreadsheet
    from gapcli.io.loader import load_scenario

    scenario = BASE_FILES["scenario.yaml"].split("issues:")[0]
    cell = '"' + to_spreadsheet(note).replace('"', '""') + '"'
    files = {
        "scenario.yaml": scenario,
        "issues.csv": f"id,kind,title,description\nx,scale,{cell},{cell}\n",
        "stances.csv": f"party,issue,position,salience,source,note\np,x,5,1,art,{cell}\n",
    }
    write_files(in_tmp / "t", files)
    loaded = load_scenario(in_tmp / "t").scenario
    issue, party = loaded.issue("x"), loaded.party("p")
    assert issue is not None and party is not None
    assert (issue.title, issue.description, party.stances["x"].note) == (note, note, note)


def test_set_on_a_row_after_lines_of_a_quoted_cell_names_the_rows_line(in_tmp: Path) -> None:
    files = {
        "scenario.yaml": BASE_FILES["scenario.yaml"],
        "stances.csv": "party,issue,position,salience,source,note\n"
        'gov,tenure,100,1,art,"a note\n\nover three lines"\n'
        "\n"
        "opp,tenure,0,1,art,\n",
    }
    write_files(in_tmp / "t", files)
    result = run("validate", "t", "--set", "opp.tenure.salience=2")
    assert_no_crash(result)
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            "--set 'opp.tenure.salience=2': salience: out of range (expected 0 to 1) "
            "(row 6 of t/stances.csv)"
        ],
    )


def test_a_table_over_the_size_limit_is_refused(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gapcli.io import files

    monkeypatch.setattr(files, "MAX_TABLE_BYTES", 1000)
    rows = "".join(f"p{n},tenure,50,1,art\n" for n in range(100))
    table_only(in_tmp / "t", rows)
    result = run("validate", "t")
    assert_no_crash(result)
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        ["t/stances.csv:1:1: file is over the 1,000 bytes limit for tables (see docs/errors.md)"],
    )


def test_a_cell_may_be_as_long_as_the_file_allows(in_tmp: Path) -> None:
    """No CSV field limit of its own: a note longer than the csv module's default 128 KiB."""
    from gapcli.io.loader import load_scenario

    note = "word " * 60_000
    write_files(
        in_tmp / "t",
        {
            "scenario.yaml": BASE_FILES["scenario.yaml"],
            "stances.csv": "party,issue,position,salience,source,note\n"
            f'p,tenure,5,1,art,"{note}"\n',
        },
    )
    party = load_scenario(in_tmp / "t").scenario.party("p")
    assert party is not None and party.stances["tenure"].note == note.strip()


def test_spaces_around_cells_and_empty_rows_are_ignored(in_tmp: Path) -> None:
    from gapcli.io.loader import load_scenario

    write_files(
        in_tmp / "t",
        {
            "scenario.yaml": BASE_FILES["scenario.yaml"],
            "stances.csv": "\ufeff party , issue ,position, salience ,source\r\n"
            ",,,,\r\n"
            "   \r\n"
            " p , tenure , 5 , 1 , art \r\n",
        },
    )
    loaded = load_scenario(in_tmp / "t")
    assert [w for w in loaded.warnings if "stances.csv" in w.location.path] == []
    party = loaded.scenario.party("p")
    assert party is not None and party.stances["tenure"].position == 5  # type: ignore[union-attr]
    assert loaded.scenario.table is not None and loaded.scenario.table.lines.tolist() == [4]


def test_reading_a_table_does_not_import_pandas(tmp_path: Path) -> None:
    """pyarrow's to_numpy() imports pandas wherever it is installed (the test extra installs
    it): 0.2 s and 40 MiB on every load of a table, for nothing."""
    import subprocess
    import sys

    write_files(
        tmp_path / "t",
        {
            "scenario.yaml": BASE_FILES["scenario.yaml"],
            "stances.csv": "party,issue,position,salience\ngov,tenure,100,1\nopp,tenure,0,1\n",
        },
    )
    code = (
        "import sys; from pathlib import Path; from gapcli.io.loader import load_scenario; "
        f"load_scenario(Path({str(tmp_path / 't')!r})); print('pandas' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert shown.stdout.strip() == "False", shown.stderr
