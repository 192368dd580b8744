"""gapcli watch: a real process watching a real folder, edited into an invalid state and back.

Each wait is bounded; an edit that the watcher has not reported within a few seconds is
written again (a file system may merge or drop events), so the test is slow only when it
fails.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import BASE_FILES, assert_no_crash, run, write_files

WAIT = 20.0  # seconds for any one step
RETRY = 4.0  # seconds before an edit is written again

OPP_OPEN = BASE_FILES["parties/opp.yaml"].replace("accepts: [0, 25]", "accepts: [0, 80]")


class Watcher:
    """``gapcli watch`` in a subprocess, its stdout read line by line on a thread."""

    def __init__(self, cwd: Path, *args: str) -> None:
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gapcli", "watch", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert self.proc.stdout is not None
        self.reader = threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True)
        self.reader.start()

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.reader.join(timeout=WAIT)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()

    def _read(self, stream: Iterator[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def next_frame(self, edit: Callable[[], object] | None = None) -> list[str]:
        """The lines of the next complete view (up to its 'watching' status line), making
        ``edit`` first and again every RETRY seconds until a view arrives."""
        deadline = time.monotonic() + WAIT
        retry = time.monotonic() + RETRY
        if edit is not None:
            edit()
        frame: list[str] = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None:
                    message = f"watch exited {self.proc.returncode}: {self.seen}"
                    raise AssertionError(message) from None
                if edit is not None and not frame and time.monotonic() > retry:
                    edit()
                    retry = time.monotonic() + RETRY
                continue
            self.seen.append(line)
            frame.append(line)
            if line.startswith("watching "):
                return frame
        raise AssertionError(f"no new view within {WAIT} s; output so far: {self.seen}")

    def stop(self) -> tuple[int, str]:
        """Ctrl-C: the exit status and what went to stderr."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=WAIT)
        finally:
            self.proc.kill()
        assert self.proc.stderr is not None
        return self.proc.returncode, self.proc.stderr.read()


@pytest.fixture
def watcher(base: Path) -> Iterator[Watcher]:
    w = Watcher(base.parent, "sc")
    try:
        yield w
    finally:
        w.close()


def test_watch_follows_edits_through_an_invalid_state(base: Path, watcher: Watcher) -> None:
    opp = base / "parties" / "opp.yaml"
    first = watcher.next_frame()
    assert "Test talks: 2 of 3 issues deadlocked (tenure, guarantors)." in first

    broken = watcher.next_frame(lambda: opp.write_text("stances: [oops\n"))
    assert broken[1] == "1 problem; the view comes back when they are fixed:"
    assert broken[2].startswith("sc/parties/opp.yaml:2:1: invalid YAML")

    fixed = watcher.next_frame(lambda: opp.write_text(OPP_OPEN))
    assert "Test talks: 1 of 3 issues deadlocked (guarantors)." in fixed

    status, stderr = watcher.stop()
    assert status == 130
    assert "Traceback" not in stderr


def test_watch_an_issue_view_and_a_rule_broken_mid_edit(base: Path) -> None:
    w = Watcher(base.parent, "--view", "issue", "tenure", "sc")
    try:
        first = w.next_frame()
        assert first[1].startswith("tenure: deadlock.")
        opp = base / "parties" / "opp.yaml"
        bad = OPP_OPEN.replace("salience: 1,", "salience: 3,", 1)
        broken = w.next_frame(lambda: opp.write_text(bad))
        assert broken[2].startswith("sc/parties/opp.yaml:")
        assert "salience: 3 is out of range" in broken[2]
        fixed = w.next_frame(lambda: opp.write_text(OPP_OPEN))
        assert fixed[1].startswith("tenure: agreement. Zone: 75 to 80")
        assert w.stop()[0] == 130
    finally:
        w.close()


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("nowhere",), 1, "nowhere: no such file or directory"),
        (("sc", "--view", "deadlock"), 2, "unknown view 'deadlock'; did you mean 'deadlocks'?"),
        (("sc", "--view", "issue"), 2, "--view issue needs the issue's id"),
        (("sc", "other", "--view", "gaps"), 2, "expected one scenario path, got 2"),
    ],
)
def test_watch_refuses_bad_arguments_at_once(
    base: Path, args: tuple[str, ...], status: int, message: str
) -> None:
    write_files(base.parent / "other", dict(BASE_FILES))
    result = run("watch", *args)
    assert_no_crash(result)
    assert result.exit_code == status and result.stdout == ""
    assert message in " ".join(result.stderr.split())


def test_view_ids_parse_in_every_spelling(base: Path) -> None:
    from gapcli.commands.watch import _parse
    from gapcli.render.watch import View

    os.chdir(base.parent)
    expected = (Path("sc"), View.ISSUE, "tenure")
    assert _parse(["sc", "tenure"], "issue") == expected
    assert _parse(["tenure", "sc"], "issue") == expected
    assert _parse(["sc"], "issue:tenure") == expected
    assert _parse(["sc"], "issue=tenure") == expected
    assert _parse([], "party:gov") == (None, View.PARTY, "gov")
    assert _parse([], "gaps") == (None, View.GAPS, None)


def test_a_view_takes_the_set_overrides_and_shows_their_errors(base: Path) -> None:
    from gapcli.analyses.records import Report
    from gapcli.render.watch import View, _render

    os.chdir(base.parent)
    report = _render(Path("sc"), View.DEADLOCKS, None, ["gov.capability=2"])
    assert isinstance(report, Report) and report.scenario is not None
    assert report.scenario.overrides == ("gov.capability=2",)
    problems = _render(Path("sc"), View.DEADLOCKS, None, ["gov.capability=0"])
    assert not isinstance(problems, Report)
    assert [str(p) for p in problems] == [
        "--set 'gov.capability=0': capability: 0 is out of range (expected a number > 0)"
    ]
    missing = _render(Path("sc"), View.ISSUE, "tenur", [])
    assert not isinstance(missing, Report)
    assert str(missing[0]) == "sc: no issue 'tenur' here; did you mean 'tenure'?"


def test_folder_events_count_and_editor_files_do_not(tmp_path: Path) -> None:
    from gapcli.render.watch import _Filter

    keep = _Filter(None)
    assert keep(None, str(tmp_path / "parties"))  # a folder renamed or removed
    assert keep(None, str(tmp_path / "parties" / "iran.yaml"))
    assert not keep(None, str(tmp_path / "parties" / ".iran.yaml.swp"))
    assert not keep(None, str(tmp_path / "notes.txt"))


def test_a_view_leaves_out_the_parties_named_and_says_when_one_is_gone(base: Path) -> None:
    from gapcli.analyses.records import Report
    from gapcli.render.watch import View, _render

    os.chdir(base.parent)
    report = _render(Path("sc"), View.GAPS, None, [], parties=(["opp"], []))
    assert isinstance(report, Report) and report.scenario is not None
    assert report.scenario.overrides == ("--without opp",)
    assert "opp" not in {p.id for p in report.scenario.parties}
    gone = _render(Path("sc"), View.DEADLOCKS, None, [], parties=(["nobody"], []))
    assert not isinstance(gone, Report)
    assert str(gone[0]).startswith("--without: unknown party 'nobody'")
