"""Bad stances.csv and issues.csv: every case's exact messages at file:line (written by hand,
never computed), exit status 1 with nothing on stdout (0 with the exact warning where the
input is only odd), and never a traceback.

Every case starts from the ``base`` fixture (./sc: three issues in scenario.yaml, parties gov
and opp in YAML) and adds its tables. The issues.csv cases move the three issues from
scenario.yaml into issues.csv, whose valid rows fill lines 2-4.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import BASE_FILES, assert_no_crash, run, write_files

S_HEAD = "party,issue,position,salience,accepts_lo,accepts_hi,prefers,accepts,require,reject,source"
N_HEAD = "party,issue,position,salience,capability,uncertainty,source,note"
NO_ISSUES = BASE_FILES["scenario.yaml"].split("issues:")[0]
I_HEAD = "id,kind,title,lo,hi,options,status_quo,tolerance,description"
I_ROWS = (
    "tenure,scale,Tenure,0,100,,,5,",
    "talks,choice,Talks,,,direct;proximity;none,,,",
    "guarantors,set,,,,russia;iran;us,,,",
)
ID_RULE = "expected letters, digits, '-' and '_', starting with a letter or digit"
ALL_COLUMNS = (
    "party, issue, position, salience, capability, accepts_lo, accepts_hi, prefers, accepts, "
    "require, reject, source … (14 in all)"
)
BIG = "10000000000000000000" + "0" * 380 + "0"  # 401 digits
BIG_SHOWN = "10000000000000000000…00000000 (401 characters)"
S = "sc/stances.csv"
I = "sc/issues.csv"  # noqa: E741 - the file's name, as S


def stances(*rows: str, header: str = S_HEAD) -> dict[str, str | bytes]:
    return {"stances.csv": "\n".join((header, *rows)) + "\n"}


def issues(*rows: str, header: str = I_HEAD) -> dict[str, str | bytes]:
    """scenario.yaml without issues; issues.csv with the three issues (lines 2-4) and rows."""
    body = "\n".join((header, *I_ROWS, *rows)) + "\n"
    return {"scenario.yaml": NO_ISSUES, "issues.csv": body}


def fifo(name: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        os.mkfifo(root / name)

    return make


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes]
    stderr: tuple[str, ...]  # every line, exactly
    status: int = 1
    make: Callable[[Path], None] | None = field(default=None, compare=False)


CASES = [
    # -- stances.csv: the header ---------------------------------------------------------
    Case(
        "unknown-column",
        stances("new,tenure,50,1,art", header="party,issue,positon,salience,source"),
        (f"{S}:1: unknown column 'positon'; did you mean 'position'?",),
    ),
    Case(
        "missing-column",
        stances("new,50,1,art", header="party,position,salience,source"),
        (f"{S}:1: missing column 'issue' (expected at least party, issue, salience)",),
    ),
    Case(
        "duplicate-column",
        stances("new,tenure,50,1,60,art", header="party,issue,position,salience,position,source"),
        (
            f"{S}:1: column 'position' appears twice (columns 3 and 5; keep one, else one of "
            "them would be ignored)",
        ),
    ),
    Case(
        "duplicate-column-differing-in-spaces",
        stances("new,tenure,art,1,art", header="party,issue, source,salience,source "),
        (
            f"{S}:1: column 'source' appears twice (columns 3 and 5; keep one, else one of "
            "them would be ignored)",
        ),
    ),
    Case(
        "header-ends-with-a-comma",
        stances("new,tenure,50,1,art,", header="party,issue,position,salience,source,"),
        (
            f"{S}:1: column 6 has no name (expected {ALL_COLUMNS}; a ',' at the end of the "
            "header adds an unnamed column)",
        ),
    ),
    Case(
        "unnamed-column-inside",
        stances("new,,tenure,50,1,art", header="party, ,issue,position,salience,source"),
        (
            f"{S}:1: column 2 has no name (expected {ALL_COLUMNS}; a ',' at the end of the "
            "header adds an unnamed column)",
        ),
    ),
    Case(
        "unknown-column-with-a-control-character",
        stances("new,tenure,50,1,art", header="party,issue,posi\ttion,salience,source"),
        (f"{S}:1: unknown column 'posi\\ttion'; did you mean 'position'?",),
    ),
    Case("empty-file", {"stances.csv": ""}, (f"{S}:1: file is empty (expected a header row)",)),
    Case(
        "only-blank-lines",
        {"stances.csv": "\n\r\n\n"},
        (f"{S}:1: file is empty (expected a header row)",),
    ),
    Case(
        "header-only",
        stances(),
        (f"{S}:1: warning: no rows after the header (the table holds no stances)",),
        status=0,
    ),
    Case(
        "header-only-crlf-bom-and-blank-lines",
        {"stances.csv": ("\ufeff" + S_HEAD + "\r\n\r\n,,,,,,,,,,\r\n").encode()},
        (f"{S}:1: warning: no rows after the header (the table holds no stances)",),
        status=0,
    ),
    # -- stances.csv: bytes and quoting --------------------------------------------------
    Case(
        "not-utf8",
        {"stances.csv": f"{S_HEAD}\nnew,tenure,50,1,,,,,,,art\nnew,talks,,1,,,".encode() + b"\xff"},
        # line 3 is "new,talks,,1,,," (15 characters), then the bad byte
        (f"{S}:3:16: file is not valid UTF-8 (byte 0xFF; save it as UTF-8)",),
    ),
    Case(
        "utf16",
        {"stances.csv": (S_HEAD + "\n").encode("utf-16")},
        (f"{S}:1:1: file is UTF-16 encoded (save it as UTF-8)",),
    ),
    Case(
        "nul-byte",
        {"stances.csv": f"{S_HEAD}\nnew,\0tenure,50,1,,,,,,,art\n".encode()},
        (f"{S}:2:5: binary file, not text (found a NUL byte)",),
    ),
    Case(
        "quote-never-closed",
        stances(
            'new,tenure,50,1,,,,,,,"art',
            "other,tenure,40,1,,,,,,,art",
            "third,tenure,30,1,,,,,,,art",
        ),
        (
            f"{S}:2: a quoted cell opened on this line is never closed: it would take in the "
            "2 lines after it (add the closing '\"')",
        ),
    ),
    Case(
        "quote-never-closed-after-a-quoted-cell-spanning-lines",
        stances(
            'new,tenure,50,1,,,,,,,"art"',
            'other,"ten',
            'ure",40,1,,,,,,,art',
            "",
            'third,tenure,30,1,,,,,,,"art',
            "fourth,tenure,30,1,,,,,,,art",
        ),
        (
            f"{S}:6: a quoted cell opened on this line is never closed: it would take in the "
            "1 lines after it (add the closing '\"')",
        ),
    ),
    # -- stances.csv: fields per row -----------------------------------------------------
    Case(
        "row-with-one-field",
        stances("new,tenure,50,1,,,,,,,art", "other"),
        (f"{S}:3: 1 field, expected 11 (as in the header)",),
    ),
    Case(
        "row-with-a-trailing-comma",
        stances("new,tenure,50,1,,,,,,,art,"),
        (f"{S}:2: 12 fields, expected 11 (as in the header)",),
    ),
    Case(
        "short-rows-after-blank-lines",
        stances("", "new,tenure,50,1", "", "", "other,tenure,50"),
        (
            f"{S}:3: 4 fields, expected 11 (as in the header)",
            f"{S}:6: 3 fields, expected 11 (as in the header)",
        ),
    ),
    # -- stances.csv: ids ----------------------------------------------------------------
    Case(
        "party-not-an-id",
        stances("g v,tenure,50,1,,,,,,,art"),
        (f"{S}:2: party: 'g v' is not a valid party id ({ID_RULE})",),
    ),
    Case(
        "party-missing",
        stances("new,tenure,50,1,,,,,,,art", "  ,tenure,50,1,,,,,,,art"),
        (f"{S}:3: party: missing ({ID_RULE})",),
    ),
    Case(
        "party-not-ascii",
        stances("néw,tenure,50,1,,,,,,,art"),
        (f"{S}:2: party: 'néw' is not a valid party id ({ID_RULE})",),
    ),
    Case(
        "party-with-a-line-break",
        stances('"ne', 'w",tenure,50,1,,,,,,,art', "new,talks,,1,,,direct,,,,art"),
        (f"{S}:2: party: 'ne\\nw' is not a valid party id ({ID_RULE})",),
    ),
    Case(
        "unknown-issue",
        stances("new,tenur,50,1,,,,,,,art"),
        (f"{S}:2: issue: unknown issue 'tenur'; did you mean 'tenure'?",),
    ),
    Case(
        "unknown-issue-on-several-rows",
        stances("new,budget,50,1,,,,,,,art", "other, budget ,50,1,,,,,,,art"),
        (
            f"{S}:2: issue: unknown issue 'budget' (expected tenure, talks or guarantors); "
            "2 rows name it",
        ),
    ),
    Case(
        "issue-missing",
        stances("new,,50,1,,,,,,,art"),
        (f"{S}:2: issue: missing (expected tenure, talks or guarantors)",),
    ),
    # -- stances.csv: numbers ------------------------------------------------------------
    Case(
        "infinite-numbers-in-every-column",
        stances(
            "new,tenure,1e999,inf,-inf,1E400,1e999,art",
            header="party,issue,position,salience,capability,accepts_lo,accepts_hi,source",
        ),
        (
            f"{S}:2: salience: expected a finite number, not inf",
            f"{S}:2: position: expected a finite number, not 1e999",
            f"{S}:2: accepts_lo: expected a finite number, not 1E400",
            f"{S}:2: accepts_hi: expected a finite number, not 1e999",
            f"{S}:2: capability: expected a finite number, not -inf",
        ),
    ),
    Case(
        "nan-in-every-column",
        stances(
            "new,tenure,nan,NaN,nan,nan,,,,,art",
            header="party,issue,position,salience,accepts_lo,accepts_hi,prefers,accepts,"
            "require,reject,source",
        ),
        (
            f"{S}:2: salience: expected a finite number, not NaN",
            f"{S}:2: position: expected a finite number, not nan",
            f"{S}:2: accepts_lo: expected a finite number, not nan",
            f"{S}:2: accepts_hi: expected a finite number, not nan",
        ),
    ),
    Case(
        "huge-numbers",
        stances(f"new,tenure,{BIG},1e400,{BIG},1e999,art,", header=N_HEAD),
        (
            f"{S}:2: salience: expected a finite number, not 1e400",
            f"{S}:2: position: expected a finite number, not {BIG_SHOWN}",
            f"{S}:2: uncertainty: expected a finite number, not 1e999",
            f"{S}:2: capability: expected a finite number, not {BIG_SHOWN}",
        ),
    ),
    Case(
        "capability-minus-zero",
        stances("new,tenure,50,1,-0,,art,", header=N_HEAD),
        (f"{S}:2: capability: -0 is out of range (expected a number > 0)",),
    ),
    Case(
        "capability-too-large",
        stances("new,tenure,50,1,1e13,,art,", header=N_HEAD),
        (
            f"{S}:2: capability: 1e13 is out of range (no number in gapcli's files may "
            "exceed 1e12 in size)",
        ),
    ),
    Case(
        "capability-not-a-number",
        stances("new,tenure,50,1,lots,,art,", header=N_HEAD),
        (f"{S}:2: capability: 'lots' is not a number",),
    ),
    Case(
        "capability-missing-where-the-rows-differ",
        stances(
            "new,tenure,50,1,2,,art,",
            "new,talks,,1,3,,art,",
            "new,guarantors,,1,,,art,",
            header=N_HEAD,
        ),
        (
            f"{S}:3: prefers: missing (expected one of direct, proximity or none)",
            f"{S}:4: capability: missing, and the rows of 'new' that give one differ (2 at "
            "line 2, 3 at line 3): give this row its own, or 'new' a capability in its YAML "
            "file",
        ),
    ),
    Case(
        "capability-not-above-zero-on-every-row",
        stances("new,tenure,50,1,0,,art,", "new,talks,,1,-2,,art,", header=N_HEAD),
        (
            f"{S}:3: prefers: missing (expected one of direct, proximity or none)",
            f"{S}:2: capability: 0 is out of range (expected a number > 0)",
            f"{S}:3: capability: -2 is out of range (expected a number > 0)",
        ),
    ),
    Case(
        "position-text",
        stances("new,tenure,fifty,1,,,,,,,art"),
        (f"{S}:2: position: 'fifty' is not a number",),
    ),
    Case(
        "salience-out-of-range",
        stances("new,tenure,50,1.5,,,,,,,art"),
        (f"{S}:2: salience: out of range (expected 0 to 1)",),
    ),
    Case(
        "salience-missing",
        stances("new,tenure,50, ,,,,,,,art"),
        (f"{S}:2: salience: missing (expected a number from 0 to 1)",),
    ),
    Case(
        "position-outside-the-range",
        stances("new,tenure,150,1,,,,,,,art"),
        (f"{S}:2: position: outside the issue's range",),
    ),
    Case(
        "accepts-lo-without-hi",
        stances("new,tenure,50,1,40,,,,,,art"),
        (f"{S}:2: accepts_lo and accepts_hi: give both or neither",),
    ),
    Case(
        "position-outside-accepts",
        stances("new,tenure,50,1,60,70,,,,,art"),
        (f"{S}:2: position: outside [accepts_lo, accepts_hi] (expected lo <= position <= hi)",),
    ),
    Case(
        "uncertainty-negative-and-too-large",
        stances("new,tenure,50,1,,-1,art,", "new,talks,,1,,2,art,", header=N_HEAD),
        (
            f"{S}:3: prefers: missing (expected one of direct, proximity or none)",
            f"{S}:2: uncertainty: negative (expected 0 or more)",
            f"{S}:3: uncertainty: expected a probability from 0 to 1 (on a choice or set issue)",
        ),
    ),
    # -- stances.csv: options and lists --------------------------------------------------
    Case(
        "prefers-unknown",
        stances("new,talks,,1,,,sofa,,,,art"),
        (f"{S}:2: prefers: unknown option 'sofa' (expected one of direct, proximity or none)",),
    ),
    Case(
        "accepts-without-prefers",
        stances("new,talks,,1,,,direct,none,,,art"),
        (
            f"{S}:2: accepts: does not contain the preferred option (expected a list that "
            "includes it)",
        ),
    ),
    Case(
        "accepts-lists-an-option-twice",
        stances("new,talks,,1,,,direct,direct; none ;direct,,,art"),
        (f"{S}:2: accepts: option 'direct' is listed twice",),
    ),
    Case(
        "require-unknown",
        stances("new,guarantors,,1,,,,,usa,,art"),
        (f"{S}:2: require: unknown option 'usa' of issue 'guarantors'; did you mean 'us'?",),
    ),
    Case(
        "reject-also-required",
        stances("new,guarantors,,1,,,,,us;iran,iran,art"),
        (f"{S}:2: reject: an option is also required",),
    ),
    Case(
        "cells-of-another-kind",
        stances(
            "new,tenure,50,1,,,direct,,,,art",
            "new,guarantors,3,1,,,,,,,art",
            "new,talks,,1,,,direct,,us,,art",
        ),
        (
            f"{S}:3: position: applies to a scale issue only",
            f"{S}:2: prefers: applies to a choice issue only",
            f"{S}:4: require: does not apply to this issue's kind",
        ),
    ),
    Case(
        "unknown-source",
        stances("new,tenure,50,1,,,,,,,art;paper"),
        (f"{S}:2: source: unknown source 'paper'; expected art",),
    ),
    Case(
        "option-past-the-first-64",
        {
            **issues("big,choice,Big,,," + ";".join(f"o{k}" for k in range(70)) + ",,,"),
            **stances("new,big,,1,,,o1,o1;o64,,,art", "new,tenure,50,1,,,,,,,art"),
        },
        (
            f"{S}:2: accepts: option 'o64' is not among the first 64 options of issue 'big', "
            "the only ones a table can name (give this stance in a YAML file)",
        ),
    ),
    # -- stances.csv: rows that would be lost --------------------------------------------
    Case(
        "second-row-for-a-stance",
        stances(
            "new,tenure,50,1,,,,,,,art", "other,tenure,40,1,,,,,,,art", "new,tenure,60,1,,,,,,,"
        ),
        (f"{S}:4: a second stance of 'new' on 'tenure' (first at line 2)",),
    ),
    Case(
        "second-row-for-a-stance-after-a-cell-spanning-lines",
        stances(
            'new,tenure,50,1,,,,,,,"art',
            'art"',
            "",
            "other,tenure,40,1,,,,,,,art",
            " new , tenure ,60,1,,,,,,,art",
        ),
        (
            f"{S}:2: source: unknown source 'art\\nart'; did you mean 'art'?",
            f"{S}:6: a second stance of 'new' on 'tenure' (first at line 2)",
        ),
    ),
    Case(
        "stance-also-in-yaml",
        stances("gov,tenure,90,1,,,,,,,art"),
        (f"{S}:2: a second stance of 'gov' on 'tenure' (also in its YAML file)",),
    ),
    # -- stances.csv: line numbers -------------------------------------------------------
    Case(
        "bad-row-after-blank-lines",
        stances("", "new,tenure,50,1,,,,,,,art", "", "", "other,tenure,500,1,,,,,,,art"),
        (f"{S}:6: position: outside the issue's range",),
    ),
    Case(
        "bad-row-after-a-note-spanning-lines",
        stances(
            'new,tenure,50,1,,,art,"first line',
            "",
            'third line"',
            "other,tenure,500,1,,,art,",
            header=N_HEAD,
        ),
        (f"{S}:5: position: outside the issue's range",),
    ),
    Case(
        "bad-rows-in-crlf-after-empty-rows",
        {
            "stances.csv": f"{S_HEAD}\r\n,,,,,,,,,,\r\n   \r\n"
            "new,tenure,50,1,,,,,,,art\r\n"
            "other,tenure,50,2,,,,,,,art\r\n"
        },
        (f"{S}:5: salience: out of range (expected 0 to 1)",),
    ),
    Case(
        "bad-row-in-a-file-whose-lines-end-in-cr",
        {
            "stances.csv": "party,issue,position,salience,source\rnew,tenure,50,1,art\r\r"
            "other,tenure,500,1,art\r"
        },
        (f"{S}:4: position: outside the issue's range",),
    ),
    Case(
        "bad-row-after-rows-of-quoted-and-unicode-blanks",
        stances(
            '"new","tenure","50","1","art"',
            '"","","",""," "',
            "\u00a0,\u3000, ,,",
            '"other","tenure","500","1","art"',
            header='"party","issue","position","salience","source"',
        ),
        (f"{S}:5: position: outside the issue's range",),
    ),
    Case(
        "bad-header-after-blank-lines",
        {"stances.csv": "\n \n" + "party,issue,positon,salience,source\nnew,tenure,50,1,art\n"},
        (f"{S}:3: unknown column 'positon'; did you mean 'position'?",),
    ),
    # -- stances.csv: what is not a regular file -----------------------------------------
    Case(
        "stances-fifo",
        {},
        (f"{S}: is a named pipe (FIFO), not a regular file",),
        make=fifo("stances.csv"),
    ),
    # -- issues.csv: the header ----------------------------------------------------------
    Case(
        "issues-unknown-column",
        issues(header=I_HEAD.replace("title", "titel")),
        (f"{I}:1: unknown column 'titel'; did you mean 'title'?",),
    ),
    Case(
        "issues-missing-column",
        {"scenario.yaml": NO_ISSUES, "issues.csv": "id,title\ntenure,Tenure\n"},
        (f"{I}:1: missing column 'kind' (expected at least id, kind)",),
    ),
    Case(
        "issues-duplicate-column",
        issues(header=I_HEAD + ",lo"),
        (
            f"{I}:1: column 'lo' appears twice (columns 4 and 10; keep one, else one of them "
            "would be ignored)",
        ),
    ),
    Case(
        "issues-unnamed-column",
        issues(header=I_HEAD + ","),
        (
            f"{I}:1: column 10 has no name (expected id, kind, title, lo, hi, options, "
            "status_quo, tolerance, description, outcome, outcome_as_of, outcome_source … "
            "(14 in all); a ',' at the end of the header adds an unnamed column)",
        ),
    ),
    Case(
        "issues-header-only",
        {"issues.csv": I_HEAD + "\n"},
        (f"{I}:1: no rows after the header (expected at least one issue, one per row)",),
    ),
    Case(
        "issues-not-utf8",
        {"scenario.yaml": NO_ISSUES, "issues.csv": b"id,kind,title\ntenure,scale,Ten\xe9\n"},
        (f"{I}:2:17: file is not valid UTF-8 (byte 0xE9; save it as UTF-8)",),
    ),
    Case(
        "issues-fifo",
        {},
        (f"{I}: is a named pipe (FIFO), not a regular file",),
        make=fifo("issues.csv"),
    ),
    # -- issues.csv: rows ----------------------------------------------------------------
    Case(
        "issues-wrong-field-count",
        issues("x,scale,X,0,10"),
        (f"{I}:5: 5 fields, expected 9 (as in the header)",),
    ),
    Case(
        "issues-bad-ids",
        issues("x y,scale,,,,,,,", ",scale,,,,,,,", "tenure,scale,,,,,,,"),
        (
            f"{I}:5: id: 'x y' is not a valid issue id ({ID_RULE})",
            f"{I}:6: id: missing ({ID_RULE})",
            f"{I}:7: id: issue 'tenure' is defined twice (first at line 2)",
        ),
    ),
    Case(
        "issues-bad-kinds",
        issues("x,vote,,,,,,,", "y,,,,,,,,"),
        (
            f"{I}:5: kind: 'vote' (expected scale, choice or set)",
            f"{I}:6: kind: missing (expected scale, choice or set)",
        ),
    ),
    Case(
        "issues-not-finite",
        issues(
            "a,scale,,nan,,,,,", "b,scale,,,1e999,,,,", "c,scale,,,,,inf,,", f"d,scale,,,,,,{BIG},"
        ),
        (
            f"{I}:5: lo: expected a finite number, not nan",
            f"{I}:6: hi: expected a finite number, not 1e999",
            f"{I}:7: status_quo: expected a finite number, not inf",
            f"{I}:8: tolerance: expected a finite number, not {BIG_SHOWN}",
        ),
    ),
    Case(
        "issues-numbers-out-of-range",
        issues(
            "a,scale,,-1e13,,,,,", "b,scale,,,,,,-1,", "c,scale,,,,,,1e400,", "d,scale,,,,,,2e12,"
        ),
        (
            f"{I}:5: lo: -1e13 is out of range (expected a number from -1000000000000 to "
            "1000000000000)",
            f"{I}:6: tolerance: -1 is out of range (expected a number >= 0)",
            f"{I}:7: tolerance: expected a finite number, not 1e400",
            f"{I}:8: tolerance: 2e12 is out of range (no number in gapcli's files may exceed "
            "1e12 in size)",
        ),
    ),
    Case(
        "issues-number-text",
        issues("a,scale,,low,,,,,"),
        (f"{I}:5: lo: 'low' is not a number",),
    ),
    Case(
        "issues-range-without-width",
        issues("a,scale,,50,50,,,,", "b,scale,,-0,0,,,,", "c,scale,,60,50,,,,"),
        (
            f"{I}:5: lo and hi: [50, 50] has no width (expected lo < hi)",
            f"{I}:6: lo and hi: [0, 0] has no width (expected lo < hi)",
            f"{I}:7: lo and hi: lo 60 is greater than hi 50 (expected lo < hi)",
        ),
    ),
    Case(
        "issues-status-quo-outside",
        issues("a,scale,,0,10,,20,,", "b,choice,,,,x;y,z,,"),
        (
            f"{I}:5: status_quo: 20 is outside [0, 10]",
            f"{I}:6: status_quo: 'z' is not one of the options (expected x or y)",
        ),
    ),
    Case(
        "issues-bad-options",
        issues("a,choice,,,,x;x,,,", "b,set,,,,x;y z,,,", "c,set,,,, ; ,,,"),
        (
            f"{I}:5: options: option 'x' is listed twice",
            f"{I}:6: options: 'y z' is not a valid option id ({ID_RULE})",
            f"{I}:7: options: missing (a set issue needs at least one option id; separate "
            "them with ';')",
        ),
    ),
    Case(
        "issues-cells-of-another-kind",
        issues("a,choice,,0,,x;y,,,", "b,set,,,,x,x,,", "c,scale,,,,x;y,,2,"),
        (
            f"{I}:5: lo: applies to a scale issue only (this is a choice issue)",
            f"{I}:6: status_quo: applies to a scale or choice issue only (this is a set issue)",
            f"{I}:7: options: applies to a choice or set issue only (this is a scale issue)",
        ),
    ),
    Case(
        "issues-bad-row-after-blank-lines-and-a-cell-spanning-lines",
        issues('a,scale,A,,,,,,"one', "", 'three"', "", "b,scale,B,500,,,,,"),
        (f"{I}:9: lo and hi: lo 500 is greater than hi 100 (expected lo < hi)",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_bad_table_is_reported_at_its_lines(base: Path, case: Case) -> None:
    write_files(base, case.files)
    if case.make is not None:
        case.make(base)
    result = run("validate", "sc")
    assert_no_crash(result)
    assert "Traceback" not in result.stderr
    assert (result.exit_code, tuple(result.stderr.splitlines())) == (case.status, case.stderr)
    if case.status == 1:
        assert result.stdout == ""


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 50
    assert len({c.id for c in CASES}) == len(CASES)


def test_an_issue_of_issues_csv_with_no_stance_beside_yaml_issues_is_a_warning(
    base: Path,
) -> None:
    write_files(base, {"issues.csv": "id,kind,lo,hi\nextra,scale,0,10\n"})
    result = run("validate", "sc")
    assert_no_crash(result)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{I}:2: warning: no party has a stance on issue 'extra'",
    ]
