"""Messages that name every kind a key applies to, and the lo..hi form of a pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_no_crash, run


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_status_quo_on_a_set_issue_names_both_kinds_that_take_it(base: Path) -> None:
    options = "    options: {russia"
    _edit(base / "scenario.yaml", options, f"    status_quo: us\n{options}")
    result = run("validate", "sc")
    assert result.exit_code == 1
    assert result.stderr == (
        "sc/scenario.yaml:17:5: unknown key 'status_quo' in issue 'guarantors' (it applies to "
        "a scale issue or a choice issue, and this is a set issue)\n"
    )


def test_accepts_on_a_set_stance_names_both_kinds_that_take_it(base: Path) -> None:
    result = run("validate", "sc", "--set", "gov.guarantors.accepts=us")
    assert result.exit_code == 1
    assert result.stderr == (
        "--set 'gov.guarantors.accepts=us': unknown key 'accepts' in stance on 'guarantors' (it "
        "applies to a stance on a scale issue or a stance on a choice issue, and this is a "
        "stance on a set issue)\n"
    )


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("3.67-20", "not the text '3.67-20' (or lo..hi: 3.67..20)"),
        ("'3.67 – 20'", "not the text '3.67 – 20' (or lo..hi: 3.67..20)"),
        ("high", "not the text 'high' (or lo..hi, e.g. 0..100)"),
        ("80", "not the number 80 (or lo..hi, e.g. 0..100)"),
        ("[0, 10, 25]", "not a list"),
    ],
)
def test_a_pair_written_otherwise_shows_the_lo_hi_form(base: Path, written: str, hint: str) -> None:
    _edit(base / "parties" / "opp.yaml", "accepts: [0, 25]", f"accepts: {written}")
    result = run("validate", "sc")
    assert_no_crash(result)
    assert result.exit_code == 1
    assert result.stderr == (
        f"sc/parties/opp.yaml:3:34: accepts: expected [lo, hi], two numbers, {hint}\n"
    )


def test_the_lo_hi_form_that_the_hint_shows_is_read(base: Path) -> None:
    _edit(base / "parties" / "opp.yaml", "accepts: [0, 25]", "accepts: 0..20.5")
    assert run("validate", "sc").exit_code == 0


def test_a_dashed_range_of_an_issue(base: Path) -> None:
    _edit(base / "scenario.yaml", "range: [0, 100]", "range: 0-100")
    result = run("validate", "sc")
    assert result.exit_code == 1
    assert result.stderr == (
        "sc/scenario.yaml:10:12: range: expected [lo, hi], two numbers, not the text '0-100' "
        "(or lo..hi: 0..100)\n"
    )


def test_a_dashed_set_value(base: Path) -> None:
    result = run("validate", "sc", "--set", "opp.tenure.accepts=5-20")
    assert result.exit_code == 1
    assert result.stderr == (
        "--set 'opp.tenure.accepts=5-20': accepts: expected [lo, hi], two numbers, not the "
        "text '5-20' (or lo..hi: 5..20)\n"
    )
