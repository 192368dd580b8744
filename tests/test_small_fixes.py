"""Small inconsistencies (issue 15, item 9), one test each."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

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


def syria_page() -> dict[str, Any]:
    from gapcli.api import load
    from gapcli.render.report.build import context

    return context(load(SYRIA))


def test_the_report_rounds_forecasts_as_the_terminal() -> None:
    forecasts = json.loads(stdout("forecast", SYRIA, "--json"))["result"]["scale"]
    page = {f["issue"]: f for f in syria_page()["forecasts"]}
    terminal = stdout("forecast", SYRIA)
    for f in forecasts:
        shown = page[f["issue"]]["mean"]
        assert shown == (f"{f['mean']:.3f}" if f["mean"] != int(f["mean"]) else str(int(f["mean"])))
        assert shown in terminal


def test_trades_never_print_a_point_zero() -> None:
    for trade in syria_page()["trades"]:
        assert ".0)" not in trade["a"] + trade["b"] and ".0 " not in trade["a"] + trade["b"]
    rows = [line for line in stdout("trades", SYRIA).splitlines() if "->" in line]
    assert rows and not any(".0 " in r or r.endswith(".0") for r in rows)


def test_a_scale_axis_with_labels_keeps_its_numeric_ends(tmp_path: Path) -> None:
    """Labels near the ends (3 and 97 of 0 to 100): the terminal's axis still prints 0 and
    100, and the report's axis has both ends with their numbers as well as the labels."""
    from gapcli.analyses import compiled, issue_results
    from gapcli.analyses.figures import number_line
    from gapcli.api import load
    from gapcli.model import ScaleIssue
    from gapcli.render.report.pictures import number_line as page_line

    path = tmp_path / "s.yaml"
    path.write_text(
        "title: T\nissues:\n  x:\n    kind: scale\n    range: [0, 100]\n"
        "    labels: {3: low, 97: high}\nparties:\n"
        "  a: {stances: {x: {position: 10, salience: 1}}}\n",
        encoding="utf-8",
    )
    loaded = load(path)
    issue = loaded.scenario.issue("x")
    assert isinstance(issue, ScaleIssue)
    result = issue_results(loaded)[0]
    drawn = number_line(loaded.scenario, issue, result, width=40)
    numbers = next(line for line in drawn if line.strip().startswith("0")).split()
    assert numbers[0] == "0" and numbers[-1] == "100"
    page = page_line(compiled(loaded), 0, issue, result)
    assert [t["label"] for t in page["ticks"]] == ["0", "3: low", "97: high", "100"]


def test_the_trades_footnote_says_what_the_model_does() -> None:
    out = " ".join(stdout("trades", SYRIA).split())
    assert (
        "each party moves on the issue it cares relatively less about than the other party "
        "does, toward the other; no move carries an expected outcome past the party that gains "
        "from it."
    ) in out
