from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from gapcli.cli import app

REPO = Path(__file__).resolve().parent.parent
POSITIONS = REPO / "positions"
#: The worked examples the repository ships in positions/: tests that take the folder as a
#: whole use a copy of these (worked_examples), never the clone's own folder, which a user
#: may have added to.
WORKED = ("syria-2017-03", "syria-2017-05")

BASE_FILES = {
    "scenario.yaml": """\
title: Test talks
as_of: 2017-05-16
sources:
  art: {title: An article, published: 2017-05-16}
defaults:
  tolerance: 5
issues:
  tenure:
    kind: scale
    range: [0, 100]
    labels: {0: leaves, 100: stays}
  talks:
    kind: choice
    options: {direct: Direct, proximity: Proximity, none: No talks}
  guarantors:
    kind: set
    options: {russia: Russia, iran: Iran, us: United States}
""",
    "parties/gov.yaml": """\
name: Government
capability: 0.8
stances:
  tenure: {position: 100, accepts: [75, 100], salience: 1, source: art}
  talks: {prefers: proximity, accepts: [proximity, none], salience: 0.4, source: art}
  guarantors: {require: [russia, iran], reject: [us], salience: 0.6, source: art}
""",
    "parties/opp.yaml": """\
name: Opposition
stances:
  tenure: {position: 0, accepts: [0, 25], salience: 1, source: art}
  talks: {prefers: proximity, salience: 0.5, source: art}
  guarantors: {require: [us], reject: [iran], salience: 0.8, source: art}
""",
}


#: The smallest valid one-file scenario: one issue, one party.
ONE_FILE = """\
title: One file
issues:
  tenure: {kind: scale}
parties:
  gov:
    stances: {tenure: {position: 10, salience: 1}}
"""


#: Every analysis of a whole scenario, with small settings.
ANALYSES = [
    ("validate",),
    ("deadlocks",),
    ("gaps",),
    ("forecast",),
    ("trades", "--rounds", "2"),
    ("blocs",),
    ("sensitivity", "--samples", "20"),
]


def worked_examples(root: Path) -> Path:
    """``root`` made a copy of what the README's examples read: positions/ with the worked
    examples only, docs/examples and the import fixtures. Returns ``root``."""
    import shutil

    for name in WORKED:
        shutil.copytree(POSITIONS / name, root / "positions" / name)
    shutil.copytree(REPO / "docs" / "examples", root / "docs" / "examples")
    shutil.copytree(REPO / "tests" / "fixtures" / "import", root / "tests" / "fixtures" / "import")
    return root


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed, colourless terminal, so table output is the same everywhere."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run in an empty temporary folder, so messages show short relative paths."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


@pytest.fixture
def base(in_tmp: Path) -> Path:
    """A valid three-issue scenario at ./sc."""
    write_files(in_tmp / "sc", dict(BASE_FILES))
    return in_tmp / "sc"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def json_result(*args: str | Path) -> Any:
    """The ``result`` of a command's JSON document (the command must succeed)."""
    import json

    outcome = run(*args, "--json")
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.stdout)["result"]


def assert_no_crash(result: Result) -> None:
    """The run ended with an exit status of its own choosing, never an uncaught exception."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}") from result.exception


def shared_data(folder: str, marker: str) -> Path:
    """Where the shared data's ``folder`` is (e.g. ``unvotes``, holding ``marker``):
    $GAPCLI_SHARED_DATA/folder, else a shared/data/folder beside this clone or beside the
    repository it was cloned from. Fails, saying where to put it, when it is in none."""
    import subprocess

    if os.environ.get("GAPCLI_SHARED_DATA"):
        return Path(os.environ["GAPCLI_SHARED_DATA"]) / folder
    bases = [REPO, *REPO.parents]
    origin = subprocess.run(
        ["git", "-C", str(REPO), "config", "--get", "remote.origin.url"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if origin and Path(origin).is_dir():
        bases += [Path(origin).resolve(), *Path(origin).resolve().parents]
    for base in bases:
        found = base / "shared" / "data" / folder
        if (found / marker).is_file():
            return found
    pytest.fail(f"{marker} is not in ../shared/data/{folder} (set GAPCLI_SHARED_DATA)")


def bench_module(name: str) -> Any:
    """One of the benchmark's scripts (bench/NAME.py) as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
