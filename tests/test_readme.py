"""The README's examples are real output: every `$ gapcli ...` block without a pipe or a
redirection is run again here (at the README's 100 columns) and compared line by line. A
block that ends in `…` was cut short on purpose: its lines so far must match.

They run in a copy of what they read (the worked examples, docs/examples, the import
fixtures), never in the clone itself: what a user adds to their clone changes nothing here.
And the README, followed from top to bottom, leaves the worked examples alone: the examples
that write (init, import, report) write outside positions/.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from conftest import REPO, WORKED, run, worked_examples

BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def examples() -> list[tuple[str, list[str]]]:
    found = []
    for block in BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8")):
        lines = block.splitlines()
        starts = [n for n, line in enumerate(lines) if line.startswith("$ ")]
        for k, n in enumerate(starts):
            command = lines[n][2:].split("&& ")[-1]
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            if command.startswith("gapcli ") and not re.search(r"[|>]", command):
                found.append((command, lines[n + 1 : end]))
    return found


#: Examples that write files, or read what another writes: run by the walk-through below.
WRITES = ("my-talks", "import ", "emissions", "report ")
EXAMPLES = [e for e in examples() if not any(word in e[0] for word in WRITES)]


def compare(command: str, expected: list[str]) -> None:
    result = run(*shlex.split(command)[1:])
    shown = result.stdout or result.stderr  # an example of errors shows stderr
    got = [line.rstrip() for line in shown.splitlines()]
    if expected and expected[-1] == "…":
        expected = expected[:-1]
        got = got[: len(expected)]
    assert got == expected, command


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return worked_examples(tmp_path_factory.mktemp("clone") / "gapcli")


def test_the_readme_has_examples_to_check() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_readme_example_is_real_output(
    command: str, expected: list[str], copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(copy)
    compare(command, expected)
    assert os.environ["COLUMNS"] == "100"


def test_following_the_readme_leaves_the_worked_examples_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = worked_examples(tmp_path / "gapcli")
    monkeypatch.chdir(clone)
    writers = [e for e in examples() if any(word in e[0] for word in WRITES)]
    assert any("init" in c for c, _ in writers) and any("import" in c for c, _ in writers)
    for command, _ in writers:  # their messages name temporary paths: only their success
        result = run(*shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.output)
    assert sorted(p.name for p in (clone / "positions").iterdir()) == sorted(WORKED)
    for command, expected in EXAMPLES:  # and every other example still prints the same
        compare(command, expected)
