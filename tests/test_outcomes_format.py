"""Issue outcomes and tags in the scenario format (docs/format.md, "Outcomes"): what the
loader makes of them in scenario.yaml, a one-file scenario and issues.csv, every rule with
its exact message, and the warning for an outcome that cites no source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gapcli.io.loader import load_scenario
from gapcli.model import ChoiceIssue, Outcome, ScaleIssue, SetIssue

from conftest import BASE_FILES, POSITIONS, WORKED, json_result, run, write_files

SCENARIO = BASE_FILES["scenario.yaml"]
#: The last line of each issue in the base scenario (tenure ends at line 11, talks at 14,
#: guarantors at 17): keys added after it start on the next line.
ENDS = {
    "tenure": "    labels: {0: leaves, 100: stays}\n",
    "talks": "    options: {direct: Direct, proximity: Proximity, none: No talks}\n",
    "guarantors": "    options: {russia: Russia, iran: Iran, us: United States}\n",
}


def with_keys(**added: str) -> str:
    """The base scenario with lines added at the end of issues (``tenure="outcome: 5"``)."""
    text = SCENARIO
    for issue, lines in added.items():
        body = "".join(f"    {line}\n" for line in lines.split("\n"))
        text = text.replace(ENDS[issue], ENDS[issue] + body)
    return text


def errors(base: Path, text: str) -> list[str]:
    write_files(base, {"scenario.yaml": text})
    result = run("validate", "sc")
    assert result.exit_code == 1, result.output
    return result.stderr.splitlines()


# -- YAML ----------------------------------------------------------------------------------


def test_outcomes_of_every_kind_are_read(base: Path) -> None:
    text = with_keys(
        tenure="outcome: 20\noutcome_as_of: 2018-01-02\noutcome_source: art\n"
        "outcome_note: He stayed, on paper",
        talks="outcome: 'none'\noutcome_source: [art]",
        guarantors="outcome: [us, russia]\noutcome_source: art",
    )
    write_files(base, {"scenario.yaml": text})
    loaded = load_scenario(Path("sc"))
    assert loaded.warnings == ()
    tenure, talks, guarantors = loaded.scenario.issues
    assert isinstance(tenure, ScaleIssue) and isinstance(talks, ChoiceIssue)
    assert tenure.outcome == Outcome(20.0, "2018-01-02", ("art",), "He stayed, on paper")
    assert talks.outcome == Outcome("none", sources=("art",))  # 'none' is an option id
    # a set's outcome is kept in the issue's option order, whatever order it is written in
    assert isinstance(guarantors, SetIssue)
    assert guarantors.outcome == Outcome(("russia", "us"), sources=("art",))


def test_an_empty_set_and_a_note_alone(base: Path) -> None:
    text = with_keys(
        guarantors="outcome: []\noutcome_source: art",
        tenure="outcome_note: not settled yet\noutcome_source: art\noutcome_as_of: 2019-01-01",
    )
    write_files(base, {"scenario.yaml": text})
    loaded = load_scenario(Path("sc"))
    tenure, talks, guarantors = loaded.scenario.issues
    assert guarantors.outcome == Outcome((), sources=("art",))  # none of the options
    assert tenure.outcome == Outcome(None, "2019-01-01", ("art",), "not settled yet")
    assert talks.outcome is None and talks.tags == ()
    assert loaded.warnings == ()  # a note alone records no outcome: no source is asked for


def test_tags_are_kept_as_written_text_in_order(base: Path) -> None:
    text = with_keys(
        tenure="tags: {proposal: d00032, year: 2000, flag: no, version: 1.10, day: 2017-05-16}",
        talks="tags: {phase: 'two words'}",
    )
    write_files(base, {"scenario.yaml": text})
    tenure, talks, guarantors = load_scenario(Path("sc")).scenario.issues
    assert tenure.tags == (
        ("proposal", "d00032"),
        ("year", "2000"),
        ("flag", "no"),
        ("version", "1.10"),
        ("day", "2017-05-16"),
    )
    assert talks.tags == (("phase", "two words"),) and guarantors.tags == ()


def test_a_one_file_scenario_reads_outcomes(in_tmp: Path) -> None:
    (in_tmp / "talks.yaml").write_text(
        "title: One file\nsources: {rep: {title: A report}}\n"
        "issues:\n"
        "  venue: {kind: choice, options: [geneva, 'no'], outcome: 'no', outcome_source: rep,"
        " tags: {round: 4}}\n"
        "parties:\n  a: {stances: {venue: {prefers: geneva, salience: 1, source: rep}}}\n",
        encoding="utf-8",
    )
    loaded = load_scenario(Path("talks.yaml"))
    (venue,) = loaded.scenario.issues
    assert venue.outcome == Outcome("no", sources=("rep",)) and venue.tags == (("round", "4"),)
    assert loaded.warnings == ()


CASES = [
    pytest.param(
        {"tenure": "outcome: 120"},
        ["sc/scenario.yaml:12:14: outcome: 120 is out of range (expected a number from 0 to 100)"],
        id="scale-out-of-range",
    ),
    pytest.param(
        {"tenure": "outcome: high"},
        ["sc/scenario.yaml:12:14: outcome: expected a number from 0 to 100, not the text 'high'"],
        id="scale-not-a-number",
    ),
    pytest.param(
        {"talks": "outcome: proximty"},
        [
            "sc/scenario.yaml:15:14: outcome: unknown option 'proximty' of issue 'talks'; "
            "did you mean 'proximity'?"
        ],
        id="choice-did-you-mean",
    ),
    pytest.param(
        {"talks": "outcome: vienna"},
        [
            "sc/scenario.yaml:15:14: outcome: unknown option 'vienna' of issue 'talks'; "
            "expected direct, proximity or none"
        ],
        id="choice-unknown",
    ),
    pytest.param(
        {"guarantors": "outcome: [russia, iram, russia]"},
        [
            "sc/scenario.yaml:18:23: outcome: unknown option 'iram' of issue 'guarantors'; "
            "did you mean 'iran'?",
            "sc/scenario.yaml:18:29: outcome: option 'russia' is listed twice",
        ],
        id="set-unknown-and-twice",
    ),
    pytest.param(
        {"guarantors": "outcome: russia"},
        ["sc/scenario.yaml:18:14: outcome: expected a list of option ids, not the text 'russia'"],
        id="set-not-a-list",
    ),
    pytest.param(
        {"guarantors": "outcome:"},
        [
            "sc/scenario.yaml:18:13: outcome: expected a list of option ids, not an empty value "
            "(write [] when none of the options was included, or leave out outcome when it is "
            "not known)"
        ],
        id="set-empty-value",
    ),
    pytest.param(
        {"tenure": "outcome: 5\noutcome_as_of: 2018-02-30\noutcome_source: art"},
        [
            "sc/scenario.yaml:13:20: outcome_as_of: expected a date YYYY-MM-DD, not the text "
            "'2018-02-30'"
        ],
        id="bad-date",
    ),
    pytest.param(
        {"tenure": "outcome: 5\noutcome_source: [art, artcle]"},
        ["sc/scenario.yaml:13:27: outcome_source: unknown source 'artcle'; did you mean 'art'?"],
        id="unknown-source",
    ),
    pytest.param(
        {"tenure": "outcome_as_of: 2018-01-01\noutcome_source: art"},
        [
            "sc/scenario.yaml:12:5: outcome_as_of without outcome: give the outcome, or an "
            "outcome_note saying why none is recorded",
            "sc/scenario.yaml:13:5: outcome_source without outcome: give the outcome, or an "
            "outcome_note saying why none is recorded",
        ],
        id="details-without-outcome",
    ),
    pytest.param(
        {"tenure": "outcome: 5\noutcome_note: [a, b]\noutcome_source: art"},
        ["sc/scenario.yaml:13:19: outcome_note: expected text, not a list"],
        id="note-not-text",
    ),
    pytest.param(
        {"talks": "outcom: direct"},
        ["sc/scenario.yaml:15:5: unknown key 'outcom' in issue 'talks'; did you mean 'outcome'?"],
        id="unknown-key",
    ),
    pytest.param(
        {"tenure": "tags: {year: [2000, 2001], 'a b': x, ok: ''}"},
        [
            "sc/scenario.yaml:12:18: tags: year: expected text, not a list (a tag's value is "
            "text, a number or a date, kept as written)",
            "sc/scenario.yaml:12:32: tags: 'a b' is not a valid tag key (expected letters, "
            "digits, '-' and '_', starting with a letter or digit)",
            "sc/scenario.yaml:12:46: tags: ok: expected text, not the text '' (a tag's value "
            "is text, a number or a date, kept as written)",
        ],
        id="tags-values-and-keys",
    ),
    pytest.param(
        {"tenure": "tags: [a, b]"},
        ["sc/scenario.yaml:12:11: tags: expected a mapping of key to text, not a list"],
        id="tags-not-a-mapping",
    ),
]


@pytest.mark.parametrize(("added", "expected"), CASES)
def test_each_rule_has_its_located_message(
    base: Path, added: dict[str, str], expected: list[str]
) -> None:
    assert errors(base, with_keys(**added)) == expected


def test_a_wrong_outcome_leaves_the_issues_stances_checked(base: Path) -> None:
    """The outcome is reported, and the issue kept: a bad stance on it is reported too."""
    write_files(
        base,
        {
            "parties/gov.yaml": BASE_FILES["parties/gov.yaml"].replace(
                "position: 100,", "position: 101,"
            )
        },
    )
    found = errors(base, with_keys(tenure="outcome: 120\noutcome_source: art"))
    assert found == [
        "sc/scenario.yaml:12:14: outcome: 120 is out of range (expected a number from 0 to 100)",
        "sc/parties/gov.yaml:4:22: position: 101 is out of range (expected a number from 0 to 100)",
    ]


def test_an_outcome_without_a_source_warns(base: Path) -> None:
    write_files(base, {"scenario.yaml": with_keys(talks="outcome: direct")})
    loaded = load_scenario(Path("sc"))
    assert [str(w) for w in loaded.warnings] == [
        "sc/scenario.yaml:15:5: warning: outcome of issue 'talks' cites no source"
    ]
    result = run("validate", "sc", "--json")
    assert result.exit_code == 0
    assert "outcome of issue 'talks' cites no source" in result.stdout  # the JSON's warnings


def test_many_outcomes_without_sources_are_listed_then_counted(in_tmp: Path) -> None:
    issues = "".join(f"  i{n}: {{kind: scale, outcome: {n}}}\n" for n in range(7))
    stances = ", ".join(f"i{n}: {{position: 1, salience: 1}}" for n in range(7))
    (in_tmp / "s.yaml").write_text(
        f"title: Many\nissues:\n{issues}parties:\n  p: {{stances: {{{stances}}}}}\n",
        encoding="utf-8",
    )
    outcome_warnings = [
        str(w) for w in load_scenario(Path("s.yaml")).warnings if "outcome" in str(w)
    ]
    assert outcome_warnings == [
        *(f"s.yaml:{3 + n}:21: warning: outcome of issue 'i{n}' cites no source" for n in range(5)),
        "s.yaml: warning: 2 more outcomes in this file cite no source (7 in all; the first 5 "
        "are listed above)",
    ]


def test_the_worked_examples_record_every_outcome_with_its_sources() -> None:
    """Each issue of the worked examples records what it came to by the end of 2019, citing
    sources, or says in a note why it is left out; none warns."""
    for name in WORKED:
        loaded = load_scenario(POSITIONS / name)
        assert loaded.warnings == ()
        for issue in loaded.scenario.issues:
            assert issue.outcome is not None and issue.outcome.note, issue.id
            if issue.outcome.value is not None:
                assert issue.outcome.sources and issue.outcome.as_of, issue.id
                assert "2017-05-16" <= issue.outcome.as_of <= "2019-12-31", issue.id


def test_diff_does_not_count_an_outcome_as_a_change(base: Path, in_tmp: Path) -> None:
    """Outcomes are not positions: two scenarios that differ only in them differ in nothing
    ``diff`` reports."""
    shutil.copytree(base, in_tmp / "after")
    text = with_keys(tenure="outcome: 30\noutcome_source: art\ntags: {year: 2017}")
    write_files(in_tmp / "after", {"scenario.yaml": text})
    found = json_result("diff", "sc", "after")
    assert found["shifts"] == [] and found["issues"] == {"added": [], "removed": []}
    assert found["capabilities"] == [] and found["changes"] == []


# -- issues.csv ----------------------------------------------------------------------------

HEADER = "id,kind,lo,hi,options,outcome,outcome_as_of,outcome_source,outcome_note,tags\n"


def table(in_tmp: Path, rows: str) -> Path:
    scenario = SCENARIO.split("issues:")[0]
    stances = "party,issue,position,salience,source\np,a,5,1,art\n"
    write_files(in_tmp / "t", {"scenario.yaml": scenario, "issues.csv": HEADER + rows})
    write_files(in_tmp / "t", {"stances.csv": stances})
    return Path("t")  # relative, as messages show it (in_tmp is the current folder)


def test_issues_csv_reads_outcomes_and_tags(in_tmp: Path) -> None:
    rows = (
        "a,scale,0,10,,2.5,2018-01-02,art,'=held on paper,proposal=d00032;year=2000\n"
        "b,choice,,,x;y;z,z,,art;art,,\n"
        "c,set,,,r;i;u,u;r,,art,,flag=no\n"
        "d,set,,,r;i;u,-,,art,,\n"
        "e,set,,,r;i;u,,,,not known yet,\n"
        "f,scale,,,,,,,,\n"
        "g,set,,,r;i;u,'-,,art,,\n"
    )
    loaded = load_scenario(table(in_tmp, rows))
    a, b, c, d, e, f, g = loaded.scenario.issues
    # the ' a CSV writer puts before a formula character is taken off outcome_note
    assert a.outcome == Outcome(2.5, "2018-01-02", ("art",), "=held on paper")
    assert a.tags == (("proposal", "d00032"), ("year", "2000"))
    assert b.outcome == Outcome("z", sources=("art", "art"))
    assert c.outcome == Outcome(("r", "u"), sources=("art",)) and c.tags == (("flag", "no"),)
    assert d.outcome == Outcome((), sources=("art",))  # '-': none of the options
    assert e.outcome == Outcome(None, note="not known yet")
    assert f.outcome is None and f.tags == ()
    assert g.outcome == d.outcome  # '-' as a spreadsheet may keep it: "'-"
    assert all("outcome" not in str(w) for w in loaded.warnings)


def test_issues_csv_without_the_outcome_columns_still_loads(in_tmp: Path) -> None:
    write_files(
        in_tmp / "t",
        {
            "scenario.yaml": SCENARIO.split("issues:")[0],
            "issues.csv": "id,kind\na,scale\n",
            "stances.csv": "party,issue,position,salience,source\np,a,5,1,art\n",
        },
    )
    (a,) = load_scenario(in_tmp / "t").scenario.issues
    assert a.outcome is None and a.tags == ()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "b,scale,0,10,,12,,art,,",
            ["outcome: 12 is out of range (expected a number from 0 to 10)"],
        ),
        (
            "b,scale,0,10,,high,,art,,",
            ["outcome: 'high' is not a number (expected a number from 0 to 10)"],
        ),
        (
            "b,choice,,,geneva;astana,geneve,,art,,",
            ["outcome: unknown option 'geneve' of issue 'b'; did you mean 'geneva'?"],
        ),
        (
            "b,set,,,r;i;u,r;x;r,,art,,",
            [
                "outcome: unknown option 'x' of issue 'b'; expected r, i or u",
                "outcome: option 'r' is listed twice",
            ],
        ),
        (
            "b,scale,,,,5,2018-1-2,art,,",
            ["outcome_as_of: expected a date YYYY-MM-DD, not '2018-1-2'"],
        ),
        (
            "b,scale,,,,5,,art;artcle,,",
            ["outcome_source: unknown source 'artcle'; did you mean 'art'?"],
        ),
        (
            "b,scale,,,,,2018-01-02,art,,",
            [
                "outcome_as_of without outcome: give the outcome, or an outcome_note saying "
                "why none is recorded",
                "outcome_source without outcome: give the outcome, or an outcome_note saying "
                "why none is recorded",
            ],
        ),
        (
            "b,scale,,,,,,,,year;a b=1;year=1;year=2;k=",
            [
                "tags: 'year' has no '=' (expected key=value, separated by ';')",
                "tags: 'a b' is not a valid tag key (expected letters, digits, '-' and '_', "
                "starting with a letter or digit)",
                "tags: key 'year' is given twice",
                "tags: 'k=' has no value (expected key=value)",
            ],
        ),
    ],
)
def test_a_bad_outcome_cell_is_reported_at_its_row(
    in_tmp: Path, row: str, expected: list[str]
) -> None:
    path = table(in_tmp, "a,scale,,,,,,,,\n" + row + "\n")
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"t/issues.csv:3: {m}" for m in expected]


def test_outcomes_in_issues_csv_without_sources_give_one_warning(in_tmp: Path) -> None:
    rows = "a,scale,,,,5,,,,\nb,scale,,,,6,,art,,\nc,choice,,,x;y,x,,,,\nd,scale,,,,,,,why not,\n"
    warnings = [str(w) for w in load_scenario(table(in_tmp, rows)).warnings]
    assert [w for w in warnings if "outcome" in w] == [
        "t/issues.csv:2: warning: 2 outcomes cite no source (the 'outcome_source' column is "
        "empty or absent)"
    ]
