"""Mutated stances.csv and issues.csv never crash gapcli: every run exits 0 or 1, with no
traceback, and every problem is one line on stderr naming the scenario's files."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ANALYSES, BASE_FILES, assert_no_crash, run, write_files

NO_ISSUES = BASE_FILES["scenario.yaml"].split("issues:")[0]
ISSUES = """\
id,kind,title,lo,hi,options,status_quo,tolerance,description
tenure,scale,Tenure,0,100,,100,5,How long he stays
talks,choice,Talks,,,direct;proximity;none,proximity,,"Who talks,
and how"
guarantors,set,'=Guarantors,,,russia;iran;us,,,
budget,scale,Budget,-50,50,,0,,
"""
STANCES = """\
party,issue,position,salience,capability,accepts_lo,accepts_hi,prefers,accepts,require,reject,source,note,uncertainty
new,tenure,50,1,2,40,60,,,,,art,"a note
on two lines",5
new,talks,,0.5,2,,,direct,direct;none,,,art,'=SUM(A1),0.1

new,guarantors,,0.7,,,,,,us,iran,art,,
other,budget,-10,0.2,,,,,,,,art;art,,
other,talks,,1,,,,none,,,,art,plain,
"""
FILES = {
    "scenario.yaml": NO_ISSUES,
    "parties/gov.yaml": BASE_FILES["parties/gov.yaml"],
    "parties/opp.yaml": BASE_FILES["parties/opp.yaml"],
    "issues.csv": ISSUES,
    "stances.csv": STANCES,
}
ODD = [
    "",
    " ",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "-0",
    "1e999",
    "1e400",
    "1" + "0" * 400,
    "1e13",
    "-1",
    "0",
    "1",
    "0.5",
    "100",
    "1_0",
    "0x10",
    "'=1",
    "''",
    '"',
    '""',
    '"a,b"',
    '"a\nb"',
    ";",
    "a;a",
    "us;us",
    "direct;sofa",
    "tenure",
    "talks",
    "guarantors",
    "budget",
    "scale",
    "choice",
    "set",
    "vote",
    "x y",
    "é",
    "\t",
    "\ufeff",
    "\u2028",
    "party",
    "art",
    "paper",
    "o" * 300,
]
COLUMN_NAMES = ["", " ", "position", "party", "issue", "kind", "id", "positon", "note", "lo"]


def _cells(line: bytes) -> list[bytes]:
    return line.split(b",")


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, str] = FILES) -> dict[str, bytes]:
    files = {name: text.encode() for name, text in base.items()}
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(["stances.csv", "issues.csv"]))
        lines = files[name].split(b"\n")
        kind = draw(
            st.sampled_from(
                [
                    "cell",
                    "cell",
                    "cell",
                    "header",
                    "delete-line",
                    "dup-line",
                    "swap-lines",
                    "quote",
                    "bytes",
                    "trailing-comma",
                    "crlf",
                    "truncate",
                ]
            )
        )
        n = draw(st.integers(0, len(lines) - 1))
        if kind == "cell":
            cells = _cells(lines[n])
            k = draw(st.integers(0, len(cells) - 1))
            cells[k] = draw(st.sampled_from(ODD)).encode()
            lines[n] = b",".join(cells)
        elif kind == "header":
            cells = _cells(lines[0])
            k = draw(st.integers(0, len(cells) - 1))
            how = draw(st.sampled_from(["rename", "duplicate", "drop", "append"]))
            if how == "rename":
                cells[k] = draw(st.sampled_from(COLUMN_NAMES)).encode()
            elif how == "duplicate":
                cells.append(cells[k])
            elif how == "drop" and len(cells) > 1:
                del cells[k]
            else:
                cells.append(draw(st.sampled_from(COLUMN_NAMES)).encode())
            lines[0] = b",".join(cells)
        elif kind == "delete-line":
            del lines[n]
        elif kind == "dup-line":
            lines.insert(n, lines[n])
        elif kind == "swap-lines":
            m = draw(st.integers(0, len(lines) - 1))
            lines[n], lines[m] = lines[m], lines[n]
        elif kind == "quote":
            at = draw(st.integers(0, len(lines[n])))
            lines[n] = lines[n][:at] + b'"' + lines[n][at:]
        elif kind == "bytes":
            at = draw(st.integers(0, len(lines[n])))
            lines[n] = lines[n][:at] + draw(st.binary(min_size=1, max_size=3)) + lines[n][at:]
        elif kind == "trailing-comma":
            lines[n] += b","
        elif kind == "crlf":
            lines = [line + b"\r" for line in lines]
        else:
            lines = lines[:n]
        files[name] = b"\n".join(lines)
    return files


COMMANDS = ANALYSES


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=mutated(), command=st.sampled_from(COMMANDS))
def test_mutated_tables_exit_0_or_1_without_traceback(
    files: dict[str, bytes], command: tuple[str, ...]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sc"
        write_files(root, dict(files))
        result = run(command[0], root, *command[1:], "--json")
    assert_no_crash(result)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.stderr
    if result.exit_code == 1:
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        # one line per problem, each at a file of the scenario
        assert lines and all(line.startswith(root.as_posix()) for line in lines), lines


def test_the_unmutated_tables_are_valid(in_tmp: Path) -> None:
    write_files(in_tmp / "sc", dict(FILES))
    result = run("validate", "sc")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
