"""gapcli import: each format's hand-made fixture lands value by value; malformed rows are
reported at the input's lines; import then export round-trips."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from test_analysis_cli import result_of

from gapcli.loader import load_scenario
from gapcli.model import ChoiceStance, ScaleIssue, ScaleStance, SetStance

from conftest import POSITIONS, REPO, assert_no_crash, run

FIXTURES = REPO / "tests" / "fixtures" / "import"


def imported(fmt: str, source: Path, target: Path) -> Any:
    result = run("import", fmt, source, "-o", target)
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"imported {source.as_posix()} ({fmt}) into")
    return load_scenario(target).scenario


def stances(s: Any) -> set[tuple[str, str, float, float]]:
    """Every scale stance as (party, issue, position, salience)."""
    return {
        (p.id, issue, st.position, st.salience)
        for p in s.parties
        for issue, st in p.stances.items()
        if isinstance(st, ScaleStance)
    }


def test_decide(tmp_path: Path) -> None:
    s = imported("decide", FIXTURES / "decide.txt", tmp_path / "d")
    assert [i.id for i in s.issues] == ["emissions", "budget"]
    budget = s.issue("budget")
    assert isinstance(budget, ScaleIssue)
    assert (budget.title, budget.lo, budget.hi) == ("Budget share", 0, 50)
    assert budget.labels == ((0.0, "None"), (50.0, "Half"))
    assert [(p.id, p.name) for p in s.parties] == [
        ("de", "Germany"),
        ("fr", "France"),
        ("nl", "Netherlands"),
    ]
    fr = s.party("fr")
    assert fr.capability == pytest.approx(0.325)  # powers 0.3 and 0.35: their mean
    stance = fr.stances["budget"]
    assert isinstance(stance, ScaleStance) and (stance.position, stance.salience) == (50, 0.6)
    assert stances(s) == {
        ("nl", "emissions", 80, 0.9),
        ("fr", "emissions", 30, 0.5),
        ("de", "emissions", 60, 0.7),
        ("nl", "budget", 20, 0.4),
        ("fr", "budget", 50, 0.6),
    }
    assert (s.party("nl").capability, s.party("de").capability) == (0.2, 0.3)


def test_ktab(tmp_path: Path) -> None:
    s = imported("ktab", FIXTURES / "ktab.csv", tmp_path / "k")
    assert (s.title, s.description) == ("Test scenario", "A small SMP")
    assert [(i.id, i.title) for i in s.issues] == [("economy", "Economy"), ("security", "Security")]
    a = s.party("a")
    assert (a.name, a.description, a.capability) == ("A", "First actor", 100)
    assert stances(s) == {  # saliences are KTAB's 0-100 divided by 100
        ("a", "economy", 20, 0.8),
        ("a", "security", 70, 0.5),
        ("b", "economy", 60, 0.4),
        ("b", "security", 30, 0.9),
        ("c", "economy", 90, 1.0),
        ("c", "security", 10, 0.2),
    }
    assert [(p.id, p.capability) for p in s.parties] == [("a", 100), ("b", 50), ("c", 75)]
    assert s.party("c").description is None


def test_eu_and_the_golden_forecast(tmp_path: Path) -> None:
    s = imported("eu", FIXTURES / "eu.csv", tmp_path / "e")
    rows = [line.split(",") for line in (FIXTURES / "eu.csv").read_text().splitlines()[1:]]
    expected = {(name.lower(), "issue", float(x), float(sal)) for name, _, x, sal in rows}
    assert stances(s) == expected
    assert {p.id: p.capability for p in s.parties} == {
        name.lower(): float(c) for name, c, _, _ in rows
    }
    assert {p.id: p.name for p in s.parties}["uk"] == "UK"
    body = result_of("forecast", tmp_path / "e")
    assert round(body["scale"][0]["mean"], 3) == 7.390 and body["scale"][0]["median"] == 7


def test_long_table(tmp_path: Path) -> None:
    s = imported("csv", FIXTURES / "long.csv", tmp_path / "c")
    kinds = {i.id: str(i.kind) for i in s.issues}
    assert kinds == {"tenure": "scale", "talks": "choice", "guards": "set"}
    gov, opp = s.party("gov"), s.party("opp")
    assert (gov.capability, opp.capability) == (0.8, 1)
    tenure = gov.stances["tenure"]
    assert isinstance(tenure, ScaleStance)
    assert (tenure.lo, tenure.hi, tenure.note, tenure.uncertainty) == (75, 100, "Stays", 5)
    talks = gov.stances["talks"]
    assert isinstance(talks, ChoiceStance) and talks.accepts == ("proximity", "none")
    guards = gov.stances["guards"]
    assert isinstance(guards, SetStance)
    assert (guards.require, guards.reject, guards.uncertainty) == (("russia", "iran"), ("us",), 0.1)
    assert guards.sources == ("art",) and opp.stances["guards"].sources == ()


def rows_of(text: str) -> list[tuple[str, ...]]:
    """The exported table with lists compared as sets (option order is the issue's)."""
    out = []
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        out.append(tuple(";".join(sorted(cell.split(";"))) for cell in row))
    return out


def test_import_then_export_round_trips(tmp_path: Path) -> None:
    table = tmp_path / "may.csv"
    table.write_text(run("export", "csv", POSITIONS / "syria-2017-05").stdout)
    imported("csv", table, tmp_path / "again")
    again = run("export", "csv", tmp_path / "again").stdout
    assert rows_of(again) == rows_of(table.read_text())


BAD = [
    ("decide", "#A;nl;Netherlands\n#X;what\n", "bad.txt:2: unknown row type '#X'"),
    ("decide", "#A;nl;Netherlands\n#D;nl;x;1\n", "bad.txt:2: #D row: 4 fields, expected 6"),
    ("decide", "#P;x;X\n#D;nl;x;1;0.5;1\n", "bad.txt:2: actor 'nl' has no #A row"),
    ("decide", "#A;nl;N\n#P;x;X\n#D;nl;x;high;0.5;1\n", "bad.txt:3: position: 'high' is not"),
    ("decide", "#A;nl;N\n#P;x;X\n#D;nl;x;50;1.5;1\n", "bad.txt:3: salience: out of range"),
    ("ktab", "S,D,1,1\nName,Description,Influence,P,S\n", "bad.txt:2: expected the header"),
    ("ktab", "S,D,1,1\nActor,Description,Influence,P,S\nA,x,1,50\n", "bad.txt:3: 4 fields"),
    ("ktab", "S,D,1,1\nActor,Description,Influence,P,S\nA,x,lots,50,50\n", "bad.txt:3: influence"),
    ("eu", "Actor,Power,Position,Salience\n", "bad.txt:1: expected the header"),
    ("eu", "Actor,Capability,Position,Salience\nA,1,x,0.5\n", "bad.txt:2: position: 'x'"),
    ("eu", "Actor,Capability,Position,Salience\nA,0,5,0.5\n", "bad.txt:2: capability: 0 is"),
    ("csv", "party,position,salience\n", "bad.txt:1: missing column 'issue'"),
    ("csv", "party,issue,position,salience\na,x,1\n", "bad.txt:2: 3 fields, expected 4"),
    ("csv", "party,issue,position,salience\na b,x,1,0.5\n", "bad.txt:2: party: 'a b' is not"),
]


@pytest.mark.parametrize(("fmt", "text", "message"), BAD, ids=[b[2] for b in BAD])
def test_a_malformed_row_is_reported_at_the_input(
    in_tmp: Path, fmt: str, text: str, message: str
) -> None:
    (in_tmp / "bad.txt").write_text(text)
    result = run("import", fmt, "bad.txt", "-o", "out")
    assert_no_crash(result)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(message), result.stderr
    assert not (in_tmp / "out").exists()  # nothing half-written is left behind


def test_import_never_overwrites(in_tmp: Path) -> None:
    (in_tmp / "out").mkdir()
    (in_tmp / "out" / "keep.txt").write_text("mine")
    result = run("import", "eu", FIXTURES / "eu.csv", "-o", "out")
    assert result.exit_code == 1 and "never overwrites" in result.stderr
    assert (in_tmp / "out" / "keep.txt").read_text() == "mine"
