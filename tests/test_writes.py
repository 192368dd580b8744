"""Every command that writes a file: it never replaces one unless told (--force), never
writes into the scenario it reads, and leaves nothing behind when it fails."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ONE_FILE, assert_no_crash, run, write_files

#: command line -> the files it writes (relative to the working folder)
WRITERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "report-html": (("report", "sc", "-o", "r.html"), ("r.html",)),
    "report-default": (("report", "sc"), ("report.html",)),
    "report-markdown": (
        ("report", "sc", "-f", "markdown", "-o", "r.md"),
        ("r.md", "r-heatmap.svg", "r-issue-tenure.svg"),
    ),
    "export-csv": (("export", "csv", "sc", "-o", "out.csv"), ("out.csv",)),
}
FORCEABLE = list(WRITERS)


def listing(folder: Path) -> list[str]:
    """Every entry below ``folder`` (hidden ones too), relative and sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.mark.parametrize("name", list(WRITERS))
def test_writes_its_files_and_nothing_else(base: Path, in_tmp: Path, name: str) -> None:
    args, targets = WRITERS[name]
    before = listing(in_tmp)
    result = run(*args)
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert listing(in_tmp) == sorted([*before, *targets])


@pytest.mark.parametrize("name", list(WRITERS))
def test_refuses_an_existing_file(base: Path, in_tmp: Path, name: str) -> None:
    args, targets = WRITERS[name]
    existing = targets[-1]  # for markdown: a picture that was never named on the command line
    (in_tmp / existing).write_text("mine\n")
    before = listing(in_tmp)
    result = run(*args)
    assert_no_crash(result)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{existing}: already exists (add --force to replace it)"]
    assert (in_tmp / existing).read_text() == "mine\n"
    assert listing(in_tmp) == before  # nothing else written either


@pytest.mark.parametrize("name", FORCEABLE)
def test_force_replaces(base: Path, in_tmp: Path, name: str) -> None:
    args, targets = WRITERS[name]
    for target in targets:
        (in_tmp / target).write_text("mine\n")
    before = listing(in_tmp)
    result = run(*args, "--force")
    assert result.exit_code == 0, result.output
    assert all((in_tmp / t).read_text() != "mine\n" for t in targets)
    assert listing(in_tmp) == before


@pytest.mark.parametrize(
    ("args", "target"),
    [
        (("report", "sc", "-o", "sc/r.html"), "sc/r.html"),
        (("report", "sc", "-o", "sc/parties/gov.yaml", "--force"), "sc/parties/gov.yaml"),
        (("report", "sc", "-f", "markdown", "-o", "sc/parties/r.md"), "sc/parties/r.md"),
        (("export", "csv", "sc", "-o", "sc/stances.csv"), "sc/stances.csv"),
        (("export", "csv", "sc", "-o", "sc/stances.csv", "--set", "gov.capability=2"), None),
        (("export", "csv", "./sc/../sc/x.csv", "-o", "sc/x.csv"), None),
    ],
)
def test_never_writes_into_the_scenario_read(
    base: Path, in_tmp: Path, args: tuple[str, ...], target: str | None
) -> None:
    before = {p: p.read_bytes() for p in base.rglob("*") if p.is_file()}
    result = run(*args)
    assert_no_crash(result)
    assert result.exit_code == 1
    if target is not None:
        assert result.stderr.splitlines()[0] == (
            f"{target}: is inside the scenario being read (sc); write the output elsewhere"
        )
    assert {p: p.read_bytes() for p in base.rglob("*") if p.is_file()} == before


def test_never_writes_over_a_one_file_scenario(in_tmp: Path) -> None:
    write_files(in_tmp, {"one.yaml": ONE_FILE})
    result = run("report", "one.yaml", "-o", "one.yaml", "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        "one.yaml: is inside the scenario being read (one.yaml); write the output elsewhere\n"
    )
    assert (in_tmp / "one.yaml").read_text() == ONE_FILE


Failure = Callable[..., None]


def _disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _interrupted(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("name", [*WRITERS, "init"])
@pytest.mark.parametrize(
    ("where", "failure", "status"),
    [
        ("fsync", _disk_full, 1),  # while writing the temporary file
        ("replace", _disk_full, 1),  # while renaming it into place
        ("replace", _interrupted, 130),  # Ctrl-C at the worst moment
    ],
)
def test_a_failed_write_leaves_the_old_file_and_nothing_else(
    base: Path,
    in_tmp: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    where: str,
    failure: Failure,
    status: int,
) -> None:
    args, targets = WRITERS.get(name, (("init", "new/talks"), ()))
    for target in targets:
        (in_tmp / target).write_text("old\n")
    before = listing(in_tmp)
    for call in ("replace", "link") if where == "replace" else (where,):
        monkeypatch.setattr(os, call, failure)  # link: a new file is placed without replacing
    result = run(*args, *(["--force"] if name != "init" else []))
    assert_no_crash(result)
    assert result.exit_code == status
    if status == 1:
        shown = targets[0] if targets else "new/talks/scenario.yaml"
        assert result.stderr.splitlines() == [f"{shown}: cannot write: No space left on device"]
    assert listing(in_tmp) == before
    assert all((in_tmp / t).read_text() == "old\n" for t in targets)


def test_init_refuses_existing_files_and_writes_nothing(in_tmp: Path) -> None:
    write_files(in_tmp, {"talks/scenario.yaml": "mine\n"})
    result = run("init", "talks")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "talks/scenario.yaml: already exists; init never overwrites a file (choose a new folder)"
    ]
    assert listing(in_tmp) == ["talks", "talks/scenario.yaml"]


def test_report_to_stdout_writes_no_file(base: Path, in_tmp: Path) -> None:
    before = listing(in_tmp)
    result = run("report", "sc", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert listing(in_tmp) == before


NOTES = {
    ("gov", "tenure"): "-2+3",
    ("gov", "talks"): "'=already quoted",
    ("opp", "tenure"): '=HYPERLINK("http://127.0.0.1/x","click")',
    ("opp", "talks"): "+cmd|' /C calc'!A0",
    ("opp", "guarantors"): "@SUM(1+1)",
}
IN_CSV = {  # each note as export writes it: a formula gets a ' before it, a ' another one
    ("gov", "tenure"): "'-2+3",
    ("gov", "talks"): "''=already quoted",
    ("opp", "tenure"): '\'=HYPERLINK("http://127.0.0.1/x","click")',
    ("opp", "talks"): "'+cmd|' /C calc'!A0",
    ("opp", "guarantors"): "'@SUM(1+1)",
}


def test_export_escapes_formulas_and_import_reads_them_back(base: Path, in_tmp: Path) -> None:
    import csv
    import json

    for (party, issue), note in NOTES.items():
        path = base / "parties" / f"{party}.yaml"
        line = f"  {issue}: {{"
        path.write_text(path.read_text().replace(line, f"{line}note: {json.dumps(note)}, ", 1))
    result = run("export", "csv", "sc", "-o", "out.csv")
    assert result.exit_code == 0, result.output
    with (in_tmp / "out.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    written = {(r["party"], r["issue"]): r["note"] for r in rows if r["note"]}
    assert written == IN_CSV
    assert run("import", "csv", "out.csv", "-o", "back").exit_code == 0
    again = run("export", "csv", "back")
    assert again.exit_code == 0, again.output
    assert again.stdout == (in_tmp / "out.csv").read_text()


def test_never_writes_over_a_part_of_the_scenario_reached_by_a_link(
    base: Path, in_tmp: Path
) -> None:
    """parties/ may be a link to a folder elsewhere, and a party file a link to a file: the
    files read are protected wherever they are, and so is the linked folder."""
    (base / "parties").rename(in_tmp / "shared")
    (base / "parties").symlink_to("../shared")
    before = {p.name: p.read_bytes() for p in (in_tmp / "shared").iterdir()}
    for args in (
        ("export", "csv", "sc", "-o", "shared/gov.yaml", "--force"),
        ("report", "sc", "-o", "shared/new.yaml"),
    ):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr.endswith(
            ": is inside the scenario being read (sc); write the output elsewhere\n"
        )
    assert {p.name: p.read_bytes() for p in (in_tmp / "shared").iterdir()} == before


def test_markdown_pictures_never_share_a_name(in_tmp: Path) -> None:
    """An issue whose id is 'heatmap' gets its own picture beside the pair heatmap."""
    write_files(in_tmp, {"one.yaml": ONE_FILE.replace("tenure", "heatmap")})
    result = run("report", "one.yaml", "-f", "markdown", "-o", "r.md")
    assert result.exit_code == 0, result.output
    assert listing(in_tmp) == ["one.yaml", "r-heatmap.svg", "r-issue-heatmap.svg", "r.md"]
    text = (in_tmp / "r.md").read_text()
    assert "r-heatmap.svg" in text and "r-issue-heatmap.svg" in text


def test_a_file_that_appears_after_the_check_is_still_not_replaced(
    base: Path, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gapcli.io.files

    def late(targets: object, **kwargs: object) -> None:  # the check passes, then a file appears
        (in_tmp / "out.csv").write_text("mine\n")

    monkeypatch.setattr(gapcli.io.files, "check_targets", late)
    result = run("export", "csv", "sc", "-o", "out.csv")
    assert result.exit_code == 1
    assert result.stderr == "out.csv: already exists (add --force to replace it)\n"
    assert (in_tmp / "out.csv").read_text() == "mine\n"
    assert listing(in_tmp) == ["out.csv", *listing(in_tmp)[1:]] and not [
        p for p in listing(in_tmp) if p.endswith(".tmp")
    ]


def test_a_replaced_file_keeps_its_permissions(base: Path, in_tmp: Path) -> None:
    (in_tmp / "out.csv").write_text("old\n")
    (in_tmp / "out.csv").chmod(0o600)
    assert run("export", "csv", "sc", "-o", "out.csv", "--force").exit_code == 0
    assert (in_tmp / "out.csv").stat().st_mode & 0o777 == 0o600
    assert run("export", "csv", "sc", "-o", "new.csv").exit_code == 0
    assert (in_tmp / "new.csv").stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_long_names_in_bytes_are_written(base: Path, in_tmp: Path) -> None:
    name = "😀" * 61 + ".csv"  # 248 bytes: a temporary name cut by characters would not fit
    result = run("export", "csv", "sc", "-o", name)
    assert result.exit_code == 0, result.output
    assert listing(in_tmp)[-1] == name or name in listing(in_tmp)


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask
