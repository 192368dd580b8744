"""gapcli import: each format's hand-made fixture lands value by value; malformed rows are
reported at the input's lines; import then export round-trips."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from test_analysis_cli import result_of

from gapcli.io.loader import load_scenario
from gapcli.model import ChoiceStance, ScaleIssue, ScaleStance, SetStance, capability_of

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
    # powers 0.3 (emissions) and 0.35 (budget), each kept: the first is the party's
    assert fr.capability == 0.3
    stance = fr.stances["budget"]
    assert isinstance(stance, ScaleStance) and (stance.position, stance.salience) == (50, 0.6)
    assert (fr.stances["emissions"].capability, stance.capability) == (None, 0.35)
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
    ("decide", "#P;x;X\n#M;x\n", "bad.txt:2: #M row: 2 fields, expected 3 or 4"),
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


def test_an_empty_directory_is_filled_and_nothing_else_is_left(in_tmp: Path) -> None:
    (in_tmp / "out").mkdir()
    s = imported("eu", FIXTURES / "eu.csv", Path("out"))
    assert len(s.parties) == 10
    assert sorted(p.name for p in in_tmp.iterdir()) == ["out"]  # no hidden temporary folder
    assert sorted(p.name for p in (in_tmp / "out").iterdir()) == [
        "parties",
        "scenario.yaml",
        "stances.csv",
    ]
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((in_tmp / "out").stat().st_mode) == 0o777 & ~mask  # not 0700
    made = imported("ktab", FIXTURES / "ktab.csv", Path("a/b/k"))
    assert made.title == "Test scenario" and (in_tmp / "a" / "b" / "k").is_dir()


def test_formulas_are_escaped_in_the_written_table(in_tmp: Path) -> None:
    """A note that a spreadsheet would run as a formula is written with a leading ', once
    (a note already escaped, as gapcli's CSV files have them, is not escaped twice)."""
    Path("in.csv").write_text(
        "party,issue,position,salience,note\n"
        'a,x,1,0.5,"=HYPERLINK(""http://x"",""y"")"\n'
        "b,x,2,0.5,'=SUM(A1)\n"
        "c,x,-3,0.5,-not a number\n"
        "d,x,4,0.5,plain\n"
    )
    imported("csv", Path("in.csv"), Path("out"))
    rows = list(csv.reader(io.StringIO(Path("out/stances.csv").read_text())))
    assert [(r[2], r[4]) for r in rows[1:]] == [
        ("1", '\'=HYPERLINK("http://x","y")'),
        ("2", "'=SUM(A1)"),
        ("-3", "'-not a number"),
        ("4", "plain"),
    ]


def test_long_fields_unicode_bom_and_crlf(in_tmp: Path) -> None:
    note = "n" * 200_000  # beyond the csv module's default field limit (131072)
    Path("in.csv").write_bytes(
        "\ufeffparty,issue,position,salience,note\r\n".encode()
        + f'a,x,1,0.5,"{note}"\r\nb,x,2,0.5,\r\n'.encode()
    )
    s = imported("csv", Path("in.csv"), Path("out"))
    stance = s.party("a").stances["x"]
    assert isinstance(stance, ScaleStance) and stance.note == note
    Path("names.csv").write_text(
        "Actor,Capability,Position,Salience\nÖsterreich,1,2,0.5\nΕλλάδα,1,3,0.5\nStraße,1,4,0.5\n"
    )
    s = imported("eu", Path("names.csv"), Path("names"))
    assert [(p.id, p.name) for p in s.parties] == [
        ("actor-2", "Ελλάδα"),
        ("osterreich", "Österreich"),
        ("strasse", "Straße"),
    ]


def test_decide_rows_in_any_order_and_one_scale_point(in_tmp: Path) -> None:
    Path("d.txt").write_text(
        "#D;a;x;60;0.5;1\r\n#M;x;50;Half\r\n#P;x;X\r\n#A;a;Alpha\r\n#A;b;Beta\r\n#P;y;Y\r\n"
    )
    result = run("import", "decide", "d.txt", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "gapcli: note: issue 'x': one #M scale point; range [0, 100] inferred",
        "gapcli: note: issue 'y': no #M scale points; range [0, 1] inferred",
        "gapcli: note: the decide format has no sources: no stance cites one",
        "d.txt:5: warning: party 'b' has no stances",
        "d.txt:6: warning: no party has a stance on issue 'y'",
    ]
    x = load_scenario(in_tmp / "out").scenario.issue("x")
    assert isinstance(x, ScaleIssue) and x.labels == ((50.0, "Half"),)


def test_decide_reads_decides_own_files(in_tmp: Path) -> None:
    """Decide's own files quote fields with ' (a separator inside quotes is part of the
    field), give #A and #P rows a fourth field (a description), may leave out a #M row's
    meaning, and may open with an #O row (the title)."""
    Path("d.txt").write_text(
        "#O;'Budget talks';;;\n"
        "#A;'nl';'The Netherlands';'A founding member'\n"
        '#A;"ci";"Côte d\'Ivoire; the Ivory Coast"\n'
        "#P;'x';'Budget';''\n"
        "#M;'x';0\n"
        "#M;'x';100;'All'\n"
        "#D;'nl';'x';40;0.5;0.442538\n"
        "#D; 'ci' ;'x';70;0.25;1.5\n"
    )
    result = run("import", "decide", "d.txt", "-o", "out")
    assert result.exit_code == 0, result.stderr
    s = load_scenario(in_tmp / "out").scenario
    assert [(p.id, p.name) for p in s.parties] == [
        ("ci", "Côte d'Ivoire; the Ivory Coast"),
        ("nl", "The Netherlands"),
    ]
    assert s.title == "Budget talks"
    assert [p.description for p in s.parties] == [None, "A founding member"]
    x = s.issue("x")
    assert isinstance(x, ScaleIssue) and (x.lo, x.hi, x.labels) == (0, 100, ((100.0, "All"),))
    assert x.description is None
    assert stances(s) == {("nl", "x", 40, 0.5), ("ci", "x", 70, 0.25)}


def test_decide_powers_are_kept_as_written(in_tmp: Path) -> None:
    """One power on every issue is the capability as written; powers that vary by issue are
    kept issue by issue, exactly: the party's capability is the power most of its rows give
    (ties: the first), and each other power is its stance's own, in stances.csv."""
    Path("d.txt").write_text(
        "#A;nl;N\n#A;fr;F\n#A;de;D\n#P;x;X\n#P;y;Y\n#P;z;Z\n"
        "#D;nl;x;40;0.5;0.442538\n#D;nl;y;40;0.5;0.442538\n"
        "#D;fr;x;60;0.5;0.1\n#D;fr;y;60;0.5;0.2\n"
        "#D;de;x;60;0.5;0.3\n#D;de;y;60;0.5;0.7\n#D;de;z;60;0.5;0.7\n"
    )
    result = run("import", "decide", "d.txt", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert "capability: 0.442538\n" in Path("out/parties/nl.yaml").read_text()
    assert "capability: 0.1\n" in Path("out/parties/fr.yaml").read_text()
    assert "capability: 0.7\n" in Path("out/parties/de.yaml").read_text()
    table = list(csv.DictReader(io.StringIO(Path("out/stances.csv").read_text())))
    assert [(r["party"], r["issue"], r["capability"]) for r in table] == [
        ("nl", "x", ""),
        ("nl", "y", ""),
        ("fr", "x", ""),
        ("fr", "y", "0.2"),
        ("de", "x", "0.3"),
        ("de", "y", ""),
        ("de", "z", ""),
    ]
    notes = [line for line in result.stderr.splitlines() if "power varies" in line]
    assert notes == [
        "gapcli: note: party 'fr': power varies by issue (0.1 to 0.2): its capability is 0.1, "
        "its power on 1 of 2 issues; stances.csv gives the 1 other its own",
        "gapcli: note: party 'de': power varies by issue (0.3 to 0.7): its capability is 0.7, "
        "its power on 2 of 3 issues; stances.csv gives the 1 other its own",
    ]
    s = load_scenario(in_tmp / "out").scenario
    powers = {
        (p.id, issue): capability_of(p, stance)
        for p in s.parties
        for issue, stance in p.stances.items()
    }
    assert powers == {
        ("nl", "x"): 0.442538,
        ("nl", "y"): 0.442538,
        ("fr", "x"): 0.1,
        ("fr", "y"): 0.2,
        ("de", "x"): 0.3,
        ("de", "y"): 0.7,
        ("de", "z"): 0.7,
    }


def test_a_problem_in_the_written_files_is_shown_at_the_input_line(in_tmp: Path) -> None:
    """Whatever the loader finds in scenario.yaml, a party's file or stances.csv is shown at
    the input line that gave the value, never in the (removed) temporary folder."""
    from gapcli.commands.importer import create
    from gapcli.errors import InputError
    from gapcli.io.importers import Imported

    found = Imported(
        title="T",
        issues={
            "x": {"kind": "scale", "title": "X", "range": [0, 10]},
            "y": {"kind": "scale", "title": "Y", "range": [5, 5]},
        },
        parties={"a": {"name": "A", "capability": -1.0}, "b": {"name": "B"}},
        rows=[
            {"party": "a", "issue": "x", "position": "5", "salience": "0.5", "note": "two\nlines"},
            {"party": "b", "issue": "x", "position": "50", "salience": "0.5"},
        ],
        lines=[12, 20],
        issue_lines={"x": 7, "y": 9},
        party_lines={"a": 3, "b": 4},
    )
    with pytest.raises(InputError) as caught:
        create(found, Path("new/out"), "in.txt")
    assert [str(d) for d in caught.value.diagnostics] == [
        "in.txt:3: capability: -1 is out of range (expected a number > 0)",
        "in.txt:9: range: [5, 5] has no width (expected lo < hi)",
    ]
    assert list(in_tmp.iterdir()) == []
    found.parties["a"]["capability"] = 1.0
    found.issues["y"]["range"] = [0, 1]
    with pytest.raises(InputError) as caught:
        create(found, Path("new/out"), "in.txt")
    assert [str(d) for d in caught.value.diagnostics] == [
        "in.txt:20: position: outside the issue's range"
    ]
    assert list(in_tmp.iterdir()) == []


def test_many_notes_are_counted_after_the_first_ten(in_tmp: Path) -> None:
    rows = "".join(f"a,i{n},{n},1\nb,i{n},{n + 50},1\n" for n in range(12))
    (in_tmp / "wide.csv").write_text("party,issue,position,salience\n" + rows)
    result = run("import", "csv", "wide.csv", "-o", "out")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("gapcli: note:")]
    assert notes[0] == (
        "gapcli: note: issue 'i0': scale issue, range [0, 100] (inferred from the positions)"
    )
    assert len(notes) == 11
    assert notes[-1] == (
        "gapcli: note: 2 more notes like these (what was inferred is written in out/scenario.yaml)"
    )
