"""Small inconsistencies (issue 15, item 9), one test each."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

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


def test_issue_shows_a_choice_issues_status_quo() -> None:
    assert "Status quo: proximity." in stdout("issue", "talks-format", SYRIA)


BREAKOUT = """\
title: Breakout time
issues:
  breakout-time: {kind: scale, range: [0, 24]}
parties:
  iran:
    stances: {breakout-time: {position: 6, accepts: [1, 12], salience: 0.3}}
  russia:
    stances: {breakout-time: {position: 4, accepts: [0, 12], salience: 0.2}}
  israel:
    capability: 1.5
    stances: {breakout-time: {position: 24, accepts: [18, 24], salience: 1}}
"""


def test_issue_says_what_blockers_and_moves_are(tmp_path: Path) -> None:
    """Issue 15, item 6: the blocker (israel, outside 12, the point of most support) needs no
    move to the bridge (18), while iran and russia, which do not block, must move; the output
    says what each word means."""
    path = tmp_path / "breakout.yaml"
    path.write_text(BREAKOUT, encoding="utf-8")
    out = " ".join(stdout("issue", "breakout-time", path).split())
    assert out.startswith(
        "breakout-time: deadlock. Blocked by israel (outside 12, the point most capability "
        "supports, 2). Bridge: 18 (the point needing the least weighted concession, 0.125); "
        "must move to it: iran, russia."
    )
    assert (
        "blocks = does not accept 12, the point most capability supports; move = how far the "
        "bridge (18) lies outside what the party accepts (0 to 1). A blocker may need no move, "
        "and a party that does not block may need one."
    ) in out
    deadlocks = " ".join(stdout("deadlocks", path).split())
    assert "blockers = the parties outside the point most capability supports" in deadlocks
    assert "a blocker may need no move" in deadlocks
