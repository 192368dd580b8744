"""stances.parquet in place of stances.csv: the same table, the same rules, the same
results; problems name the row (Parquet has no lines)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
from pyarrow import parquet

from conftest import run, write_files
from test_tabular_fuzz import FILES

ONE_LINE = dict(FILES, **{"stances.csv": FILES["stances.csv"].replace("a note\non", "a note on")})
NUMBERS = {"position", "salience", "capability", "accepts_lo", "accepts_hi", "uncertainty"}


def as_parquet(text: str, path: Path) -> None:
    """The CSV table as Parquet: number columns as numbers (empty: null), the rest text."""
    rows = [r for r in csv.DictReader(io.StringIO(text)) if any(v.strip() for v in r.values())]
    columns = {}
    for name in rows[0]:
        cells = [r[name] for r in rows]
        if name in NUMBERS:
            columns[name] = pa.array([float(c) if c.strip() else None for c in cells])
        else:
            columns[name] = pa.array(cells)
    parquet.write_table(pa.table(columns), path)


def scenario(root: Path, stances: str) -> Path:
    files = {k: v for k, v in ONE_LINE.items() if k != "stances.csv"}
    write_files(root, files)
    as_parquet(stances, root / "stances.parquet")
    return root


def test_the_same_results_as_the_csv_table(in_tmp: Path) -> None:
    write_files(in_tmp / "csv", ONE_LINE)
    scenario(in_tmp / "pq", ONE_LINE["stances.csv"])
    for command in ("deadlocks", "gaps", "validate", "forecast"):
        a, b = run(command, "csv", "--json"), run(command, "pq", "--json")
        assert (a.exit_code, b.exit_code) == (0, 0), b.output
        assert json.loads(a.stdout)["result"] == json.loads(b.stdout)["result"], command


def test_a_problem_names_the_row(in_tmp: Path) -> None:
    bad = ONE_LINE["stances.csv"].replace("new,talks,,0.5", "new,talks,,2")
    scenario(in_tmp / "pq", bad)
    result = run("validate", "pq")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "pq/stances.parquet:2: salience: out of range (expected 0 to 1)"
    ]


def test_a_bad_capability_names_the_row(in_tmp: Path) -> None:
    bad = ONE_LINE["stances.csv"].replace("new,talks,,0.5,2", "new,talks,,0.5,0")
    scenario(in_tmp / "pq", bad)
    result = run("validate", "pq")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "pq/stances.parquet:2: capability: 0 is out of range (expected a number > 0)"
    ]


def test_a_file_that_is_not_parquet(in_tmp: Path) -> None:
    write_files(in_tmp / "pq", {**{k: v for k, v in ONE_LINE.items() if k != "stances.csv"}})
    (in_tmp / "pq" / "stances.parquet").write_bytes(b"party,issue\nnew,tenure\n")
    result = run("validate", "pq")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line == (
        "pq/stances.parquet: not a Parquet file gapcli can read (Parquet magic bytes not found "
        "in footer)"
    )


def test_a_list_column_is_refused(in_tmp: Path) -> None:
    write_files(in_tmp / "pq", {k: v for k, v in ONE_LINE.items() if k != "stances.csv"})
    table = pa.table(
        {
            "party": ["new"],
            "issue": ["talks"],
            "salience": [0.5],
            "prefers": ["direct"],
            "accepts": pa.array([["direct", "none"]]),
        }
    )
    parquet.write_table(table, in_tmp / "pq" / "stances.parquet")
    result = run("validate", "pq")
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            "pq/stances.parquet: column 'accepts' holds list<element: string> (expected text "
            "or numbers, as in stances.csv: lists as text separated by ';')"
        ],
    )


def test_two_stances_tables_are_refused(in_tmp: Path) -> None:
    write_files(in_tmp / "both", ONE_LINE)
    as_parquet(ONE_LINE["stances.csv"], in_tmp / "both" / "stances.parquet")
    result = run("validate", "both")
    assert result.exit_code == 1
    assert (
        "both/stances.parquet: a second stances table beside stances.csv (keep one of them)"
        in result.stderr.splitlines()
    )


def test_a_column_twice_is_refused(in_tmp: Path) -> None:
    write_files(in_tmp / "pq", {k: v for k, v in ONE_LINE.items() if k != "stances.csv"})
    columns = [pa.array(["new"]), pa.array(["tenure"]), pa.array([0.5]), pa.array([0.7])]
    table = pa.Table.from_arrays(columns, names=["party", "issue", "salience", "salience"])
    parquet.write_table(table, in_tmp / "pq" / "stances.parquet")
    result = run("validate", "pq")
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            "pq/stances.parquet: column 'salience' appears twice (columns 3 and 4; keep one, "
            "else one of them would be ignored)"
        ],
    )


def test_set_changes_a_row_as_in_the_csv_table(in_tmp: Path) -> None:
    write_files(in_tmp / "csv", ONE_LINE)
    scenario(in_tmp / "pq", ONE_LINE["stances.csv"])
    change = ("--set", "new.tenure.position=45")
    a = run("issue", "tenure", "csv", *change, "--json")
    b = run("issue", "tenure", "pq", *change, "--json")
    assert (a.exit_code, b.exit_code) == (0, 0), b.output
    assert json.loads(a.stdout)["result"] == json.loads(b.stdout)["result"]
    moved = json.loads(b.stdout)["result"]["moves"]
    assert "new" in [m["party"] for m in moved]
    bad = run("issue", "tenure", "pq", "--set", "new.tenure.position=500")
    assert (bad.exit_code, bad.stderr.splitlines()) == (
        1,
        [
            "--set 'new.tenure.position=500': position: outside the issue's range "
            "(row 1 of pq/stances.parquet)",
            "--set 'new.tenure.position=500': position: outside [accepts_lo, accepts_hi] "
            "(expected lo <= position <= hi) (row 1 of pq/stances.parquet)",
        ],
    )
