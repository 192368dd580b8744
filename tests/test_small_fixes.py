"""Small inconsistencies (issue 15, item 9), one test each."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import POSITIONS, assert_no_crash, run

SYRIA = POSITIONS / "syria-2017-05"


def stdout(*args: object) -> str:
    result = run(*map(str, args))
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_csv_numbers_are_rounded_as_json() -> None:
    rows = list(csv.reader(io.StringIO(stdout("gaps", SYRIA, "--format", "csv"))))
    matrix = json.loads(stdout("gaps", SYRIA, "--json"))["result"]["matrix"]
    assert [[float(v) for v in row[1:]] for row in rows[1:]] == matrix
    assert all(len(v.split(".")[-1]) <= 6 for row in rows[1:] for v in row[1:])


def test_the_terminal_heatmap_has_a_legend() -> None:
    out = " ".join(stdout("gaps", SYRIA).split())
    assert "Colours: 0 to 0.2 green, 0.2 to 0.4 dark green, 0.4 to 0.6 olive, " in out
    assert "0.6 to 0.8 orange, 0.8 to 1 red." in out


def test_gaps_on_one_issue_counts_the_parties_its_matrix_shows() -> None:
    out = stdout("gaps", SYRIA, "--issue", "assad-tenure")
    assert out.startswith("assad-tenure: 6 of 7 parties take a stance;")
    matrix = out.split("Distances on assad-tenure")[1].split("└")[0]
    assert sum(line.startswith("│ ") for line in matrix.splitlines()) == 6
    assert "un-envoy" not in matrix  # it takes no stance on assad-tenure
    # the JSON keeps every party, as docs/json.md says
    assert (
        len(json.loads(stdout("gaps", SYRIA, "-i", "assad-tenure", "--json"))["result"]["matrix"])
        == 7
    )


@pytest.mark.parametrize("args", [("deadlocks",), ("gaps",), ("trades",), ("forecast",)])
def test_piped_tables_keep_no_trailing_spaces(args: tuple[str, ...]) -> None:
    out = stdout(*args, SYRIA)
    assert [line for line in out.splitlines() if line != line.rstrip()] == []
