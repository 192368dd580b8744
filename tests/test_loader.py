"""What the loader makes of valid files: defaults, absent stances, ids, warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapcli.io.loader import load_scenario
from gapcli.model import ChoiceIssue, ChoiceStance, ScaleIssue, ScaleStance, SetIssue, SetStance

from conftest import BASE_FILES, write_files


def test_base_scenario_loads_every_kind(base: Path) -> None:
    loaded = load_scenario(Path("sc"))
    s = loaded.scenario
    assert loaded.warnings == ()
    assert (s.title, s.as_of, s.path) == ("Test talks", "2017-05-16", "sc")
    assert [p.id for p in s.parties] == ["gov", "opp"]
    tenure, talks, guarantors = s.issues
    assert isinstance(tenure, ScaleIssue) and tenure.labels == ((0.0, "leaves"), (100.0, "stays"))
    assert isinstance(talks, ChoiceIssue) and talks.option_ids == ("direct", "proximity", "none")
    assert isinstance(guarantors, SetIssue)
    gov, opp = s.parties
    assert gov.capability == 0.8 and opp.capability == 1.0  # default capability
    assert gov.stances["tenure"] == ScaleStance(
        position=100, lo=75, hi=100, salience=1, sources=("art",)
    )
    # choice accepts default to just `prefers`; accepted options follow the issue's order
    assert opp.stances["talks"] == ChoiceStance(
        prefers="proximity", accepts=("proximity",), salience=0.5, sources=("art",)
    )
    assert gov.stances["talks"].accepts == ("proximity", "none")  # type: ignore[union-attr]
    assert gov.stances["guarantors"] == SetStance(
        require=("russia", "iran"), reject=("us",), salience=0.6, sources=("art",)
    )


def test_absent_stance_is_absent_not_zero(base: Path) -> None:
    text = BASE_FILES["parties/opp.yaml"].replace(
        "  tenure: {position: 0, accepts: [0, 25], salience: 1, source: art}\n", ""
    )
    write_files(base, {"parties/opp.yaml": text})
    opp = load_scenario(Path("sc")).scenario.party("opp")
    assert opp is not None and "tenure" not in opp.stances and len(opp.stances) == 2


@pytest.mark.parametrize(
    ("tolerance_line", "position", "expected"),
    [
        ("", 50, (45, 55)),
        ("    tolerance: 20\n", 50, (30, 70)),
        ("    tolerance: 20\n", 90, (70, 100)),
    ],
)
def test_tolerance_gives_the_default_accepted_range(
    base: Path, tolerance_line: str, position: int, expected: tuple[int, int]
) -> None:
    scenario = BASE_FILES["scenario.yaml"].replace(
        "    range: [0, 100]\n", "    range: [0, 100]\n" + tolerance_line
    )
    party = f"stances:\n  tenure: {{position: {position}, salience: 0.5, source: art}}\n"
    write_files(base, {"scenario.yaml": scenario, "parties/x.yaml": party})
    x = load_scenario(Path("sc")).scenario.party("x")
    assert x is not None
    stance = x.stances["tenure"]
    assert isinstance(stance, ScaleStance) and (stance.lo, stance.hi) == expected


def test_one_file_scenario_with_inline_parties(in_tmp: Path) -> None:
    (in_tmp / "talks.yaml").write_text(
        "title: One file\nissues:\n  venue: {kind: choice, options: [geneva, 'no']}\n"
        "parties:\n  a: {name: A, stances: {venue: {prefers: 'no', salience: 1}}}\n"
        "  b: {stances: {venue: {prefers: geneva, accepts: [geneva, 'no'], salience: 0.5}}}\n",
        encoding="utf-8",
    )
    loaded = load_scenario(Path("talks.yaml"))
    a, b = loaded.scenario.parties
    assert (a.id, a.name, b.id, b.name) == ("a", "A", "b", "b")
    assert b.stances["venue"] == ChoiceStance(
        prefers="geneva", accepts=("geneva", "no"), salience=0.5
    )
    assert [str(w) for w in loaded.warnings] == [
        "talks.yaml:5:26: warning: stance of 'a' on 'venue' cites no source",
        "talks.yaml:6:17: warning: stance of 'b' on 'venue' cites no source",
    ]


def test_ids_stay_text_even_when_yaml_reads_them_as_booleans(in_tmp: Path) -> None:
    (in_tmp / "t.yaml").write_text(
        "title: T\nissues:\n  vote: {kind: choice, options: {yes: Yes, no: No}}\n"
        "parties:\n  a: {stances: {vote: {prefers: no, accepts: [no, yes], salience: 1}}}\n",
        encoding="utf-8",
    )
    scenario = load_scenario(Path("t.yaml")).scenario
    assert scenario.parties[0].stances["vote"] == ChoiceStance(
        prefers="no", accepts=("yes", "no"), salience=1
    )


def test_warnings_for_party_without_stances_and_unused_issue(base: Path) -> None:
    write_files(base, {"parties/idle.yaml": "name: Idle\n"})
    scenario = BASE_FILES["scenario.yaml"] + "  unused:\n    kind: scale\n"
    write_files(base, {"scenario.yaml": scenario})
    loaded = load_scenario(Path("sc"))
    assert [str(w) for w in loaded.warnings] == [
        "sc/parties/idle.yaml:1:1: warning: party 'idle' has no stances",
        "sc/scenario.yaml:18:3: warning: no party has a stance on issue 'unused'",
    ]


def test_party_id_from_file_stem_unless_given(base: Path) -> None:
    write_files(base, {"parties/x.yml": "id: renamed\nstances: {}\n"})
    ids = [p.id for p in load_scenario(Path("sc")).scenario.parties]
    assert ids == ["gov", "opp", "renamed"]


def test_scenario_is_frozen(base: Path) -> None:
    scenario = load_scenario(Path("sc")).scenario
    with pytest.raises(AttributeError):
        scenario.title = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        scenario.parties[0].stances["x"] = scenario.parties[0].stances["tenure"]  # type: ignore[index]


def test_many_stances_without_a_source_are_five_lines_and_a_count(in_tmp: Path) -> None:
    """A warning that applies to many stances does not print once per stance: at a
    hundred thousand issues that was a hundred thousand lines per party."""
    issues = "".join(f"  i{n}: {{kind: scale}}\n" for n in range(12))  # lines 3-14
    stances = "".join(f"      i{n}: {{position: {n}, salience: 1}}\n" for n in range(12))
    (in_tmp / "wide.yaml").write_text(
        f"title: Wide\nissues:\n{issues}parties:\n  a:\n    stances:\n{stances}",  # from 18
        encoding="utf-8",
    )
    loaded = load_scenario(Path("wide.yaml"))
    assert [str(w) for w in loaded.warnings] == [
        *(
            f"wide.yaml:{18 + n}:7: warning: stance of 'a' on 'i{n}' cites no source"
            for n in range(5)
        ),
        "wide.yaml: warning: 7 more stances in this file cite no source (12 in all; the first "
        "5 are listed above)",
    ]
