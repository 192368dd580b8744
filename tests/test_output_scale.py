"""Output that stays readable at any size (issue 12): tables for people cut at 50 rows and 8
names a cell unless --all, a gap matrix too wide for the terminal replaced by the pairs, and
JSON (schema_version 2) whose long lists come only with --full."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from brute import random_scenario

from gapcli.engine import compile_scenario, gap_matrix, pair_issues
from gapcli.engine.apart import deadlocked

from conftest import POSITIONS, assert_no_crash, run, write_files

SYRIA = POSITIONS / "syria-2017-05"


def document(*args: str | Path) -> dict[str, Any]:
    result = run(*args, "--json")
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    assert doc["schema_version"] == 2
    body: dict[str, Any] = doc["result"]
    return body


def table(*args: str | Path) -> str:
    result = run(*args)
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    return result.stdout


def wide(root: Path, parties: int, issues: int = 3) -> Path:
    """A scale scenario in tables: ``parties`` parties p0, p1, ... at different points of
    every issue (``issues`` of them), each accepting its own point only."""
    stances = "".join(
        f"p{p},i{i},{(p * 37 + i * 11) % 101},1\n" for p in range(parties) for i in range(issues)
    )
    write_files(
        root,
        {
            "scenario.yaml": "title: Wide\n",
            "issues.csv": "id,kind,lo,hi\n" + "".join(f"i{i},scale,0,100\n" for i in range(issues)),
            "stances.csv": "party,issue,position,salience\n" + stances,
        },
    )
    return root


# -- tables for people -------------------------------------------------------------------


def test_all_shows_every_row_and_the_cut_line_names_it(in_tmp: Path) -> None:
    path = wide(in_tmp / "w", 3, issues=60)
    cut = table("validate", path)
    assert "… and 10 more rows, not shown (60 in all; use --all, --format markdown or --json" in (
        " ".join(cut.splitlines())
    )
    every = table("validate", path, "--all")
    assert "more rows" not in every
    assert sum(line.startswith("│ i") for line in every.splitlines()) == 60


def test_one_row_more_than_fifty_is_drawn_rather_than_counted(in_tmp: Path) -> None:
    out = table("validate", wide(in_tmp / "w", 2, issues=51))
    assert "more rows" not in out
    assert sum(line.startswith("│ i") for line in out.splitlines()) == 51


def test_a_long_list_in_a_cell_names_eight_then_counts_unless_all(in_tmp: Path) -> None:
    """Twelve parties all at different points with no tolerance: each issue is deadlocked
    and most of them block; the cell names eight, counts the rest, and --all or Markdown
    names them all."""
    path = wide(in_tmp / "w", 12, issues=1)
    issue = document("deadlocks", path)["issues"][0]
    blockers = issue["blockers"]
    assert len(blockers) > 9
    cut = " ".join(table("deadlocks", path).split())
    assert f"{', '.join(blockers[:8])} and {len(blockers) - 8} more" in cut.replace(" │ ", " ")
    every = " ".join(table("deadlocks", path, "--all").split()).replace(" │ ", " ")
    assert ", ".join(blockers) in every and f"and {len(blockers) - 8} more" not in every
    markdown = table("deadlocks", path, "--format", "markdown")
    assert ", ".join(blockers) in markdown


def test_tables_come_hardest_deadlock_and_widest_gap_first() -> None:
    issues = document("deadlocks", SYRIA)["issues"]
    severities = [i["severity"] for i in issues if i["status"] == "deadlock"]
    assert severities == sorted(severities, reverse=True)
    pairs = document("gaps", SYRIA)["pairs"]
    gaps = [p["gap"] for p in pairs if p["gap"] is not None]
    assert gaps == sorted(gaps, reverse=True)
    out = table("sensitivity", SYRIA, "-n", "300")
    body = out.split("┡")[1].split("└")[0].splitlines()[1:]
    shown = [float(r.split("│")[3]) for r in body if r.split("│")[1].strip()]
    assert len(shown) == 9
    assert shown == sorted(shown, reverse=True)


# -- a gap matrix too wide for the terminal ----------------------------------------------


def test_a_matrix_too_wide_is_one_line_and_the_most_distant_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    out = table("gaps", SYRIA)
    lines = out.splitlines()
    assert "The 7 x 7 matrix is too wide for 60 columns: the pairs follow instead, most " in (
        " ".join(out.split())
    )
    assert "Pair gaps G" not in out and "Most distant pairs" in out and "Closest pairs" in out
    pairs = document("gaps", SYRIA)["pairs"]
    # the columns do not fit 60 with every issue id whole: each pair is a block of lines
    ranked = out.split("Most distant pairs")[1].split("Closest pairs")[0].splitlines()
    assert ranked[1] == f"party: {pairs[0]['a']}   party: {pairs[0]['b']}   gap: 0.773"
    # all 21 pairs in the ranked table: fewer than 50, so every one is drawn
    assert sum(line.startswith("party: ") for line in ranked) == 21
    assert lines.index("Most distant pairs") > 0
    csv = table("gaps", SYRIA, "--format", "csv").splitlines()
    assert csv[0] == ",government,iran,opposition,russia,turkey,un-envoy,united-states"


def test_numbered_columns_while_they_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    """7 numbered columns (60) and the longest id whole (united-states, 13) fit in 73."""
    monkeypatch.setenv("COLUMNS", "73")
    out = table("gaps", SYRIA)
    assert "Pair gaps G" in out and "Columns are numbered as the rows." in out
    assert "too wide" not in out


def test_a_wide_matrix_lists_fifty_pairs_and_all_of_them_with_all(in_tmp: Path) -> None:
    path = wide(in_tmp / "w", 14)  # 91 pairs; 8 x 14 + 4 columns do not fit in 100
    out = table("gaps", path)
    assert "The 14 x 14 matrix is too wide for 100 columns" in out
    assert "… and 41 more rows, not shown (91 in all; use --all" in " ".join(out.splitlines())
    every = table("gaps", path, "--all")
    assert "Pairs, most distant first" in every and "Closest pairs" not in every
    ranked = [line for line in every.splitlines() if line.startswith("│ p")]
    assert len(ranked) == 91 and "more rows" not in every
    assert "Pair gaps G" not in every  # --all never draws a matrix that does not fit


def test_all_lists_every_pair_under_a_matrix_that_fits() -> None:
    out = table("gaps", SYRIA, "--all")
    assert "Pair gaps G" in out and "Pairs, most distant first" in out
    assert "Closest pairs" not in out
    markdown = table("gaps", SYRIA, "--format", "markdown")
    assert "### Pair gaps G" in markdown and "### Pairs, most distant first" in markdown
    assert (
        sum(line.startswith("| ") for line in markdown.split("most distant first")[1].splitlines())
        == 22
    )


def test_pair_cells_name_eight_deadlocked_issues_then_count(in_tmp: Path) -> None:
    path = wide(in_tmp / "w", 2, issues=12)
    pair = document("gaps", path, "--full")["pairs"][0]
    assert pair["deadlock_count"] == 12 == len(pair["deadlocks"])
    out = " ".join(table("gaps", path).split()).replace(" │ ", " ")
    assert ", ".join(pair["deadlocks"][:8]) + " and 4 more" in out


@pytest.mark.parametrize("seed", range(60))
def test_deadlocked_issues_of_chosen_pairs_match_the_engine(seed: int) -> None:
    scenario = random_scenario(random.Random(seed))
    compiled = compile_scenario(scenario)
    n = len(compiled.party_ids)
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
    found = deadlocked(compiled, pairs)
    counts = gap_matrix(compiled).deadlocks
    ids = [issue.id for issue in scenario.issues]
    for (a, b), (issues, count) in zip(pairs, found, strict=True):
        want = [p.issue for p in pair_issues(compiled, a, b) if not p.compatible]
        assert [ids[i] for i in issues] == want and count == len(want) == counts[a, b]
    for issues, count in deadlocked(compiled, pairs, 1):
        assert len(issues) == min(1, count)


# -- JSON schema_version 2 ---------------------------------------------------------------


def test_gaps_json_counts_each_pairs_deadlocks_and_lists_them_with_full() -> None:
    pairs = document("gaps", SYRIA)["pairs"]
    assert pairs[0] == {
        "a": "iran",
        "b": "opposition",
        "gap": 0.773478,
        "shared": 8,
        "deadlock_count": 7,
    }
    assert [p["deadlock_count"] for p in pairs[:3]] == [7, 6, 6]
    full = document("gaps", SYRIA, "--full")["pairs"]
    assert full[0]["deadlocks"] == [
        "assad-tenure",
        "iran-role",
        "guarantors",
        "lead-track",
        "us-military-commitment",
        "de-escalation-zones",
        "chemical-accountability",
    ]
    assert all(p["deadlock_count"] == len(p["deadlocks"]) for p in full)
    assert [{k: v for k, v in p.items() if k != "deadlocks"} for p in full] == pairs


def test_deadlocks_json_counts_parties_and_movers_and_lists_them_with_full() -> None:
    issues = document("deadlocks", SYRIA)["issues"]
    assert [(i["id"], i["party_count"], i["must_move_count"]) for i in issues] == [
        ("iran-role", 6, 3),
        ("assad-tenure", 6, 4),
        ("guarantors", 6, 2),
        ("chemical-accountability", 6, 5),
        ("us-military-commitment", 6, 4),
        ("lead-track", 7, 4),
        ("de-escalation-zones", 7, 2),
        ("talks-format", 5, 0),
        ("unsc-endorsement", 7, 0),
    ]
    assert not any("moves" in i or "parties" in i for i in issues)
    full = document("deadlocks", SYRIA, "--full")["issues"]
    assert [m["party"] for m in full[0]["moves"] if m["must_move"]] == [
        "iran",
        "opposition",
        "united-states",
    ]
    for short, long in zip(issues, full, strict=True):
        assert len(long["parties"]) == short["party_count"]
        assert sum(m["must_move"] for m in long["moves"]) == short["must_move_count"]
        assert {k: v for k, v in long.items() if k not in ("moves", "parties")} == short


def test_issue_json_always_has_its_parties_and_moves() -> None:
    body = document("issue", "iran-role", SYRIA)
    assert body["party_count"] == len(body["parties"]) == 6
    assert body["must_move_count"] == 3 and len(body["moves"]) == 6


def test_validate_json_counts_each_issues_parties_and_lists_them_with_full() -> None:
    issues = document("validate", SYRIA)["issues"]
    assert [(i["id"], i["party_count"]) for i in issues] == [
        ("assad-tenure", 6),
        ("iran-role", 6),
        ("guarantors", 6),
        ("talks-format", 5),
        ("lead-track", 7),
        ("unsc-endorsement", 7),
        ("us-military-commitment", 6),
        ("de-escalation-zones", 7),
        ("chemical-accountability", 6),
    ]
    full = document("validate", SYRIA, "--full")["issues"]
    assert full[3]["parties"] == ["government", "opposition", "russia", "un-envoy", "united-states"]
    assert [{k: v for k, v in i.items() if k != "parties"} for i in full] == issues


def test_validate_counts_yaml_and_table_stances_together(in_tmp: Path) -> None:
    """A party with stances in its YAML file and in stances.csv: counted from both."""
    write_files(
        in_tmp / "t",
        {
            "scenario.yaml": "title: Both\nissues:\n  x: {kind: scale}\n  y: {kind: scale}\n"
            "  z: {kind: scale}\n",
            "parties/a.yaml": "name: A\nstances:\n  y: {position: 10, salience: 1}\n",
            "stances.csv": "party,issue,position,salience\na,x,5,1\nb,x,50,1\nb,z,60,1\n",
        },
    )
    body = document("validate", in_tmp / "t", "--full")
    assert body["counts"]["stances"] == 4
    assert [(i["id"], i["party_count"], i["parties"]) for i in body["issues"]] == [
        ("x", 2, ["a", "b"]),
        ("y", 1, ["a"]),
        ("z", 1, ["b"]),
    ]
    assert [(p["id"], p["stances"]) for p in body["parties"]] == [("a", 2), ("b", 2)]


def test_forecast_json_lists_parties_and_distances_with_full_only() -> None:
    scale = document("forecast", SYRIA)["scale"]
    assert [(s["issue"], s["party_count"]) for s in scale] == [
        ("assad-tenure", 6),
        ("iran-role", 6),
        ("lead-track", 7),
        ("us-military-commitment", 6),
        ("de-escalation-zones", 7),
        ("chemical-accountability", 6),
    ]
    assert scale[1]["far"] == ["iran", "opposition", "turkey", "united-states"]
    assert not any("distances" in s or "parties" in s for s in scale)
    full = document("forecast", SYRIA, "--full")["scale"]
    assert [d["party"] for d in full[1]["distances"] if d["outside"]] == scale[1]["far"]
    assert [{k: v for k, v in s.items() if k not in ("parties", "distances")} for s in full] == (
        scale
    )


def test_sensitivity_json_counts_what_each_party_blocks_and_lists_it_with_full() -> None:
    args = ("sensitivity", SYRIA, "-n", "2000", "--seed", "7")
    body = document(*args)
    assert [(p["party"], p["blocks_count"]) for p in body["parties"]] == [
        ("government", 6),
        ("iran", 7),
        ("opposition", 9),
        ("russia", 4),
        ("turkey", 7),
        ("un-envoy", 3),
        ("united-states", 8),
    ]
    assert "pairs" not in body and not any("blocks" in p for p in body["parties"])
    full = document(*args, "--full")
    iran = full["parties"][1]
    assert iran["blocks"]["iran-role"] == 0 and len(iran["blocks"]) == 8
    assert iran["expected_blocked"] == 0.7015
    for p in full["parties"]:
        assert p["blocks_count"] == sum(v > 0 for v in p["blocks"].values())
    assert len(full["pairs"]) == 148
    assert [{k: v for k, v in p.items() if k != "blocks"} for p in full["parties"]] == (
        body["parties"]
    )


@pytest.mark.parametrize(
    "command", ["validate", "gaps", "deadlocks", "forecast", "sensitivity"], ids=str
)
def test_full_is_the_one_option_for_every_list_and_its_help_says_what(command: str) -> None:
    out = " ".join(table(command, "--help").split())
    assert "--full JSON: also" in out and "--all" in out


@pytest.mark.parametrize(
    "command",
    ["issue", "party", "whatif", "diff", "timeline", "trades", "blocs", "watch"],
    ids=str,
)
def test_every_command_with_tables_takes_all(command: str) -> None:
    assert "--all" in table(command, "--help")


def leaves(value: Any) -> int:
    if isinstance(value, dict):
        return sum(leaves(v) for v in value.values())
    if isinstance(value, list):
        return sum(leaves(v) for v in value)
    return 1


@pytest.mark.parametrize("command", ["validate", "gaps", "deadlocks", "forecast", "sensitivity"])
def test_default_json_grows_with_parties_squared_plus_parties_times_issues(
    in_tmp: Path, command: str
) -> None:
    """12 parties, 40 issues, every pair deadlocked on every issue: the per-pair issue lists
    (P^2/2 x I) and the per-issue lists of parties and moves are left out by default."""
    parties, issues = 12, 40
    path = wide(in_tmp / "w", parties, issues=issues)
    small = ["-n", "20"] if command == "sensitivity" else []
    body = document(command, path, *small)
    assert leaves(body) <= 2 * (parties**2 + parties * issues)
    full = document(command, path, "--full", *small)
    assert leaves(full) > leaves(body)


def test_the_cut_line_says_when_json_needs_full_for_the_rows(in_tmp: Path) -> None:
    """The moves of deadlocks are per party and issue: JSON has them with --full only."""
    path = wide(in_tmp / "w", 12, issues=6)
    out = " ".join(table("deadlocks", path).split())
    moves = out.split("Moves the bridges ask")[1]
    assert "in all; use --all, --format markdown or --json --full for all)" in moves
    count = sum(i["must_move_count"] for i in document("deadlocks", path)["issues"])
    assert f"more rows, not shown ({count} in all;" in moves
    every = document("deadlocks", path, "--full")["issues"]
    assert sum(m["must_move"] for i in every for m in i["moves"]) == count
