"""DEU III (../shared/data/deu3/deu3.csv, read from there, never copied) as the benchmark
writes it (bench/deu3.py): a scenario gapcli validates, whose every stance, capability and
status quo is the data's, and whose weighted means are those worked out from the raw cells.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, bench_module, json_result, run, shared_data

#: The data: the header, the weights line (capability), one dict a row of an issue
Raw = tuple[dict[str, str], list[dict[str, str]]]


@pytest.fixture(scope="module")
def raw() -> Raw:
    data = shared_data_file()
    with data.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader)
        weights = dict(zip(header, next(reader), strict=True))
        return weights, [dict(zip(header, row, strict=True)) for row in reader]


def shared_data_file() -> Path:
    return shared_data("deu3", "deu3.csv") / "deu3.csv"


@pytest.fixture(scope="module")
def deu3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = bench_module("deu3").write(
        tmp_path_factory.mktemp("deu3") / "deu3", shared_data_file()
    )
    return path


def actors() -> list[str]:
    return list(bench_module("deu3").ACTORS)


def test_the_scenario_is_valid_and_has_every_actor_and_issue(deu3: Path, raw: Raw) -> None:
    weights, rows = raw
    result = json_result("validate", deu3)
    stances = sum(1 for r in rows for a in actors() if r["p" + a] and r["s" + a])
    assert result["valid"] is True
    assert result["counts"] == {
        "issues": 364,
        "parties": 30,
        "sources": 1,
        "stances": stances,
        "warnings": 0,
    }
    assert stances == 7155  # 54 positions without a salience are left out
    assert {p["id"]: p["capability"] for p in result["parties"]} == {
        a: float(weights["p" + a]) for a in actors()
    }
    assert [i["id"] for i in result["issues"]] == [r["isnr"] for r in rows]


def test_every_stance_is_the_datas(deu3: Path, raw: Raw, tmp_path: Path) -> None:
    _, rows = raw
    out = tmp_path / "stances.csv"
    done = run("export", "csv", deu3, "-o", out)  # the stances as gapcli read them
    assert done.exit_code == 0, done.output
    with out.open(encoding="utf-8", newline="") as f:
        read = {
            (s["party"], s["issue"]): (float(s["position"]), float(s["salience"]))
            for s in csv.DictReader(f)
        }
    expected = {
        (a, r["isnr"]): (float(r["p" + a]), float(r["s" + a]) / 100)
        for r in rows
        for a in actors()
        if r["p" + a] and r["s" + a]
    }
    assert read == expected


def test_status_quo_and_weighted_means_from_the_raw_cells(deu3: Path, raw: Raw) -> None:
    """The forecast's weighted mean, weights capability x salience (capability alone where
    every salience on the issue is 0), against the same sum over the data's cells."""
    weights, rows = raw
    scale = {s["issue"]: s for s in json_result("forecast", deu3)["scale"]}
    for r in rows:
        found = scale[r["isnr"]]
        assert found["status_quo"] == (float(r["rp"]) if r["rp"] else None), r["isnr"]
        held = [
            (float(r["p" + a]), float(weights["p" + a]), float(r["s" + a]) / 100)
            for a in actors()
            if r["p" + a] and r["s" + a]
        ]
        w = [c * s for _, c, s in held] if any(s for _, _, s in held) else [c for _, c, _ in held]
        mean = sum(wk * x for wk, (x, _, _) in zip(w, held, strict=True)) / sum(w)
        assert found["mean"] == pytest.approx(mean, abs=1e-5), r["isnr"]


def test_equal_capability(raw: Raw, tmp_path: Path) -> None:
    path = bench_module("deu3").write(tmp_path / "equal", shared_data_file(), "equal")
    result = json_result("validate", path)
    assert {p["capability"] for p in result["parties"]} == {1.0}


def test_absent_data_is_said_and_nothing_is_written(tmp_path: Path) -> None:
    """No data needed: the script names the path it looked at and exits 1."""
    missing = tmp_path / "nowhere" / "deu3.csv"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "deu3.py"), str(tmp_path / "out"), "--data", missing],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == f"DEU III data not found: {missing} (pass --data PATH/deu3.csv)\n"
    assert not (tmp_path / "out").exists()


def test_the_default_data_path_is_beside_the_repository() -> None:
    data: Any = bench_module("deu3").DATA
    assert data == REPO.parent / "shared" / "data" / "deu3" / "deu3.csv"


#: Three issues of the data, chosen for having the fewest actors, worked by hand
#: (position, capability from the weights line, salience / 100):
#:   n03327i3 (outcome 75): com 100 (4.1, 0.8), fr 0 (2.8, 0.9).
#:     GDP weights: mean = 100 x 3.28 / (3.28 + 2.52) = 56.552, error 18.448.
#:     Equal: 100 x 0.8 / 1.7 = 47.059, error 27.941.
#:   n98189i2 (outcome 0): com 100 (4.1, 0.5), de 0 (4.1, 1.0).
#:     GDP weights: 100 x 2.05 / 6.15 = 33.333, error 33.333. Equal: 50 / 1.5, the same.
#:   n99255i2 (outcome 92): com 100 (4.1, 0.5), pt 100 (0.27, 0.65), es 83 (1.46, 0.65).
#:     GDP weights: (205 + 17.55 + 78.767) / (2.05 + 0.1755 + 0.949) = 94.918, error 2.918.
#:     Equal: (50 + 65 + 53.95) / 1.8 = 93.861, error 1.861.
#: Mean error: GDP weights (18.448 + 33.333 + 2.918) / 3 = 18.233; equal 21.045.
SLICE = {"n03327i3", "n98189i2", "n99255i2"}
SLICE_ERRORS = {"weights": 18.233183, "equal": 21.045207}


def write_slice(raw: Raw, to: Path) -> Path:
    """The data's header and weights line and the SLICE's rows, as deu3.csv is written."""
    weights, rows = raw
    header = list(weights)
    with to.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writerow(header)
        writer.writerow([weights[h] for h in header])
        writer.writerows([r[h] for h in header] for r in rows if r["isnr"] in SLICE)
    return to


@pytest.mark.parametrize("capability", ["weights", "equal"])
def test_backtest_of_a_hand_worked_slice(raw: Raw, tmp_path: Path, capability: str) -> None:
    data = write_slice(raw, tmp_path / "slice.csv")
    path = bench_module("deu3").write(tmp_path / "slice", data, capability)
    result = json_result("backtest", path, "--samples", "0")
    mean = next(r for r in result["scale"] if r["model"] == "mean")
    assert mean["n"] == 3
    assert mean["error_points"] == pytest.approx(SLICE_ERRORS[capability], abs=1e-5)
    assert mean["error_share"] == pytest.approx(SLICE_ERRORS[capability] / 100, abs=1e-6)


def documented_mean_errors() -> dict[str, float]:
    """The weighted mean's errors docs/validity.md states: its table's 'mean' row, the GDP
    weights' column and the equal capabilities' (in % of the scale)."""
    import re

    text = (REPO / "docs" / "validity.md").read_text(encoding="utf-8")
    row = re.search(r"^\| mean \| ([0-9.]+) \([^)]*\) \| ([0-9.]+) \(", text, re.MULTILINE)
    assert row, "docs/validity.md has no '| mean | ...' row in its table of errors"
    return {"weights": float(row.group(1)), "equal": float(row.group(2))}


@pytest.mark.parametrize("capability", ["weights", "equal"])
def test_the_documented_mean_error_is_the_datas(raw: Raw, tmp_path: Path, capability: str) -> None:
    """docs/validity.md's weighted-mean error, from the raw cells (as the slice above is
    worked) and from `gapcli backtest` on the whole data."""
    weights, rows = raw
    errors = []
    for r in rows:
        if not r["out"]:
            continue
        held = [
            (
                float(r["p" + a]),
                float(weights["p" + a]) if capability == "weights" else 1.0,
                float(r["s" + a]) / 100,
            )
            for a in actors()
            if r["p" + a] and r["s" + a]
        ]
        w = [c * s for _, c, s in held] if any(s for _, _, s in held) else [c for _, c, _ in held]
        mean = sum(wk * x for wk, (x, _, _) in zip(w, held, strict=True)) / sum(w)
        errors.append(abs(mean - float(r["out"])))
    raw_error = sum(errors) / len(errors)
    path = bench_module("deu3").write(tmp_path / "deu3", shared_data_file(), capability)
    result = json_result("backtest", path, "--samples", "0", "--rounds", "0")
    mean = next(r for r in result["scale"] if r["model"] == "mean")
    assert (mean["n"], len(errors)) == (353, 353)
    assert mean["error_points"] == pytest.approx(raw_error, abs=1e-5)
    assert round(raw_error, 1) == documented_mean_errors()[capability]
