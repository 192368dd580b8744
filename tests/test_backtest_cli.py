"""`gapcli backtest` from the command line: outcomes written in YAML and issues.csv, every
output format, the options, and the errors a user can make."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_no_crash, json_result, run, write_files

#: The hand-worked case of tests/test_backtest.py, as a user writes it: a at 0, b at 100,
#: c at 80 (capabilities 1, 1, 2; saliences 1, 0.5, 0.5); the outcome 60 (mean 52: error 8;
#: median and bridge 80: error 20; status quo 50: error 10).
SCENARIO = """\
title: Worked by hand
as_of: 2020-01-01
sources:
  rec: {title: The record}
issues:
  s:
    kind: scale
    status_quo: 50
    outcome: 60
    outcome_as_of: 2021-06-30
    outcome_source: rec
    tags: {year: 2021, region: north}
  ch:
    kind: choice
    options: [x, y]
    status_quo: x
    outcome: y
    outcome_source: rec
    tags: {year: 2020}
  st:
    kind: set
    options: [p, q]
    outcome: [p]
    outcome_source: rec
  open:
    kind: scale
    outcome_note: Not settled when this was written.
parties:
  a:
    capability: 1
    stances:
      s: {position: 0, salience: 1, source: rec}
      ch: {prefers: x, salience: 1, source: rec}
      st: {require: [p], salience: 1, source: rec}
      open: {position: 0, salience: 1, source: rec}
  b:
    capability: 1
    stances:
      s: {position: 100, salience: 0.5, source: rec}
      ch: {prefers: y, salience: 0.5, source: rec}
      st: {require: [p], salience: 0.5, source: rec}
  c:
    capability: 2
    stances:
      s: {position: 80, salience: 0.5, source: rec}
      ch: {prefers: y, salience: 0.5, source: rec}
      st: {require: [p], reject: [q], salience: 0.5, source: rec}
"""


@pytest.fixture
def talks(in_tmp: Path) -> Path:
    write_files(in_tmp, {"talks/scenario.yaml": SCENARIO})
    return Path("talks")  # as a user names it, from the folder it is in


def by_model(result: dict[str, Any], issue: str) -> dict[str, Any]:
    record = next(r for r in result["issues"] if r["issue"] == issue)
    return {f["model"]: f for f in record["forecasts"]}


def test_json_from_yaml_outcomes(talks: Path) -> None:
    result = json_result("backtest", talks, "--samples", "0")
    s = by_model(result, "s")
    assert (s["mean"]["error"], s["median"]["error"], s["status-quo"]["error"]) == (8, 20, 10)
    assert by_model(result, "ch")["bridge"]["hit"] is True
    assert by_model(result, "st")["bridge"]["value"] == ["p"]
    record = next(r for r in result["issues"] if r["issue"] == "s")
    assert record["outcome_as_of"] == "2021-06-30" and record["sources"] == ["rec"]
    assert record["tags"] == {"year": "2021", "region": "north"}
    assert result["unrecorded"] == [
        {"scenario": "talks", "issue": "open", "note": "Not settled when this was written."}
    ]
    assert result["settings"]["rounds"] == 10 and "exchange" in s


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_every_format(talks: Path, fmt: str) -> None:
    done = run("backtest", talks, "--samples", "0", "--format", fmt)
    assert_no_crash(done)
    assert done.exit_code == 0, done.output
    assert "\x1b[" not in done.stdout and done.stderr == ""
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(done.stdout)))
        mean = next(r for r in rows if r["issue"] == "s" and r["model"] == "mean")
        assert (mean["forecast"], mean["error"], mean["error_share"]) == ("52.0", "8.0", "0.08")
        bridge = next(r for r in rows if r["issue"] == "st")
        assert (bridge["outcome"], bridge["forecast"], bridge["hit"]) == ("p", "p", "1")
    elif fmt == "markdown":
        assert "| mean | 1 | 8.0 |" in done.stdout
    else:
        assert "the weighted mean was off by 8.0% of the scale" in done.stdout
        assert "Not settled when this was written." in done.stdout


def test_by_tag_and_unknown_field(talks: Path) -> None:
    result = json_result("backtest", talks, "--samples", "0", "--by", "year")
    groups = {(r["group"], r["model"]) for r in result["scale"]}
    assert ("2021", "mean") in groups and (None, "mean") in groups
    assert {r["group"] for r in result["other"]} == {None, "2020", "(none)"}
    done = run("backtest", talks, "--by", "yeer")
    assert done.exit_code == 2
    assert "no issue with an outcome has a field 'yeer'" in done.stderr
    assert "region" in done.stderr and "year" in done.stderr


def test_several_scenarios_and_a_folder_of_them(talks: Path, in_tmp: Path) -> None:
    later = SCENARIO.replace("as_of: 2020-01-01", "as_of: 2020-06-01").replace(
        "position: 0, salience: 1, source: rec}\n      ch",
        "position: 40, salience: 1, source: rec}\n      ch",
    )
    write_files(in_tmp, {"all/early/scenario.yaml": SCENARIO, "all/late/scenario.yaml": later})
    result = json_result("backtest", in_tmp / "all", "--samples", "0")
    assert [s["path"].rsplit("/", 1)[1] for s in result["scenarios"]] == ["early", "late"]
    assert result["counts"]["with_outcome"] == 6
    # one issue in two snapshots is one outcome: its forecasts are drawn together, and the
    # one choice issue, missed or hit twice, gives no interval
    assert result["settings"]["cluster"] == "issue"
    choice = next(r for r in result["other"] if r["kind"] == "choice" and r["model"] == "bridge")
    assert (choice["n"], choice["hits"], choice["low"]) == (2, 2, None)
    means = {
        r["scenario"].rsplit("/", 1)[1]: by_model(result, "s")["mean"]["value"]
        for r in result["issues"]
        if r["issue"] == "s"
    }
    # late: a moves to 40, so the mean is (40 + 50 + 80) / 2.5 = 68
    late = next(r for r in result["issues"] if r["issue"] == "s" and r["scenario"].endswith("late"))
    assert {f["model"]: f for f in late["forecasts"]}["mean"]["value"] == 68
    assert means


def test_no_outcome_is_one_line_and_exit_1(in_tmp: Path) -> None:
    plain = (
        SCENARIO.replace("    outcome: 60\n", "").split("  ch:")[0]
        + "parties:\n  a:\n    stances:\n      s: {position: 1, salience: 1, source: rec}\n"
    )
    plain = plain.replace("    outcome_as_of: 2021-06-30\n    outcome_source: rec\n", "")
    write_files(in_tmp, {"plain.yaml": plain})
    done = run("backtest", in_tmp / "plain.yaml")
    assert done.exit_code == 1, done.output
    assert done.stderr.count("\n") == 1 and "records an outcome" in done.stderr
    assert done.stdout == ""


def test_without_a_party_changes_the_forecast(talks: Path) -> None:
    result = json_result("backtest", talks, "--samples", "0", "--without", "a")
    # b and c: (50 + 80) / 1.5 = 86.667, error 26.667
    assert by_model(result, "s")["mean"]["error"] == pytest.approx(26.666667)


def test_uncertainty_gives_bands(talks: Path) -> None:
    result = json_result("backtest", talks, "--uncertainty", "0.1", "--samples", "500")
    mean = by_model(result, "s")["mean"]
    assert mean["band"][0] < 52 < mean["band"][1]
    assert [r["model"] for r in result["calibration"]] == ["mean", "median", "bridge"]
    done = run("backtest", talks, "--uncertainty", "2")
    assert done.exit_code == 2


def test_the_json_document_is_one_line_into_a_pipe(talks: Path) -> None:
    done = run("backtest", talks, "--samples", "0", "--json")
    assert done.stdout.count("\n") == 1
    doc = json.loads(done.stdout)
    assert doc["command"] == "backtest" and doc["scenario"]["path"] == "talks"


def test_validate_shows_the_recorded_outcomes(talks: Path) -> None:
    result = json_result("validate", talks)
    assert {i["id"]: i["outcome"] for i in result["issues"]} == {
        "s": 60,
        "ch": "y",
        "st": ["p"],
        "open": None,
    }
    done = run("validate", talks)
    assert "Outcomes: 3 recorded, 1 left out with a note" in done.stdout
    assert any("outcome" in line and "parties" in line for line in done.stdout.splitlines())
