"""The analysis commands as a user runs them: every format, exit codes, JSON against the
schema kept in docs/schema/output.schema.json."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import REPO, assert_no_crash, run

EXAMPLE = REPO / "docs" / "examples" / "three-parties.yaml"
OUTPUT_SCHEMA = json.loads((REPO / "docs" / "schema" / "output.schema.json").read_text())
VALIDATOR = Draft202012Validator(OUTPUT_SCHEMA)

COMMANDS = [
    ("gaps",),
    ("gaps", "--issue", "tenure"),
    ("gaps", "--issue", "talks"),
    ("gaps", "--issue", "guarantors"),
    ("deadlocks",),
    ("issue", "tenure"),
    ("issue", "talks"),
    ("issue", "guarantors"),
    ("party", "a"),
    ("party", "b"),
    ("validate",),
    ("validate", "--set", "b.capability=3"),
    ("deadlocks", "--set", "a.tenure.accepts=0..70"),
    ("whatif", "--set", "b.capability=3", "--set", "a.guarantors.reject="),
    ("timeline",),
]


def command_line(args: tuple[str, ...], path: Path) -> list[str]:
    """The scenario path goes after the command's own positional argument."""
    if args[0] in ("issue", "party"):
        return [args[0], args[1], str(path), *args[2:]]
    return [args[0], str(path), *args[1:]]


def json_of(*args: str | Path) -> dict[str, Any]:
    """The command's JSON document, after checking the run and the document's schema."""
    result = run(*args, "--json")
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    errors = sorted(VALIDATOR.iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    return doc


def result_of(*args: str | Path) -> dict[str, Any]:
    """The ``result`` of the command's checked JSON document."""
    body: dict[str, Any] = json_of(*args)["result"]
    return body


def test_the_output_schema_is_a_valid_schema() -> None:
    Draft202012Validator.check_schema(OUTPUT_SCHEMA)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_json_matches_the_schema(args: tuple[str, ...]) -> None:
    doc = json_of(*command_line(args, EXAMPLE))
    assert doc["command"] == args[0]
    assert doc["scenario"]["title"] == "Three parties, worked by hand"


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_format_prints_something_plain(args: tuple[str, ...], fmt: str) -> None:
    result = run(*command_line(args, EXAMPLE), "--format", fmt)
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() and "\x1b[" not in result.stdout
    assert result.stderr == ""
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert len({len(r) for r in rows}) == 1 and len(rows) >= 2
    if fmt == "markdown":
        assert "\n| " in result.stdout and "|---" in result.stdout.replace(":", "")


def test_gaps_json_values() -> None:
    doc = json_of("gaps", str(EXAMPLE))["result"]
    assert doc["parties"] == ["a", "b", "c"]
    assert doc["matrix"] == [
        [0.0, 0.6, 0.602273],
        [0.6, 0.0, 0.151515],
        [0.602273, 0.151515, 0.0],
    ]
    assert [(p["a"], p["b"], p["deadlock_count"]) for p in doc["pairs"]] == [
        ("a", "c", 3),
        ("a", "b", 2),
        ("b", "c", 0),
    ]
    assert all("deadlocks" not in p for p in doc["pairs"])  # the lists come with --full
    full = json_of("gaps", str(EXAMPLE), "--full")["result"]
    assert [(p["a"], p["b"], p["deadlocks"], p["deadlock_count"]) for p in full["pairs"]] == [
        ("a", "c", ["tenure", "talks", "guarantors"], 3),
        ("a", "b", ["tenure", "guarantors"], 2),
        ("b", "c", [], 0),
    ]
    assert {k: v for k, v in full.items() if k != "pairs"} == {
        k: v for k, v in doc.items() if k != "pairs"
    }


def test_gaps_on_one_issue() -> None:
    doc = json_of("gaps", str(EXAMPLE), "--issue", "tenure")["result"]
    assert doc["issue"] == "tenure"
    assert doc["matrix"][0] == [0.0, 1.0, 0.5]
    pairs = {(p["a"], p["b"]): p for p in doc["pairs"]}
    assert pairs["a", "b"]["hard_gap"] == 0.4 and not pairs["a", "b"]["compatible"]
    assert pairs["b", "c"]["compatible"] and pairs["b", "c"]["hard_gap"] == 0


def test_deadlocks_json_order_and_moves() -> None:
    doc = json_of("deadlocks", str(EXAMPLE))["result"]
    assert doc["counts"] == {"deadlock": 3, "agreement": 0}
    issues = doc["issues"]
    assert [i["id"] for i in issues] == ["talks", "guarantors", "tenure"]
    assert [i["severity"] for i in issues] == [0.6, 0.5, 0.4]
    tenure = issues[2]
    assert tenure["bridge"] == 50 and tenure["support_point"] == 60
    assert tenure["blockers"] == ["a"]
    assert tenure["party_count"] == 3 and tenure["must_move_count"] == 2
    assert "moves" not in tenure and "parties" not in tenure  # the lists come with --full
    full = json_of("deadlocks", str(EXAMPLE), "--full")["result"]["issues"][2]
    assert {m["party"]: m["move"] for m in full["moves"]} == {"a": 0.3, "b": 0.1, "c": 0}
    assert full["parties"] == ["a", "b", "c"]
    assert {k: v for k, v in full.items() if k not in ("moves", "parties")} == tenure
    guarantors = issues[1]
    assert guarantors["bridge"] == {"include": ["russia", "iran", "us"], "exclude": []}
    assert [(c["option"], c["blockers"]) for c in guarantors["contests"]] == [
        ("iran", ["a"]),
        ("us", ["c"]),
    ]


def test_issue_and_party_json() -> None:
    doc = json_of("issue", "tenure", str(EXAMPLE))["result"]
    assert doc["issue"]["range"] == [0, 100]
    assert [s["party"] for s in doc["stances"]] == ["a", "b", "c"]
    assert doc["stances"][1]["accepts"] == [60, 100]
    party = json_of("party", "a", str(EXAMPLE))["result"]
    assert [o["party"] for o in party["others"]] == ["b", "c"]
    assert party["deadlocks"] == ["tenure", "talks", "guarantors"]
    assert party["blocks"] == ["tenure", "guarantors"]
    assert {i["issue"]: i["move"] for i in party["issues"]} == {
        "tenure": 0.3,
        "talks": 0,
        "guarantors": 0.333333,
    }


def test_issue_number_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    out = run("issue", "tenure", str(EXAMPLE)).stdout
    line_a = next(line for line in out.splitlines() if line.startswith("a "))
    assert "●" in line_a and "━" in line_a and line_a.rstrip().endswith("0 [0, 20]")
    assert any(
        line.startswith("bridge") and line.rstrip().endswith("50") for line in out.splitlines()
    )
    assert "0: leaves at once" in out


@pytest.mark.parametrize("command", [["deadlocks"], ["gaps"], ["gaps", "--issue", "tenure"]])
def test_fail_on_deadlock_exits_3_after_printing(command: list[str]) -> None:
    result = run(command[0], str(EXAMPLE), *command[1:], "--fail-on", "deadlock", "--json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["command"] == command[0]


def test_fail_on_deadlock_exits_0_without_one(base: Path) -> None:
    result = run("gaps", "sc", "--issue", "talks", "--fail-on", "deadlock")
    assert result.exit_code == 0, result.output
    assert run("deadlocks", "sc", "--fail-on", "deadlock").exit_code == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("issue", "tenur"), "unknown issue 'tenur'; did you mean 'tenure'?"),
        (("party", "d"), "unknown party 'd' (expected a, b or c)"),
        (("gaps", "--issue", "talk"), "unknown issue 'talk'; did you mean 'talks'?"),
    ],
)
def test_unknown_ids_are_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = run(*command_line(args, EXAMPLE))
    assert_no_crash(result)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_bad_scenario_is_exit_1_for_analysis_commands(base: Path) -> None:
    (base / "parties" / "gov.yaml").write_text("name: [\n")
    for command in (["gaps"], ["deadlocks"], ["issue", "tenure"], ["party", "gov"]):
        args = [command[0], *command[1:], "sc"]
        result = run(*args)
        assert_no_crash(result)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith("sc/parties/gov.yaml:")


SYRIA = REPO / "positions" / "syria-2017-05"
SYRIA_ISSUES = [
    "assad-tenure",
    "iran-role",
    "guarantors",
    "talks-format",
    "lead-track",
    "unsc-endorsement",
    "us-military-commitment",
    "de-escalation-zones",
    "chemical-accountability",
]
SYRIA_PARTIES = [
    "government",
    "opposition",
    "russia",
    "iran",
    "turkey",
    "united-states",
    "un-envoy",
]


@pytest.mark.parametrize(
    "args",
    [("gaps",), ("deadlocks",), ("validate",)]
    + [("issue", i) for i in SYRIA_ISSUES]
    + [("party", p) for p in SYRIA_PARTIES]
    + [("gaps", "--issue", i) for i in SYRIA_ISSUES],
    ids=" ".join,
)
def test_the_worked_example_in_every_format(args: tuple[str, ...]) -> None:
    doc = json_of(*command_line(args, SYRIA))
    assert doc["scenario"]["as_of"] == "2017-05-16" and doc["warnings"] == []
    for fmt in ("table", "csv", "markdown"):
        result = run(*command_line(args, SYRIA), "-f", fmt)
        assert result.exit_code == 0 and result.stdout.strip() and result.stderr == ""


def test_number_line_in_ascii_fits_a_narrow_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "50")  # NO_COLOR is set: ASCII
    out = run("issue", "tenure", str(EXAMPLE)).stdout
    line_a = next(line for line in out.splitlines() if line.startswith("a "))
    axis = line_a[19:].split("  ")[0]
    # 50 columns less the name (19), the gap (2) and the widest "100 [60, 100]" (13): 16.
    # a accepts [0, 20] with its position at 0: 'o', then up to round(0.2 * 15) = 3
    assert axis == "o---" + "." * 12
    figure = out.split("Parties")[0].splitlines()[2:]  # the number line, before the table
    assert figure and all(ord(ch) < 128 for line in figure for ch in line)
    assert max(len(line) for line in out.splitlines() if line.startswith(("a ", "bridge"))) <= 50


def test_heatmap_numbers_its_columns_when_ids_do_not_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import POSITIONS

    monkeypatch.setenv("COLUMNS", "75")
    out = run("gaps", str(POSITIONS / "syria-2017-05")).stdout
    header = next(line for line in out.splitlines() if "┃" in line and "1" in line)
    assert [cell.strip() for cell in header.split("┃")[2:-1]] == [str(n) for n in range(1, 8)]
    assert any("2 iran" in line for line in out.splitlines())
    assert any("united-states" in line for line in out.splitlines())  # never cut
    assert "Columns are numbered as the rows." in out
    assert max(len(line) for line in out.splitlines()) <= 75
