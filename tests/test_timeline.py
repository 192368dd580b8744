"""gapcli timeline: snapshots in date order, each pair's gap per snapshot, deadlock counts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from test_analysis_cli import result_of

from conftest import BASE_FILES, POSITIONS, assert_no_crash, run, worked_examples, write_files

MARCH, MAY = POSITIONS / "syria-2017-03", POSITIONS / "syria-2017-05"


def timeline_json(*paths: str | Path) -> dict[str, Any]:
    return result_of("timeline", *paths)


def gaps_of(path: Path) -> dict[tuple[str, str], float]:
    """Every pair's gap, as ``gaps --json`` prints it for one snapshot."""
    doc = json.loads(run("gaps", path, "--json").stdout)["result"]
    parties, matrix = doc["parties"], doc["matrix"]
    return {(a, b): matrix[i][j] for i, a in enumerate(parties) for j, b in enumerate(parties)}


def test_snapshots_are_ordered_by_date_whatever_the_argument_order() -> None:
    t = timeline_json(MAY, MARCH)
    assert [s["as_of"] for s in t["snapshots"]] == ["2017-03-31", "2017-05-16"]
    assert [s["deadlocks"] for s in t["snapshots"]] == [6, 7]
    assert "de-escalation-zones" in t["snapshots"][1]["deadlocked"]
    assert "de-escalation-zones" not in t["snapshots"][0]["deadlocked"]
    status = {i["issue"]: i["status"] for i in t["issues"]}
    assert status["de-escalation-zones"] == ["agreement", "deadlock"]


def test_pair_gaps_match_the_gaps_command_for_each_snapshot() -> None:
    t = timeline_json(MARCH, MAY)
    march, may = gaps_of(MARCH), gaps_of(MAY)
    assert len(t["pairs"]) == 21  # 7 parties
    for pair in t["pairs"]:
        key = (pair["a"], pair["b"])
        assert pair["gaps"] == [march[key], may[key]]
        assert abs(pair["change"] - (may[key] - march[key])) <= 1.5e-6  # each value is rounded


def test_a_folder_of_scenarios_is_every_snapshot_in_it(tmp_path: Path) -> None:
    folder = worked_examples(tmp_path) / "positions"
    t = timeline_json(folder)
    assert [s["path"] for s in t["snapshots"]] == [
        f"{folder.as_posix()}/syria-2017-03",
        f"{folder.as_posix()}/syria-2017-05",
    ]


def test_a_party_missing_from_a_snapshot_has_no_gap_there(in_tmp: Path) -> None:
    write_files(in_tmp / "early", dict(BASE_FILES))
    later = dict(BASE_FILES)
    later["scenario.yaml"] = later["scenario.yaml"].replace("2017-05-16", "2017-06-01")
    later["parties/third.yaml"] = "stances:\n  tenure: {position: 50, salience: 1, source: art}\n"
    write_files(in_tmp / "later", later)
    t = timeline_json("later", "early")
    pairs = {(p["a"], p["b"]): p for p in t["pairs"]}
    assert pairs["gov", "third"]["gaps"] == [None, 0.5]  # tenure only: |100 - 50| / 100
    assert pairs["gov", "third"]["change"] is None  # one value: no change to speak of
    assert pairs["gov", "opp"]["change"] == 0
    table = run("timeline", "early", "later")
    assert table.exit_code == 0
    row = next(line for line in table.stdout.splitlines() if "gov / third" in line)
    assert "·▅" in row  # missing, then 0.5: the fifth of eight bars, [0.5, 0.625)


def test_csv_holds_the_numbers(in_tmp: Path) -> None:
    result = run("timeline", MARCH, MAY, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["a", "b", "2017-03-31", "2017-05-16", "change"]
    assert len(rows) == 22
    for row in rows[1:]:
        old, new, change = (float(v) for v in row[2:])
        assert abs((new - old) - change) < 2e-6


def test_an_undated_snapshot_is_an_input_error(in_tmp: Path) -> None:
    undated = dict(BASE_FILES)
    undated["scenario.yaml"] = undated["scenario.yaml"].replace("as_of: 2017-05-16\n", "")
    write_files(in_tmp / "undated", undated)
    result = run("timeline", "undated", MAY)
    assert_no_crash(result)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("undated: no as_of date: a timeline orders its snapshots")


def test_problems_in_several_snapshots_are_reported_together(in_tmp: Path) -> None:
    for name in ("a", "b"):
        broken = dict(BASE_FILES)
        broken["parties/gov.yaml"] = "stances: [oops\n"
        write_files(in_tmp / name, broken)
    result = run("timeline", "a", "b")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split("/")[0] for line in lines] == ["a", "b"]


def test_no_positions_folder_says_how_to_name_one(in_tmp: Path) -> None:
    for command in ("timeline", "watch"):
        result = run(command)
        assert result.exit_code == 1
        assert "no scenario named and no ./positions folder here" in result.stderr


def test_a_scenario_named_twice_counts_once_and_csv_headers_stay_unique(in_tmp: Path) -> None:
    t = timeline_json(MAY, MAY.resolve())
    assert len(t["snapshots"]) == 1
    write_files(in_tmp / "a", dict(BASE_FILES))
    write_files(in_tmp / "b", dict(BASE_FILES))  # the same date
    result = run("timeline", "a", "b", "--format", "csv")
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert len(header) == len(set(header)) == 5
