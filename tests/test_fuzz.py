"""Mutated scenario files never crash the loader: every run exits 0 or 1 with no traceback."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE_FILES, assert_no_crash, run, write_files

REPLACEMENTS = [
    "",
    "[]",
    "{}",
    "null",
    "-1",
    "1e999",
    "'text'",
    "[1, 2, 3]",
    "{a: 1}",
    "*x",
    "&x 1",
    "!!binary aGk=",
    "\t",
    "- ",
    ": ",
    "'",
    "2017-02-30",
    "yes",
    "0x10",
]
LINE = re.compile(r"^\S[^\n]*: \S")


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, bytes]:
    files = {name: text.encode() for name, text in BASE_FILES.items()}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(files)))
        data = files[name]
        kind = draw(st.sampled_from(["delete-line", "truncate", "flip", "replace", "dup-line"]))
        lines = data.split(b"\n")
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "delete-line":
            del lines[draw(st.integers(0, len(lines) - 1))]
            data = b"\n".join(lines)
        elif kind == "dup-line":
            i = draw(st.integers(0, len(lines) - 1))
            data = b"\n".join(lines[: i + 1] + lines[i:])
        elif kind == "truncate":
            data = data[:at]
        elif kind == "flip" and data:
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        else:  # swap a value for one of another type
            values = list(re.finditer(rb"(?<=: )[^,{}\n]+", data))
            if values:
                m = draw(st.sampled_from(values))
                new = draw(st.sampled_from(REPLACEMENTS)).encode()
                data = data[: m.start()] + new + data[m.end() :]
        files[name] = data
    return files


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=mutated())
def test_mutated_files_exit_0_or_1_without_traceback(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sc"
        write_files(root, dict(files))
        result = run("validate", root, "--json")
    assert_no_crash(result)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr
    if result.exit_code == 1:
        assert result.stdout == ""
        assert result.stderr and all(LINE.match(line) for line in result.stderr.splitlines())
