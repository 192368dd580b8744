"""Narrow terminals (issue 15, item 7): ids wrap, never cut; numeric columns' headers give
way first; a table whose words cannot fit is drawn one block of lines a row; a matrix that
cannot fit says so and shows the ranked pairs. Piped tables end no line in spaces."""

from __future__ import annotations

import re

import pytest

from gapcli.render.output import column_widths

from conftest import POSITIONS, assert_no_crash, run

SYRIA = POSITIONS / "syria-2017-05"
COMMANDS = [("deadlocks",), ("gaps",), ("trades",), ("gaps", "--issue", "assad-tenure")]


def output(monkeypatch: pytest.MonkeyPatch, width: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run(*args, SYRIA)
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    return result.stdout


def whole_ids(text: str) -> set[str]:
    """The scenario's party and issue ids that appear whole (not cut, not split by a line
    break) in ``text``."""
    import yaml

    scenario = yaml.safe_load((SYRIA / "scenario.yaml").read_text(encoding="utf-8"))
    ids = set(scenario["issues"]) | {p.stem for p in (SYRIA / "parties").glob("*.yaml")}
    return {i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)}


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("width", [40, 60, 80])
def test_every_id_appears_whole_at_any_width(
    monkeypatch: pytest.MonkeyPatch, width: int, args: tuple[str, ...]
) -> None:
    wide = output(monkeypatch, 300, *args)
    narrow = output(monkeypatch, width, *args)
    assert whole_ids(wide)  # the check checks something
    assert whole_ids(narrow) == whole_ids(wide)
    assert "…" not in narrow.replace("… and", "")  # nothing cut (a count of rows may say …)
    assert max(len(line) for line in narrow.splitlines()) <= width
    assert not re.search(r"\d\.…|\d…", narrow)  # no number cut either


def test_every_id_of_the_worked_example_is_whole_in_deadlocks_at_40(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = output(monkeypatch, 40, "deadlocks")
    lines = out.splitlines()
    for issue in ("chemical-accountability", "us-military-commitment", "de-escalation-zones"):
        assert any(line.startswith(f"issue: {issue}") for line in lines)
    assert "  status: deadlock   severity: 0.402" in lines


def test_a_matrix_that_cannot_fit_says_so_and_ranks_the_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = output(monkeypatch, 40, "gaps")
    assert "The 7 x 7 matrix is too wide for 40 columns" in " ".join(out.split())
    assert "0.…" not in out and "Most distant pairs" in out


def test_numeric_headers_give_way_before_ids() -> None:
    columns = ("party", "shared issues", "deadlocked on")
    texts = [["united-states", "8", "chemical-accountability, iran-role"]]
    # room for every word of the cells (a comma sticks to its id), not for the header
    # "issues" of the numeric column
    widths = column_widths(columns, texts, [False, True, False], 13 + 1 + 24 + 10)
    assert widths == [13, 1, 24]
    # with room for the header's longest word, the numeric column keeps it
    assert column_widths(columns, texts, [False, True, False], 13 + 6 + 24 + 10) == [13, 6, 24]
    # less room than the ids need: draw blocks
    assert column_widths(columns, texts, [False, True, False], 40) is None
    # room for everything on one line
    assert column_widths(columns, texts, [False, True, False], 200) == [13, 13, 34]


def test_piped_tables_end_no_line_in_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    for args in COMMANDS:
        out = output(monkeypatch, 100, *args)
        assert all(line == line.rstrip() for line in out.splitlines()), args
