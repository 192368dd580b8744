"""The Python API (docs/api.md): every analysis gives the result of its command's JSON,
the page's examples are real output, and the command line does not pay for the API."""

from __future__ import annotations

import doctest
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import gapcli
import gapcli.api
from gapcli.analyses.records import Report

from conftest import POSITIONS, REPO, json_result, worked_examples, write_files

MAY = POSITIONS / "syria-2017-05"
MARCH = POSITIONS / "syria-2017-03"
CHANGE = "united-states.assad-tenure.accepts=25..75"


def _whatif() -> Report:
    return gapcli.whatif(gapcli.load(MAY), gapcli.load(MAY, overrides=[CHANGE]))


#: Each public analysis, called as a notebook would, and the command line that prints the
#: same result.
CASES: dict[str, tuple[Callable[[], Report], list[str | Path]]] = {
    "gaps": (lambda: gapcli.gaps(gapcli.load(MAY)), ["gaps", MAY]),
    "gaps --issue": (
        lambda: gapcli.gaps(gapcli.load(MARCH), issue="guarantors"),
        ["gaps", MARCH, "--issue", "guarantors"],
    ),
    "deadlocks --full": (
        lambda: gapcli.deadlocks(gapcli.load(MAY), full=True),
        ["deadlocks", MAY, "--full"],
    ),
    "issue": (
        lambda: gapcli.issue(gapcli.load(MAY), "guarantors"),
        ["issue", "guarantors", MAY],
    ),
    "party": (lambda: gapcli.party(gapcli.load(MAY), "iran"), ["party", "iran", MAY]),
    "forecast": (lambda: gapcli.forecast(gapcli.load(MAY)), ["forecast", MAY]),
    "trades": (
        lambda: gapcli.trades(gapcli.load(MAY), rounds=2, top=3),
        ["trades", MAY, "--rounds", "2", "--top", "3"],
    ),
    "blocs": (lambda: gapcli.blocs(gapcli.load(MAY), threshold=0.5), ["blocs", MAY, "-t", "0.5"]),
    "sensitivity": (
        lambda: gapcli.sensitivity(gapcli.load(MAY), samples=300, seed=7),
        ["sensitivity", MAY, "--samples", "300", "--seed", "7"],
    ),
    "diff": (lambda: gapcli.diff(gapcli.load(MARCH), gapcli.load(MAY)), ["diff", MARCH, MAY]),
    "whatif": (_whatif, ["whatif", MAY, "--set", CHANGE]),
    "timeline": (lambda: gapcli.timeline(gapcli.load_series(MARCH, MAY)), ["timeline", MARCH, MAY]),
    "validate": (lambda: gapcli.validate(gapcli.load(MARCH)), ["validate", MARCH]),
    "backtest": (
        lambda: gapcli.backtest(gapcli.load(MAY), samples=200, by="kind"),
        ["backtest", MAY, "--samples", "200", "--by", "kind"],
    ),
    "backtest of snapshots": (
        lambda: gapcli.backtest(gapcli.load_series(MARCH, MAY, dated=False), rounds=2),
        ["backtest", MARCH, MAY, "--rounds", "2"],
    ),
    "--set": (
        lambda: gapcli.deadlocks(gapcli.load(MAY, overrides=["iran.capability=2"])),
        ["deadlocks", MAY, "--set", "iran.capability=2"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_the_api_gives_the_commands_json_result(case: str) -> None:
    call, args = CASES[case]
    report = call()
    assert isinstance(report, Report)
    assert report.to_dict() == json_result(*args)


def test_every_command_with_a_result_has_its_function() -> None:
    analyses = {"gaps", "deadlocks", "issue", "party", "forecast", "trades", "blocs"}
    analyses |= {"sensitivity", "diff", "whatif", "timeline", "validate", "backtest"}
    assert analyses <= set(gapcli.api.__all__)
    assert {case.split()[0] for case in CASES} >= analyses


def test_the_pages_examples_are_real_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(worked_examples(tmp_path))  # the worked examples alone, as shipped
    failed, tried = doctest.testfile(
        str(REPO / "docs" / "api.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS,
        raise_on_error=False,
        verbose=False,
    )
    assert tried >= 15
    assert failed == 0


def test_the_modules_example_is_real_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gapcli.api

    monkeypatch.chdir(worked_examples(tmp_path))
    failed, tried = doctest.testmod(gapcli.api, optionflags=doctest.ELLIPSIS)
    assert (failed, tried) == (0, 4)


def test_to_dict_is_a_copy() -> None:
    report = gapcli.deadlocks(gapcli.load(MAY))
    first = report.to_dict()
    first["counts"]["deadlock"] = -1
    first["issues"].clear()
    again = report.to_dict()
    assert again["counts"]["deadlock"] == 7 and len(again["issues"]) == 9


def test_to_pandas_by_index_or_title() -> None:
    report = gapcli.deadlocks(gapcli.load(MAY))
    moves = report.to_pandas("Moves the bridges ask")
    assert list(moves.columns) == list(report.tables[1].columns)
    assert len(moves) == len(report.tables[1].rows)
    first = report.to_pandas()
    assert first["issue"].tolist() == [i["id"] for i in report.to_dict()["issues"]]
    with pytest.raises(KeyError, match="'Issues, hardest deadlock first'"):
        report.to_pandas("no such table")


def test_to_pandas_says_how_to_get_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    with pytest.raises(ImportError, match="pip install pandas"):
        gapcli.forecast(gapcli.load(MAY)).to_pandas()


def test_load_refuses_a_malformed_override() -> None:
    with pytest.raises(ValueError, match="iran.capability"):
        gapcli.load(MAY, overrides=["iran.capability"])


def test_load_raises_located_problems() -> None:
    with pytest.raises(gapcli.InputError) as caught:
        gapcli.load(MAY, overrides=["iran.capability=0"])
    assert [str(d) for d in caught.value.diagnostics] == [
        "--set 'iran.capability=0': capability: 0 is out of range (expected a number > 0)"
    ]


def test_unknown_ids_name_the_valid_ones() -> None:
    may = gapcli.load(MAY)
    with pytest.raises(gapcli.UnknownId, match="did you mean 'iran'"):
        gapcli.party(may, "irna")
    with pytest.raises(gapcli.UnknownId, match="did you mean 'guarantors'"):
        gapcli.gaps(may, issue="guarantor")


def test_load_series_names_what_it_passes_over(tmp_path: Path) -> None:
    for name in ("2017-03", "2017-05"):
        (tmp_path / name).mkdir()
        for file in (MAY if name == "2017-05" else MARCH).rglob("*.yaml"):
            target = tmp_path / name / file.relative_to(MAY if name == "2017-05" else MARCH)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.read_bytes())
    write_files(tmp_path, {"notes/readme.txt": "not a scenario"})
    with pytest.warns(UserWarning, match="notes"):
        series = gapcli.load_series(tmp_path)
    assert [s.scenario.as_of for s in series] == ["2017-03-31", "2017-05-16"]


def _imported_after(code: str) -> set[str]:
    """The gapcli modules, and numpy, that a fresh interpreter holds after running ``code``."""
    shown = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout.split()
    return {m for m in shown if m == "numpy" or m.startswith("gapcli")}


def test_the_command_line_does_not_import_the_api() -> None:
    loaded = _imported_after("import gapcli, gapcli.cli")
    assert "gapcli.api" not in loaded and "numpy" not in loaded
    assert "gapcli.api" in _imported_after("import gapcli; gapcli.load")


def test_the_package_is_typed() -> None:
    import importlib.resources

    assert (importlib.resources.files("gapcli") / "py.typed").is_file()
    assert "py.typed" in (REPO / "pyproject.toml").read_text()


def test_every_public_name_resolves_and_is_listed() -> None:
    assert all(getattr(gapcli, name) is not None for name in gapcli.api.__all__)
    assert {"__version__", *gapcli.api.__all__} <= set(dir(gapcli))
    with pytest.raises(AttributeError, match="no attribute 'gap'"):
        gapcli.gap  # noqa: B018
