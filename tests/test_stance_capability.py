"""A stance's own capability (docs/format.md, docs/model.md "Notation"): worked by hand in
the forecasts, the bridge and the blocking weights; read from YAML, stances.csv and Parquet
with located errors; kept through --set, export and diff."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from test_parquet import as_parquet

from gapcli.io.loader import load_scenario
from gapcli.io.overrides import parse
from gapcli.model import Scenario, capability_of

from conftest import BASE_FILES, REPO, assert_no_crash, json_result, run, write_files

EXAMPLE = REPO / "docs" / "examples" / "three-parties.yaml"

#: a and b each weigh 3 on one issue, 1 elsewhere (the party's default).
HAND = """\
title: Worked by hand
issues:
  tax: {kind: scale, status_quo: 100}
  fee: {kind: scale}
parties:
  a:
    stances:
      tax: {position: 0, salience: 1, capability: 3}
      fee: {position: 0, salience: 1}
  b:
    stances:
      tax: {position: 40, salience: 1}
      fee: {position: 100, salience: 1, capability: 3}
"""


def powers(scenario: Scenario) -> dict[tuple[str, str], float]:
    """Each stance's capability (its own, else its party's), by party and issue."""
    return {
        (p.id, issue): capability_of(p, stance)
        for p in scenario.parties
        for issue, stance in p.stances.items()
    }


def by_issue(entries: list[dict[str, Any]], key: str = "issue") -> dict[str, dict[str, Any]]:
    return {e[key]: e for e in entries}


def test_forecasts_weigh_each_stance_by_its_capability(in_tmp: Path) -> None:
    """tax: weights c s = 3 (a, at 0) and 1 (b, at 40). Mean (3 * 0 + 40) / 4 = 10; the
    median is 0 (a alone holds 3/4 of the weight). Nash point, status quo 100: the gains
    are 100 - x for a and 20 + x for b on [0, 40], so 3 log(100 - x) + log(20 + x) peaks
    where 3 (20 + x) = 100 - x: x = 10 (with capability 1 each it would be 40).
    fee: weights 1 (a, at 0) and 3 (b, at 100): mean 75, median 100, spread
    sqrt((75^2 + 3 * 25^2) / 4) = sqrt(1875)."""
    Path("hand.yaml").write_text(HAND)
    scale = by_issue(json_result("forecast", "hand.yaml")["scale"])
    assert (scale["tax"]["mean"], scale["tax"]["median"]) == (10, 0)
    assert scale["tax"]["nash"] == pytest.approx(10, abs=1e-6)
    assert (scale["fee"]["mean"], scale["fee"]["median"]) == (75, 100)
    assert scale["fee"]["spread"] == pytest.approx(math.sqrt(1875), abs=1e-6)
    plain = by_issue(json_result("forecast", "hand.yaml", *unset())["scale"])
    assert (plain["tax"]["mean"], plain["tax"]["median"]) == (20, 0)
    assert plain["tax"]["nash"] == pytest.approx(40, abs=1e-6)
    assert (plain["fee"]["mean"], plain["fee"]["median"]) == (50, 0)


def unset() -> list[str]:
    """--set giving HAND's two stances their party's capability (1)."""
    return ["--set", "a.tax.capability=1", "--set", "b.fee.capability=1"]


def test_the_bridge_support_and_moves_weigh_each_stance_by_its_capability(in_tmp: Path) -> None:
    """fee: [0, 0] (a, c s = 1) against [100, 100] (b, c s = 3). Support: 1 at 0, 3 at 100,
    so the max-support point is 100 and a blocks. C(x) = x + 3 (100 - x) is least at 100:
    a moves all the way (1), weighted 1 x 1 x 1 = 1; the severity is 1."""
    Path("hand.yaml").write_text(HAND)
    fee = json_result("issue", "fee", "hand.yaml")
    assert (fee["support_point"], fee["support"], fee["blockers"]) == (100, 3, ["a"])
    assert fee["bridge"] == 100 and fee["concession"] == 1
    assert [(m["party"], m["move"], m["weighted"]) for m in fee["moves"]] == [
        ("a", 1, 1),
        ("b", 0, 0),
    ]
    assert [(s["party"], s["capability"]) for s in fee["stances"]] == [("a", 1), ("b", 3)]


def test_a_stance_capability_turns_a_contest_of_the_worked_example() -> None:
    """docs/model.md's guarantors, with a's capability 3 on that issue alone. iran: b
    requires it with 2 x 0.8 = 1.6, a rejects it with 3 x 1 = 3, so the bridge leaves iran
    out and b blocks (it was 1.6 against 1). us: a requires it with 3, c rejects it with
    0.5: included, c blocks. The bridge {russia, us}: b gives up iran, move 1/3, weighted
    2 x 0.8 / 3 = 0.533333; c gives up us, weighted 0.5 / 3 = 0.166667. Severity 0.7 (was
    0.5); a's moves elsewhere are weighed by its capability 1 as before."""
    result = json_result("issue", "guarantors", EXAMPLE, "--set", "a.guarantors.capability=3")
    contests = by_issue(result["contests"], "option")
    assert (contests["iran"]["require_weight"], contests["iran"]["reject_weight"]) == (1.6, 3)
    assert contests["iran"]["blockers"] == ["b"] and contests["iran"]["bridge"] == "exclude"
    assert (contests["us"]["require_weight"], contests["us"]["reject_weight"]) == (3, 0.5)
    assert result["bridge"] == {"include": ["russia", "us"], "exclude": ["iran"]}
    assert result["blockers"] == ["b", "c"]
    assert {m["party"]: m["weighted"] for m in result["moves"]} == {
        "a": 0,
        "b": 0.533333,
        "c": 0.166667,
    }
    assert result["concession"] == 0.7
    talks = json_result("issue", "talks", EXAMPLE, "--set", "a.guarantors.capability=3")
    assert talks["support"] == 3 and talks["concession"] == 0.6  # as docs/model.md derives


# -- reading ----------------------------------------------------------------------------


def gov_with(stance_tail: str) -> dict[str, str]:
    """BASE_FILES with gov's tenure stance given more keys."""
    gov = BASE_FILES["parties/gov.yaml"].replace(
        "salience: 1, source: art}", f"salience: 1, source: art{stance_tail}}}"
    )
    return dict(BASE_FILES, **{"parties/gov.yaml": gov})


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        (
            ", capability: 0",
            "sc/parties/gov.yaml:4:85: capability: 0 is out of range (expected a number > 0)",
        ),
        (
            ", capability: -2",
            "sc/parties/gov.yaml:4:85: capability: -2 is out of range (expected a number > 0)",
        ),
        (
            ", capability: lots",
            "sc/parties/gov.yaml:4:85: capability: expected a number > 0, not the text 'lots'",
        ),
        (
            ", capability: 1e13",
            "sc/parties/gov.yaml:4:85: capability: 1e13 is out of range (no "
            "number in gapcli's files may exceed 1e12 in size)",
        ),
        (
            ", capabilty: 2",
            "sc/parties/gov.yaml:4:73: unknown key 'capabilty' in stance on "
            "'tenure'; did you mean 'capability'?",
        ),
    ],
)
def test_a_bad_stance_capability_in_yaml_is_located(in_tmp: Path, tail: str, message: str) -> None:
    write_files(in_tmp / "sc", gov_with(tail))
    result = run("validate", "sc")
    assert_no_crash(result)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [message]


def test_a_stance_capability_in_yaml_is_read_on_every_kind(in_tmp: Path) -> None:
    files = dict(BASE_FILES)
    files["parties/opp.yaml"] = (
        files["parties/opp.yaml"]
        .replace("salience: 1, source: art}", "salience: 1, source: art, capability: 2}")
        .replace("salience: 0.5, source: art}", "salience: 0.5, source: art, capability: 0.5}")
        .replace("salience: 0.8, source: art}", "salience: 0.8, source: art, capability: 4}")
    )
    write_files(in_tmp / "sc", files)
    s = load_scenario(in_tmp / "sc").scenario
    assert powers(s) == {
        ("gov", "tenure"): 0.8,
        ("gov", "talks"): 0.8,
        ("gov", "guarantors"): 0.8,
        ("opp", "tenure"): 2,
        ("opp", "talks"): 0.5,
        ("opp", "guarantors"): 4,
    }
    assert s.party("opp").capability == 1  # type: ignore[union-attr]


TABLE_ONLY = {"scenario.yaml": BASE_FILES["scenario.yaml"]}
HEAD = "party,issue,position,salience,capability,prefers,require,reject,source\n"


def test_table_rows_give_their_stances_capability(in_tmp: Path) -> None:
    """gov's YAML file gives 0.8: its rows of 2 are their stances' own. new has no YAML
    file: its capability is the one most rows give (3), the other row keeps 5."""
    write_files(
        in_tmp / "sc",
        {
            "scenario.yaml": BASE_FILES["scenario.yaml"],
            "parties/gov.yaml": "name: Government\ncapability: 0.8\n",
            "stances.csv": HEAD + "gov,tenure,100,1,2,,,,art\n"
            "gov,talks,,0.4,,proximity,,,art\n"
            "gov,guarantors,,0.6,0.8,,russia,us,art\n"
            "new,tenure,0,1,3,,,,art\n"
            "new,talks,,1,5,direct,,,art\n"
            "new,guarantors,,1,3,,us,,art\n",
        },
    )
    s = load_scenario(in_tmp / "sc").scenario
    assert [(p.id, p.capability) for p in s.parties] == [("gov", 0.8), ("new", 3)]
    assert powers(s) == {
        ("gov", "tenure"): 2,
        ("gov", "talks"): 0.8,
        ("gov", "guarantors"): 0.8,
        ("new", "tenure"): 3,
        ("new", "talks"): 5,
        ("new", "guarantors"): 3,
    }
    # rows that repeat the party's capability follow --set PARTY.capability; the others,
    # and a stance --set gives its own, keep theirs
    sets = ["gov.capability=1", "new.capability=7", "new.guarantors.capability=3"]
    moved = load_scenario(in_tmp / "sc", [parse(x) for x in sets]).scenario
    assert powers(moved) == {
        ("gov", "tenure"): 2,
        ("gov", "talks"): 1,
        ("gov", "guarantors"): 1,
        ("new", "tenure"): 7,
        ("new", "talks"): 5,
        ("new", "guarantors"): 3,
    }
    as_table = in_tmp / "pq"
    write_files(as_table, {"scenario.yaml": BASE_FILES["scenario.yaml"]})
    write_files(as_table, {"parties/gov.yaml": "name: Government\ncapability: 0.8\n"})
    as_parquet((in_tmp / "sc" / "stances.csv").read_text(), as_table / "stances.parquet")
    assert powers(load_scenario(as_table).scenario) == powers(s)


def test_a_table_that_repeats_the_party_capability_reads_as_before(in_tmp: Path) -> None:
    """Every row of a party repeating one capability (all a table could say before stances
    had their own): the same results as that capability in the party's YAML file, with and
    without --set."""
    yaml_files = dict(BASE_FILES)
    write_files(in_tmp / "yaml", yaml_files)
    table = run("export", "csv", in_tmp / "yaml").stdout  # every row: the party's capability
    write_files(
        in_tmp / "table",
        {
            "scenario.yaml": BASE_FILES["scenario.yaml"],
            "parties/gov.yaml": "name: Government\n",
            "parties/opp.yaml": "name: Opposition\n",
            "stances.csv": table,
        },
    )
    for sets in ([], ["--set", "gov.capability=3"], ["--set", "opp.capability=0.1"]):
        for command in ("deadlocks", "forecast"):
            assert json_result(command, in_tmp / "table", "--full", *sets) == json_result(
                command, in_tmp / "yaml", "--full", *sets
            )


# -- round trips --------------------------------------------------------------------------


def test_export_then_import_keeps_every_stance_capability(in_tmp: Path) -> None:
    Path("hand.yaml").write_text(HAND)
    exported = run("export", "csv", "hand.yaml").stdout
    assert exported.splitlines()[1:] == [
        "a,tax,0,1,3,0,0,,,,,,,",
        "a,fee,0,1,1,0,0,,,,,,,",
        "b,tax,40,1,1,40,40,,,,,,,",
        "b,fee,100,1,3,100,100,,,,,,,",
    ]
    Path("hand.csv").write_text(exported)
    result = run("import", "csv", "hand.csv", "-o", "again")
    assert result.exit_code == 0, result.stderr
    again = load_scenario(in_tmp / "again").scenario
    assert powers(again) == powers(load_scenario(in_tmp / "hand.yaml").scenario)
    assert run("export", "csv", "again").stdout == exported
    changed = run("export", "csv", "hand.yaml", "--set", "b.tax.capability=2.5").stdout
    assert changed.splitlines()[3] == "b,tax,40,1,2.5,40,40,,,,,,,"


def test_set_gives_a_table_stance_its_capability(in_tmp: Path) -> None:
    Path("hand.yaml").write_text(HAND)
    write_files(in_tmp / "t", {"scenario.yaml": HAND.split("parties:")[0]})
    (in_tmp / "t" / "stances.csv").write_text(run("export", "csv", "hand.yaml").stdout)
    assert json_result("forecast", "t") == json_result("forecast", "hand.yaml")
    assert json_result("forecast", "t", *unset()) == json_result("forecast", "hand.yaml", *unset())
    bad = run("validate", "t", "--set", "a.tax.capability=0")
    assert bad.exit_code == 1
    assert bad.stderr.splitlines() == [
        "--set 'a.tax.capability=0': capability: 0 is out of range (expected a number > 0) "
        "(row 2 of t/stances.csv)"
    ]


def test_diff_reports_a_changed_stance_capability(in_tmp: Path) -> None:
    Path("hand.yaml").write_text(HAND)
    found = json_result("whatif", "hand.yaml", "--set", "b.fee.capability=2")
    assert found["shifts"] == [
        {
            "party": "b",
            "issue": "fee",
            "old": "100 [100, 100]",
            "new": "100 [100, 100]",
            "move": 0,
            "salience": {"old": 1, "new": 1},
            "capability": {"old": 3, "new": 2},
        }
    ]
    assert found["capabilities"] == []
    party = json_result("whatif", "hand.yaml", "--set", "a.capability=2")
    assert party["shifts"] == []  # a's tax stance keeps its own 3; fee follows the party
    assert party["capabilities"] == [{"party": "a", "old": 1, "new": 2}]
    shown = run("whatif", "hand.yaml", "--set", "b.fee.capability=2").stdout
    assert "100 [100, 100], capability 3" in shown and "100 [100, 100], capability 2" in shown


def test_party_lists_its_capability_on_each_issue(in_tmp: Path) -> None:
    Path("hand.yaml").write_text(HAND)
    body = json_result("party", "a", "hand.yaml")
    assert body["party"]["capability"] == 1
    assert {i["issue"]: i["capability"] for i in body["issues"]} == {"tax": 3, "fee": 1}
    summary = run("party", "a", "hand.yaml").stdout
    assert summary.startswith("a: a, capability 1 (another on 1 of its issues).")
