"""Every command's help at 80 and 60 columns: examples whole on one line, no word broken
at a hyphen, metavars as words (ISSUE, not {ISSUE}; PATH, not <path_value>)."""

from __future__ import annotations

import inspect
import re

import pytest
import typer.main

from gapcli.cli import app

from conftest import run

GROUP = typer.main.get_command(app)
COMMANDS = sorted(GROUP.commands)  # type: ignore[attr-defined]
#: Words the help shows that must never be cut (copied and pasted as they stand).
WHOLE = ["united-states.assad-tenure.accepts=25..75", "opposition.guarantors.reject="]


def examples(name: str) -> list[str]:
    doc = inspect.getdoc(GROUP.commands[name].callback) or ""  # type: ignore[attr-defined]
    return [line.strip() for line in doc.splitlines() if line.strip().startswith("Example")]


def test_every_command_has_an_example() -> None:
    assert all(examples(name) for name in COMMANDS)


@pytest.mark.parametrize("columns", ["80", "60"])
@pytest.mark.parametrize("name", COMMANDS)
def test_help_keeps_examples_and_words_whole(
    monkeypatch: pytest.MonkeyPatch, name: str, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = run(name, "--help")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    for example in examples(name):
        assert example in lines, f"{example!r} is not one line of:\n{result.stdout}"
    words = result.stdout.split()
    for word in WHOLE:
        if any(w.startswith(word.split(".")[0]) for w in words if "." in w):
            assert any(word in w for w in words), result.stdout
    assert not re.search(r"\S-\n", result.stdout), "a line ends in a hyphen: a word was cut"
    usage = result.stdout.splitlines()[0]
    assert "{" not in usage and "}" not in usage, usage
    assert not re.search(r"<(str|int|float|path_value)", result.stdout), result.stdout


def test_usage_and_metavars_read_as_words() -> None:
    assert run("issue", "--help").stdout.startswith("Usage: gapcli issue [OPTIONS] ISSUE [PATH]")
    assert run("party", "--help").stdout.startswith("Usage: gapcli party [OPTIONS] PARTY [PATH]")
    assert run("export", "--help").stdout.startswith("Usage: gapcli export [OPTIONS] FORMAT [PATH]")
    assert "-o, --output PATH" in run("report", "--help").stdout
    assert "-f, --format [table|json|csv|markdown]" in run("gaps", "--help").stdout
    assert "-r, --rounds N" in run("trades", "--help").stdout
    assert "--view VIEW" in run("watch", "--help").stdout
