"""Every kind of bad input gives exactly its line on stderr and exit status 1, no traceback.

Each case edits the valid scenario of ``conftest.BASE_FILES`` (at ./sc) and lists the exact
lines expected on stderr. Line and column numbers count from 1 and were worked out from the
base files by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gapcli.io.yamlio import MAX_YAML_BYTES

from conftest import BASE_FILES, assert_no_crash, run, write_files

Edit = tuple[str, str, str]  # (file, old text, new text)


@dataclass(frozen=True)
class Case:
    id: str
    expected: tuple[str, ...]
    edits: tuple[Edit, ...] = ()
    files: dict[str, str | bytes] = field(default_factory=dict)
    delete: tuple[str, ...] = ()
    target: str = "sc"


def sub(file: str, old: str, new: str) -> Edit:
    return (file, old, new)


GOV, OPP, SCN = "parties/gov.yaml", "parties/opp.yaml", "scenario.yaml"

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
)

CASES = [
    Case(
        "yaml-syntax",
        (
            "sc/parties/gov.yaml:5:8: invalid YAML: did not find expected ',' or "
            "'}' (while parsing a flow mapping at line 4)",
        ),
        edits=(sub(GOV, "source: art}\n  talks", "source: art\n  talks"),),
    ),
    Case(
        "duplicate-key",
        ("sc/parties/opp.yaml:4:3: duplicate key 'tenure' (first defined at line 3)",),
        edits=(sub(OPP, "  talks:", "  tenure:"),),
    ),
    Case(
        "unknown-key-did-you-mean",
        (
            "sc/parties/opp.yaml:3:12: unknown key 'postion' in stance on 'tenure'; did you mean "
            "'position'?",
            "sc/parties/opp.yaml:3:3: stance on 'tenure': missing key 'position' (the point the "
            "party asks for)",
        ),
        edits=(sub(OPP, "{position: 0,", "{postion: 0,"),),
    ),
    Case(
        "unknown-top-level-key",
        (
            "sc/scenario.yaml:1:1: unknown key 'titel' in scenario; did you mean 'title'?",
            "sc/scenario.yaml:1:1: scenario: missing key 'title' (what the scenario is)",
        ),
        edits=(sub(SCN, "title: Test talks", "titel: Test talks"),),
    ),
    Case(
        "unknown-key-no-suggestion",
        (
            "sc/parties/gov.yaml:1:1: unknown key 'colour' in party 'gov'; expected id, name, "
            "description, capability, observer or stances",
        ),
        edits=(sub(GOV, "name: Government", "colour: red\nname: Government"),),
    ),
    Case(
        "wrong-type",
        ("sc/parties/opp.yaml:3:53: salience: expected a number from 0 to 1, not the text 'high'",),
        edits=(sub(OPP, "accepts: [0, 25], salience: 1,", "accepts: [0, 25], salience: high,"),),
    ),
    Case(
        "salience-out-of-range",
        (
            "sc/parties/gov.yaml:4:57: salience: 1.5 is out of range "
            "(expected a number from 0 to 1)",
        ),
        edits=(sub(GOV, "salience: 1,", "salience: 1.5,"),),
    ),
    Case(
        "position-out-of-range",
        (
            "sc/parties/gov.yaml:4:22: position: 120 is out of range "
            "(expected a number from 0 to 100)",
        ),
        edits=(sub(GOV, "position: 100,", "position: 120,"),),
    ),
    Case(
        "accepts-not-containing-position",
        (
            "sc/parties/opp.yaml:3:34: accepts: [10, 25] does not contain the position 0 "
            "(expected lo <= position <= hi)",
        ),
        edits=(sub(OPP, "accepts: [0, 25]", "accepts: [10, 25]"),),
    ),
    Case(
        "accepts-lo-above-hi",
        (
            "sc/parties/opp.yaml:3:34: accepts: lo 25 is greater than hi 0 (expected [lo, hi] "
            "with lo <= hi)",
        ),
        edits=(sub(OPP, "accepts: [0, 25]", "accepts: [25, 0]"),),
    ),
    Case(
        "accepts-wrong-shape",
        ("sc/parties/opp.yaml:3:34: accepts: expected [lo, hi], two numbers, not a list",),
        edits=(sub(OPP, "accepts: [0, 25]", "accepts: [0, 10, 25]"),),
    ),
    Case(
        "unknown-issue",
        ("sc/parties/opp.yaml:3:3: unknown issue 'tenur'; did you mean 'tenure'?",),
        edits=(sub(OPP, "  tenure:", "  tenur:"),),
    ),
    Case(
        "unknown-option",
        (
            "sc/parties/opp.yaml:4:20: prefers: unknown option 'proxmity' of "
            "issue 'talks'; did you mean 'proximity'?",
        ),
        edits=(sub(OPP, "prefers: proximity", "prefers: proxmity"),),
    ),
    Case(
        "unknown-option-in-set",
        (
            "sc/parties/opp.yaml:5:26: require: unknown option 'usa' of issue 'guarantors'; "
            "did you mean 'us'?",
        ),
        edits=(sub(OPP, "require: [us]", "require: [usa]"),),
    ),
    Case(
        "required-and-rejected",
        (
            "sc/parties/opp.yaml:5:39: reject: 'us' also required (expected an option in require "
            "or reject, not both)",
        ),
        edits=(sub(OPP, "reject: [iran]", "reject: [iran, us]"),),
    ),
    Case(
        "choice-accepts-without-prefers",
        (
            "sc/parties/gov.yaml:5:40: accepts: does not contain the preferred option "
            "'proximity' (expected a list that includes it)",
        ),
        edits=(sub(GOV, "accepts: [proximity, none]", "accepts: [none]"),),
    ),
    Case(
        "option-listed-twice",
        ("sc/parties/gov.yaml:6:40: require: option 'iran' is listed twice",),
        edits=(sub(GOV, "require: [russia, iran]", "require: [russia, iran, iran]"),),
    ),
    Case(
        "unknown-source",
        ("sc/parties/opp.yaml:3:64: source: unknown source 'artcle'; did you mean 'art'?",),
        edits=(sub(OPP, "salience: 1, source: art}", "salience: 1, source: artcle}"),),
    ),
    Case(
        "duplicate-party-id",
        (
            "sc/parties/opp.yaml:1:5: duplicate party id 'gov' (also used "
            "by sc/parties/gov.yaml:1:1)",
        ),
        edits=(sub(OPP, "name: Opposition", "id: gov\nname: Opposition"),),
    ),
    Case(
        "missing-salience",
        (
            "sc/parties/opp.yaml:4:3: stance on 'talks': missing key "
            "'salience' (how much the issue matters to the party, from 0 to "
            "1)",
        ),
        edits=(sub(OPP, "prefers: proximity, salience: 0.5,", "prefers: proximity,"),),
    ),
    Case(
        "issue-missing-kind",
        (
            "sc/scenario.yaml:12:3: issue 'talks': missing key 'kind' "
            "(expected scale, choice or set)",
        ),
        edits=(sub(SCN, "    kind: choice\n", ""),),
    ),
    Case(
        "unknown-kind",
        ("sc/scenario.yaml:9:11: kind: unknown issue kind 'scal'; did you mean 'scale'?",),
        edits=(sub(SCN, "kind: scale", "kind: scal"),),
    ),
    Case(
        "key-for-another-kind",
        (
            "sc/scenario.yaml:17:5: unknown key 'range' in issue 'guarantors' (it applies to a "
            "scale issue, and this is a set issue)",
        ),
        edits=(sub(SCN, "    options: {russia", "    range: [0, 1]\n    options: {russia"),),
    ),
    Case(
        "capability-not-positive",
        ("sc/parties/gov.yaml:2:13: capability: 0 is out of range (expected a number > 0)",),
        edits=(sub(GOV, "capability: 0.8", "capability: 0"),),
    ),
    Case(
        "label-outside-range",
        ("sc/scenario.yaml:11:37: labels: 150 is out of range (expected a point from 0 to 100)",),
        edits=(sub(SCN, "100: stays}", "100: stays, 150: beyond}"),),
    ),
    Case(
        "range-reversed",
        (
            "sc/scenario.yaml:10:12: range: lo 100 is greater than hi 0 "
            "(expected [lo, hi] with lo <= hi)",
        ),
        edits=(sub(SCN, "range: [0, 100]", "range: [100, 0]"),),
    ),
    Case(
        "status-quo-unknown-option",
        (
            "sc/scenario.yaml:15:17: status_quo: unknown option 'nothing' of issue 'talks'; "
            "expected direct, proximity or none",
        ),
        edits=(sub(SCN, "No talks}\n", "No talks}\n    status_quo: nothing\n"),),
    ),
    Case(
        "issues-not-a-mapping",
        ("sc/scenario.yaml:2:9: issues: expected a mapping of issues, not a list",),
        files={SCN: "title: T\nissues: [tenure, talks]\n"},
    ),
    Case(
        "prefers-on-a-scale-issue",
        (
            "sc/parties/opp.yaml:3:25: unknown key 'prefers' in stance on 'tenure' (it applies to "
            "a stance on a choice issue, and this is a stance on a scale issue)",
        ),
        edits=(sub(OPP, "accepts: [0, 25]", "prefers: direct"),),
    ),
    Case(
        "invalid-issue-id",
        tuple(
            f"sc/{file}: 'ten ure' is not a valid issue id (expected letters, digits, '-' and '_', "
            "starting with a letter or digit)"
            for file in ("scenario.yaml:8:3", "parties/gov.yaml:4:3", "parties/opp.yaml:3:3")
        ),
        edits=(
            sub(SCN, "  tenure:\n    kind", "  ten ure:\n    kind"),
            sub(GOV, "  tenure: ", "  ten ure: "),
            sub(OPP, "  tenure: ", "  ten ure: "),
        ),
    ),
    Case(
        "stance-not-a-mapping",
        (
            "sc/parties/opp.yaml:3:11: stance on 'tenure': expected a "
            "mapping (stance on a scale issue), not the number 50",
        ),
        edits=(
            sub(
                OPP,
                "tenure: {position: 0, accepts: [0, 25], salience: 1, source: art}",
                "tenure: 50",
            ),
        ),
    ),
    Case(
        "uncertainty-on-choice-too-big",
        (
            "sc/parties/opp.yaml:4:72: uncertainty: 5 is out of range (expected a probability "
            "from 0 to 1 (on a choice or set issue))",
        ),
        edits=(
            sub(OPP, "salience: 0.5, source: art}", "salience: 0.5, source: art, uncertainty: 5}"),
        ),
    ),
    Case(
        "not-a-number",
        ("sc/parties/opp.yaml:3:22: position: expected a finite number, not .nan",),
        edits=(sub(OPP, "position: 0,", "position: .nan,"),),
    ),
    Case(
        "bad-date",
        ("sc/scenario.yaml:2:8: as_of: expected a date YYYY-MM-DD, not the text '2017-13-45'",),
        edits=(sub(SCN, "as_of: 2017-05-16", "as_of: 2017-13-45"),),
    ),
    Case(
        "two-documents",
        (
            "sc/parties/opp.yaml:4:1: a second YAML document ('---'); a "
            "position file holds one document",
        ),
        edits=(sub(OPP, "source: art}\n", "source: art}\n---\nname: again\n"),),
    ),
    Case(
        "errors-in-two-files-all-reported",
        (
            "sc/parties/gov.yaml:4:57: salience: 1.5 is out of range (expected a number from 0 "
            "to 1)",
            "sc/parties/opp.yaml:3:22: position: 120 is out of range (expected a number from 0 to "
            "100)",
        ),
        edits=(
            sub(GOV, "salience: 1,", "salience: 1.5,"),
            sub(OPP, "position: 0,", "position: 120,"),
        ),
    ),
    Case(
        "empty-party-file",
        ("sc/parties/opp.yaml:1:1: file is empty (expected a mapping with 'name' and 'stances')",),
        files={OPP: "# nothing yet\n"},
    ),
    Case(
        "empty-scenario-file",
        ("sc/scenario.yaml:1:1: file is empty (expected a mapping with 'title' and 'issues')",),
        files={SCN: ""},
    ),
    Case(
        "not-utf8",
        ("sc/parties/opp.yaml:1:15: file is not valid UTF-8 (byte 0xE9; save it as UTF-8)",),
        files={OPP: BASE_FILES[OPP].replace("Opposition", "Oppositi\xe9n").encode("latin-1")},
    ),
    Case(
        "utf16",
        ("sc/parties/opp.yaml:1:1: file is UTF-16 encoded (save it as UTF-8)",),
        files={OPP: BASE_FILES[OPP].encode("utf-16")},
    ),
    Case(
        "binary",
        ("sc/parties/opp.yaml:1:4: binary file, not text (found a NUL byte)",),
        files={OPP: b"\x89PN\x00\x1a\n\x00\x00"},
    ),
    Case(
        "control-character",
        ("sc/parties/opp.yaml:1:11: character U+000B is not allowed in YAML (remove it)",),
        files={OPP: BASE_FILES[OPP].replace("Opposition", "Oppo\vsition")},
    ),
    Case(
        "tab-indented",
        ("sc/parties/opp.yaml:3:1: tab character in indentation (YAML indents with spaces only)",),
        edits=(sub(OPP, "  tenure:", "\ttenure:"),),
    ),
    Case(
        "alias-bomb",
        (
            "sc/scenario.yaml:2:8: YAML alias '*a' (anchors and aliases are not "
            "allowed in position files; write the value out)",
        ),
        files={SCN: BOMB},
    ),
    Case(
        "no-scenario-yaml",
        (
            "sc: not a scenario directory: it has no scenario.yaml (create "
            "one with 'gapcli init sc' or name a scenario directory)",
        ),
        delete=(SCN,),
    ),
    Case("path-does-not-exist", ("nowhere: no such file or directory",), target="nowhere"),
]


def apply(root: Path, case: Case) -> None:
    for file, old, new in case.edits:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{case.id}: {old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    write_files(root, case.files)
    for file in case.delete:
        (root / file).unlink()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(base: Path, case: Case) -> None:
    apply(base, case)
    result = run("validate", case.target)
    assert_no_crash(result)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    errors = tuple(line for line in result.stderr.splitlines() if ": warning: " not in line)
    assert errors == case.expected


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_huge_file_is_refused_before_reading(base: Path) -> None:
    big = base / "parties" / "big.yaml"
    with big.open("wb") as f:
        f.write(b"name: big\n# " + b"x" * (50 * 1024 * 1024) + b"\n")
    result = run("validate", "sc")
    assert_no_crash(result)
    assert result.exit_code == 1
    assert MAX_YAML_BYTES == 8 * 1024 * 1024
    assert result.stderr.splitlines() == [
        "sc/parties/big.yaml:1:1: file is over the 8 MiB limit for YAML position files "
        "(split it into one file per party, or put the stances in stances.csv)"
    ]


def test_errors_never_go_to_stdout_even_as_json(base: Path) -> None:
    apply(base, CASES[6])
    result = run("validate", "sc", "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("sc/parties/gov.yaml:4:57: salience")
