"""`gapcli export csv` writes a table's stances column by column; the rows are the same as
writing each stance object one by one, in the same order."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapcli.io.loader import load_scenario
from gapcli.io.tabular.common import COLUMNS
from gapcli.io.tabular.export import _row, rows
from gapcli.model import Scenario, capability_of

from conftest import write_files
from test_tabular_fuzz import FILES

# gov has stances in its YAML file and a row of the table; new and other only rows
MIXED = dict(FILES, **{"stances.csv": FILES["stances.csv"] + "gov,budget,20,0.3,,,,,,,,art,,\n"})
ROOT = Path(__file__).resolve().parent.parent


def one_by_one(scenario: Scenario) -> list[list[str]]:
    """The rows as the stance objects give them, party by party, issue by issue."""
    out = [list(COLUMNS)]
    for party in scenario.parties:
        for issue in scenario.issues:
            stance = party.stances.get(issue.id)
            if stance is not None:
                out.append(_row(party.id, issue.id, capability_of(party, stance), stance))
    return out


def written(scenario: Scenario) -> list[list[str]]:
    return [list(row) for row in rows(scenario)]


def test_a_party_with_stances_in_yaml_and_in_the_table() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write_files(Path(tmp), MIXED)
        scenario = load_scenario(Path(tmp)).scenario
    out = written(scenario)
    assert out == one_by_one(scenario)
    gov = [row[1] for row in out if row[0] == "gov"]
    assert gov == ["tenure", "talks", "guarantors", "budget"]  # the scenario's issue order
    assert out[len(gov)][:5] == ["gov", "budget", "20", "0.3", "0.8"]


def test_the_worked_example() -> None:
    scenario = load_scenario(ROOT / "positions" / "syria-2017-05").scenario
    assert written(scenario) == one_by_one(scenario)


@st.composite
def valid_tables(draw: st.DrawFn) -> str:
    """A stances.csv that loads beside FILES' YAML files: random parties, issues and cells."""
    header = "party,issue,position,salience,capability,accepts_lo,accepts_hi,prefers,accepts,"
    lines = [header + "require,reject,source,note,uncertainty"]
    numbers = st.sampled_from(["0", "0.25", "0.5", "1", "0.333"])
    for party in ("gov", "opp", "new", "other", "third"):
        # one capability on every row (or none), as before stances had their own; or each
        # row its own (gov and opp have one row, beside their YAML files)
        own = party in ("gov", "opp") or draw(st.booleans())
        capability = draw(st.sampled_from(["", "1", "2.5"]))
        issues = (
            ["budget"] if party in ("gov", "opp") else ["tenure", "talks", "guarantors", "budget"]
        )
        for issue in issues:
            if not draw(st.booleans()):
                continue
            cells = dict.fromkeys(lines[0].split(","), "")
            if own:  # an empty cell only where no rows differ (else it is refused)
                beside_yaml = party in ("gov", "opp")
                capability = draw(
                    st.sampled_from(["", "0.8", "1"] if beside_yaml else ["1", "2.5"])
                )
            cells.update(party=party, issue=issue, salience=draw(numbers), capability=capability)
            if issue in ("tenure", "budget"):
                lo, hi = (0, 100) if issue == "tenure" else (-50, 50)
                x = draw(st.integers(lo, hi))
                cells["position"] = str(x)
                if draw(st.booleans()):
                    cells["accepts_lo"], cells["accepts_hi"] = str(max(lo, x - 5)), str(x)
                if draw(st.booleans()):
                    cells["uncertainty"] = draw(st.sampled_from(["0", "2", "7.5"]))
            elif issue == "talks":
                options = ["direct", "proximity", "none"]
                cells["prefers"] = draw(st.sampled_from(options))
                more = draw(st.lists(st.sampled_from(options), unique=True))
                if more:
                    cells["accepts"] = ";".join(dict.fromkeys([cells["prefers"], *more]))
            else:
                chosen = draw(st.lists(st.sampled_from(["russia", "iran", "us"]), unique=True))
                cut = draw(st.integers(0, len(chosen)))
                cells["require"], cells["reject"] = ";".join(chosen[:cut]), ";".join(chosen[cut:])
            cells["source"] = draw(st.sampled_from(["", "art"]))
            cells["note"] = draw(st.sampled_from(["", "plain", "'=SUM(A1)", "a, b"]))
            note = cells["note"]
            cells["note"] = f'"{note}"' if "," in note else note
            lines.append(",".join(cells.values()))
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=valid_tables())
def test_any_valid_table(table: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write_files(Path(tmp), dict(FILES, **{"stances.csv": table}))
        scenario = load_scenario(Path(tmp)).scenario
    assert written(scenario) == one_by_one(scenario)
