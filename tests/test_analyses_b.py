"""The analyses behind forecast, trades, issue, diff, whatif, timeline and validate, called
from Python: each gives the ``result`` the command prints with --json, and the table
options (``tables``, ``rows``) change the tables only."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from gapcli.analyses import UnknownId
from gapcli.analyses.diff import diff, whatif
from gapcli.analyses.forecast import forecast
from gapcli.analyses.issue import issue
from gapcli.analyses.records import Report
from gapcli.analyses.timeline import timeline
from gapcli.analyses.trades import MAX_ROUNDS, trades
from gapcli.analyses.validate import validate
from gapcli.io.loader import Loaded, load_scenario
from gapcli.io.overrides import parse

from conftest import ONE_FILE, POSITIONS, json_result, run

MAY = POSITIONS / "syria-2017-05"
MARCH = POSITIONS / "syria-2017-03"
CHANGE = "united-states.assad-tenure.accepts=25..75"


def loaded(path: Path, sets: Sequence[str] = ()) -> Loaded:
    return load_scenario(path, [parse(s) for s in sets])


@pytest.mark.parametrize("path", [MAY, MARCH], ids=["may", "march"])
@pytest.mark.parametrize("full", [False, True], ids=["", "full"])
def test_forecast(path: Path, full: bool) -> None:
    report = forecast(loaded(path), full=full)
    expected = json_result("forecast", path, *(["--full"] if full else []))
    assert report.to_dict() == expected
    assert report.command == "forecast"


def test_forecast_with_a_change() -> None:
    report = forecast(loaded(MAY, [CHANGE]))
    assert report.to_dict() == json_result("forecast", MAY, "--set", CHANGE)


@pytest.mark.parametrize("path", [MAY, MARCH], ids=["may", "march"])
@pytest.mark.parametrize(("rounds", "top"), [(0, 10), (3, 10), (8, 0), (1, 2)])
def test_trades(path: Path, rounds: int, top: int) -> None:
    report = trades(loaded(path), rounds=rounds, top=top)
    expected = json_result("trades", path, "--rounds", str(rounds), "--top", str(top))
    assert report.to_dict() == expected


@pytest.mark.parametrize("rounds", [-1, MAX_ROUNDS + 1])
def test_trades_refuses_rounds_out_of_range(rounds: int) -> None:
    with pytest.raises(ValueError, match="rounds"):
        trades(loaded(MAY), rounds=rounds)


def test_trades_refuses_a_negative_top() -> None:
    with pytest.raises(ValueError, match="top"):
        trades(loaded(MAY), top=-1)


@pytest.mark.parametrize("path", [MAY, MARCH], ids=["may", "march"])
def test_issue_every_issue(path: Path) -> None:
    scenario = loaded(path)
    for one in scenario.scenario.issues:
        report = issue(scenario, one.id)
        assert report.to_dict() == json_result("issue", one.id, path), one.id
        assert bool(report.figures) == (one.kind == "scale")


def test_issue_with_a_change() -> None:
    report = issue(loaded(MAY, [CHANGE]), "assad-tenure")
    assert report.to_dict() == json_result("issue", "assad-tenure", MAY, "--set", CHANGE)


def test_issue_unknown_id_names_the_valid_ones() -> None:
    with pytest.raises(UnknownId, match="did you mean 'assad-tenure'") as caught:
        issue(loaded(MAY), "assad-tenur")
    assert "iran-role" in str(caught.value)


def test_issue_unknown_id_stays_a_usage_error_on_the_command_line() -> None:
    outcome = run("issue", "nosuch", MAY)
    assert outcome.exit_code == 2
    assert "unknown issue 'nosuch'" in outcome.output


@pytest.mark.parametrize(("old", "new"), [(MARCH, MAY), (MAY, MARCH), (MAY, MAY)])
def test_diff(old: Path, new: Path) -> None:
    report = diff(loaded(old), loaded(new))
    assert report.to_dict() == json_result("diff", old, new)


@pytest.mark.parametrize("path", [MAY, MARCH], ids=["may", "march"])
@pytest.mark.parametrize("sets", [[CHANGE], ["iran.capability=2", "opposition.guarantors.reject="]])
def test_whatif(path: Path, sets: list[str]) -> None:
    report = whatif(loaded(path), loaded(path, sets))
    flags = [part for s in sets for part in ("--set", s)]
    assert report.to_dict() == json_result("whatif", path, *flags)
    assert report.scenario is not None and list(report.scenario.overrides) == sets


def test_timeline_of_the_two_worked_examples() -> None:
    expected = json_result("timeline", MARCH, MAY)
    assert timeline([loaded(MARCH), loaded(MAY)]).to_dict() == expected
    assert timeline([loaded(MAY), loaded(MARCH)]).to_dict() == expected  # put in date order
    assert timeline([loaded(MAY)]).to_dict() == json_result("timeline", MAY)


def test_timeline_needs_dated_snapshots(tmp_path: Path) -> None:
    undated = tmp_path / "undated.yaml"
    undated.write_text(ONE_FILE)
    with pytest.raises(ValueError, match="at least one"):
        timeline([])
    with pytest.raises(ValueError, match="no as_of"):
        timeline([loaded(MAY), load_scenario(undated)])


@pytest.mark.parametrize("path", [MAY, MARCH], ids=["may", "march"])
@pytest.mark.parametrize("full", [False, True], ids=["", "full"])
def test_validate(path: Path, full: bool) -> None:
    report = validate(loaded(path), full=full)
    assert report.to_dict() == json_result("validate", path, *(["--full"] if full else []))


def test_validate_with_a_change() -> None:
    report = validate(loaded(MAY, ["iran.capability=2"]))
    assert report.to_dict() == json_result("validate", MAY, "--set", "iran.capability=2")


def every_report() -> list[tuple[str, Any]]:
    """Each analysis as a function of its table options, on the May scenario."""
    may, march = loaded(MAY), loaded(MARCH)
    changed = loaded(MAY, [CHANGE])
    return [
        ("forecast", lambda **o: forecast(may, full=True, **o)),
        ("trades", lambda **o: trades(may, rounds=3, top=0, **o)),
        ("issue scale", lambda **o: issue(may, "assad-tenure", **o)),
        ("issue set", lambda **o: issue(may, "guarantors", **o)),
        ("diff", lambda **o: diff(march, may, **o)),
        ("whatif", lambda **o: whatif(may, changed, **o)),
        ("timeline", lambda **o: timeline([march, may], **o)),
        ("validate", lambda **o: validate(may, **o)),
    ]


@pytest.mark.parametrize("name", [name for name, _ in every_report()])
def test_table_options_change_the_tables_only(name: str) -> None:
    analysis = dict(every_report())[name]
    whole: Report = analysis()
    bare: Report = analysis(tables=False)
    assert whole.tables and not bare.tables and not bare.figures and bare.csv is None
    assert bare.to_dict() == whole.to_dict()
    cut: Report = analysis(rows=2)
    assert cut.to_dict() == whole.to_dict()
    assert cut.summary == whole.summary
    for short, long in zip(cut.tables, whole.tables, strict=True):
        assert short.title == long.title and short.columns == long.columns
        assert short.rows == long.rows[:2]
        assert short.count == long.count  # the rows left out are counted
    if whole.csv is not None:
        assert cut.csv is not None and cut.csv.rows == whole.csv.rows[:2]
        assert cut.csv.count == whole.csv.count


def test_one_compile_serves_several_analyses(monkeypatch: pytest.MonkeyPatch) -> None:
    import gapcli.engine

    compiled: list[object] = []
    original = gapcli.engine.compile_scenario

    def counted(scenario: Any) -> Any:
        compiled.append(scenario)
        return original(scenario)

    monkeypatch.setattr(gapcli.engine, "compile_scenario", counted)
    may = loaded(MAY)
    forecast(may)
    trades(may)
    issue(may, "assad-tenure")
    assert len(compiled) == 1
