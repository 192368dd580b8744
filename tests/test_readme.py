"""The README's examples are real output: every `$ gapcli ...` block without a pipe or a
redirection is run again here (at the README's 100 columns) and compared line by line. A
block that ends in `…` was cut short on purpose: its lines so far must match."""

from __future__ import annotations

import os
import re
import shlex

import pytest

from conftest import REPO, run

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


# Left out: examples that create files or need a file the README makes first.
SKIP = ("my-talks", "import ", "emissions", "report ")
EXAMPLES = [e for e in examples() if not any(word in e[0] for word in SKIP)]


def test_the_readme_has_examples_to_check() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_readme_example_is_real_output(
    command: str, expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = run(*shlex.split(command)[1:])
    shown = result.stdout or result.stderr  # an example of errors shows stderr
    got = [line.rstrip() for line in shown.splitlines()]
    if expected and expected[-1] == "…":
        expected = expected[:-1]
        got = got[: len(expected)]
    assert got == expected
    assert os.environ["COLUMNS"] == "100"
