"""The environment, not the input: stdout full, closed, or a pipe whose reader quit, and
Ctrl-C at any moment. Each command runs as its own process, as a user's shell runs it.

Documented in docs/errors.md: a reader that quits ends the run quietly with status 0 (as
`set -o pipefail` scripts need); stdout full or closed is one line on stderr and status 1;
Ctrl-C is status 130 (or death by SIGINT, which a shell shows as 130); never a traceback.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import BASE_FILES, write_files

GAPCLI = [sys.executable, "-m", "gapcli"]
#: as a user's install runs: with cached bytecode (these machines turn the cache off)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

#: every command that prints a result on stdout (watch, which runs until Ctrl-C, ends by
#: itself here: its first view cannot be written)
COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("validate", "sc"),
    "validate-json": ("validate", "sc", "--json"),
    "gaps": ("gaps", "sc"),
    "gaps-csv": ("gaps", "sc", "--format", "csv"),
    "deadlocks": ("deadlocks", "sc", "--format", "markdown"),
    "issue": ("issue", "tenure", "sc"),
    "party": ("party", "gov", "sc"),
    "whatif": ("whatif", "sc", "--set", "gov.capability=2"),
    "diff": ("diff", "sc", "sc2"),
    "timeline": ("timeline", "sc", "sc2"),
    "forecast": ("forecast", "sc", "--json"),
    "trades": ("trades", "sc"),
    "blocs": ("blocs", "sc"),
    "sensitivity": ("sensitivity", "sc", "-n", "50"),
    "backtest": ("backtest", "sc3", "-n", "50"),
    "report": ("report", "sc", "-o", "-"),
    "export": ("export", "csv", "sc"),
    "schema": ("schema",),
    "import": ("import", "csv", "in.csv", "-o", "imported"),
    "watch": ("watch", "sc", "--poll"),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("streams")
    write_files(root / "sc", BASE_FILES)
    later = {**BASE_FILES, "scenario.yaml": BASE_FILES["scenario.yaml"].replace("05-16", "06-01")}
    write_files(root / "sc2", later)
    decided = BASE_FILES["scenario.yaml"].replace(
        "    labels: {0: leaves, 100: stays}\n",
        "    labels: {0: leaves, 100: stays}\n    outcome: 80\n    outcome_source: art\n",
    )
    write_files(root / "sc3", {**BASE_FILES, "scenario.yaml": decided})  # an outcome
    (root / "in.csv").write_text("party,issue,position,salience\na,x,10,1\nb,x,90,1\n")
    return root


def shell(folder: Path, args: tuple[str, ...], redirect: str) -> subprocess.CompletedProcess[str]:
    """``gapcli ARGS`` under bash with ``redirect`` applied to its stdout."""
    shutil.rmtree(folder / "imported", ignore_errors=True)
    line = " ".join(["'" + a + "'" for a in (*GAPCLI, *args)])
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {line} {redirect}"],
        cwd=folder,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_all(folder: Path, redirect: str) -> dict[str, subprocess.CompletedProcess[str]]:
    # one at a time for import (it writes a folder); the rest two at a time
    with ThreadPoolExecutor(2) as pool:
        futures = {
            name: pool.submit(shell, folder, args, redirect)
            for name, args in COMMANDS.items()
            if name != "import"
        }
        done = {name: f.result() for name, f in futures.items()}
    done["import"] = shell(folder, COMMANDS["import"], redirect)
    return done


def test_a_reader_that_quits_ends_the_run_quietly(folder: Path) -> None:
    """Also the baseline: every command runs to its output here."""
    for name, result in run_all(folder, "| head -c 0").items():
        assert (name, result.returncode) == (name, 0), result.stderr
        assert "Traceback" not in result.stderr and "cannot write" not in result.stderr, name


def test_a_full_disk_is_one_line_and_status_1(folder: Path) -> None:
    for name, result in run_all(folder, "> /dev/full").items():
        assert (name, result.returncode) == (name, 1), result.stderr
        assert result.stderr.splitlines()[-1:] == [
            "gapcli: cannot write the output: No space left on device"
        ], name
        assert "Traceback" not in result.stderr


def test_a_closed_stdout_is_one_line_and_status_1(folder: Path) -> None:
    for name, result in run_all(folder, ">&-").items():
        assert (name, result.returncode) == (name, 1), result.stderr
        assert result.stderr.splitlines()[-1:] == [
            "gapcli: cannot write the output: standard output is closed"
        ], name


def test_commands_that_print_nothing_do_not_mind_a_closed_stdout(folder: Path) -> None:
    result = shell(folder, ("init", "fresh"), ">&-")
    assert (result.returncode, "Traceback" in result.stderr) == (0, False)


@pytest.mark.parametrize("delay", [0.1, 0.3, 0.6])
def test_ctrl_c_at_any_moment(folder: Path, delay: float) -> None:
    """Ctrl-C while the command line loads (the first half second) or while it computes:
    status 130, no traceback. (An interrupt within Python's own start-up, before gapcli's
    first line runs, is the interpreter's; the delays start after it.) One stance of each
    kind is made uncertain: issues with none are analysed once, not drawn, and the run would
    end before the interrupt."""
    uncertain = ["gov.tenure.uncertainty=10", "opp.talks.uncertainty=0.2"]
    uncertain.append("gov.guarantors.uncertainty=0.3")
    process = subprocess.Popen(
        [*GAPCLI, "sensitivity", "sc", "-n", "1000000", "--json"]
        + [arg for value in uncertain for arg in ("--set", value)],
        cwd=folder,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert "Traceback" not in err
    assert process.returncode in (130, -signal.SIGINT), err


def test_a_reader_that_quits_does_not_hide_a_deadlock(folder: Path) -> None:
    """--fail-on deadlock is a script's gate: status 3 even when the reader stopped early."""
    for args in (
        ("deadlocks", "sc", "--fail-on", "deadlock"),
        ("gaps", "sc", "--json", "--fail-on", "deadlock"),
    ):
        result = shell(folder, args, "| head -c 0")
        assert (result.returncode, result.stderr) == (3, ""), args


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario whose stances are a table: reading it loads Arrow, whose exit is gapcli's
    own (__main__._leave)."""
    root = tmp_path_factory.mktemp("table")
    (root / "in.csv").write_text(
        "party,issue,position,salience\na,x,10,1\nb,x,90,1\na,y,20,0.5\nb,y,30,0.5\n"
    )
    made = subprocess.run(
        [*GAPCLI, "import", "csv", "in.csv", "-o", "sc"], cwd=root, env=ENV, capture_output=True
    )
    assert made.returncode == 0 and (root / "sc" / "stances.csv").exists()
    return root


@pytest.mark.parametrize(
    ("args", "redirect", "status", "said"),
    [
        (("deadlocks", "sc", "--json"), "> out.json", 0, ""),
        (("deadlocks", "sc", "--fail-on", "deadlock"), "| head -c 0", 3, ""),
        (("gaps", "sc"), ">&-", 1, "gapcli: cannot write the output"),
        (("gaps", "sc", "--json"), "> /dev/full", 1, "gapcli: cannot write the output"),
    ],
)
def test_a_run_that_read_a_table_ends_as_any_other(
    table: Path, args: tuple[str, ...], redirect: str, status: int, said: str
) -> None:
    import json

    result = shell(table, args, redirect)
    assert (result.returncode, "Traceback" in result.stderr) == (status, False), result.stderr
    assert said in result.stderr and "terminate called" not in result.stderr
    if redirect == "> out.json":  # everything was written before the process ended
        assert json.loads((table / "out.json").read_text())["result"]["issues"]
