"""gapcli diff: two snapshots of the same talks, and two scenarios with different parties."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_analysis_cli import EXAMPLE, VALIDATOR

from conftest import POSITIONS, assert_no_crash, run


def diff_json(old: Path | str, new: Path | str) -> dict[str, Any]:
    result = run("diff", old, new, "--json")
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    assert not list(VALIDATOR.iter_errors(doc))
    assert doc["command"] == "diff"
    body: dict[str, Any] = doc["result"]
    return body


def test_syria_march_to_may() -> None:
    d = diff_json(POSITIONS / "syria-2017-03", POSITIONS / "syria-2017-05")
    assert d["old"]["as_of"] == "2017-03-31" and d["new"]["as_of"] == "2017-05-16"
    assert d["parties"] == {"added": [], "removed": []}
    shifts = {(s["party"], s["issue"]): s for s in d["shifts"]}
    us_tenure = shifts["united-states", "assad-tenure"]
    assert (us_tenure["old"], us_tenure["new"], us_tenure["move"]) == (
        "70 [40, 100]",
        "35 [20, 60]",
        -0.35,
    )
    us_guarantors = shifts["united-states", "guarantors"]
    assert us_guarantors["old"] == "require nothing; reject iran"
    assert us_guarantors["new"] == "require united-states; reject iran"
    assert d["entered_deadlock"] == ["de-escalation-zones"] and d["left_deadlock"] == []
    changes = {c["issue"]: c for c in d["changes"]}
    assert "united-states" in changes["assad-tenure"]["blockers"]["new"]
    assert "united-states" not in changes["assad-tenure"]["blockers"]["old"]
    widest = d["gaps"][0]
    assert (widest["a"], widest["b"]) == ("government", "united-states") and widest["change"] > 0


def test_different_parties_and_issues(in_tmp: Path) -> None:
    text = EXAMPLE.read_text()
    changed = text.split("  c:\n")[0].replace(
        "  guarantors:\n    kind: set", "  venue:\n    kind: set"
    )
    changed = changed.replace(
        "      guarantors: {require: [us], reject: [iran]",
        "      venue: {require: [us], reject: [iran]",
    )
    changed = changed.replace(
        "      guarantors: {require: [russia, iran]", "      venue: {require: [russia, iran]"
    )
    changed = changed.replace("position: 0, accepts: [0, 20]", "position: 40, accepts: [30, 60]")
    (in_tmp / "new.yaml").write_text(changed)
    d = diff_json(EXAMPLE, "new.yaml")
    assert d["parties"] == {"added": [], "removed": ["c"]}
    assert d["issues"] == {"added": ["venue"], "removed": ["guarantors"]}
    assert [(s["party"], s["issue"], s["move"]) for s in d["shifts"]] == [("a", "tenure", 0.4)]
    assert d["left_deadlock"] == ["tenure", "talks"]
    assert [(g["a"], g["b"]) for g in d["gaps"]] == [("a", "b")]


def test_diff_table_and_bad_input(in_tmp: Path) -> None:
    result = run("diff", POSITIONS / "syria-2017-03", POSITIONS / "syria-2017-05")
    assert result.exit_code == 0 and "Stance shifts" in result.stdout
    (in_tmp / "broken.yaml").write_text("title: [\n")
    bad = run("diff", EXAMPLE, "broken.yaml")
    assert_no_crash(bad)
    assert bad.exit_code == 1 and bad.stderr.startswith("broken.yaml:")
