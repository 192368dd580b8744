"""The UN General Assembly's roll calls of 1946 (../shared/data/unvotes, read from there,
never copied), end to end through the command line: the pair gaps and every roll call's
status, bridge and blockers against a count of the raw votes, and a slice checked by hand.

With salience 1 and each country accepting only its own vote, the model reduces to counts:
G between two countries is the share of the roll calls both voted on where their votes
differ; a roll call is in agreement when the vote is unanimous; the bridge is the vote most
countries cast (ties: yes, no, abstain, the options' order); its blockers voted otherwise.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import bench_module, run, shared_data

YEAR = "1946"


@pytest.fixture(scope="module")
def un_1946(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, str]]]:
    """The scenario (written by bench/unvotes.py) and the raw votes: rcid -> country -> vote."""
    data = shared_data("unvotes", "un_votes.csv.gz")
    unvotes = bench_module("unvotes")
    path: Path = unvotes.write(tmp_path_factory.mktemp("un") / "un-1946", data, YEAR)
    with gzip.open(data / "un_roll_calls.csv.gz", "rt", encoding="utf-8", newline="") as f:
        calls = {f"rc{int(float(r['rcid']))}" for r in csv.DictReader(f) if r["date"][:4] == YEAR}
    votes: dict[str, dict[str, str]] = {rc: {} for rc in calls}
    with gzip.open(data / "un_votes.csv.gz", "rt", encoding="utf-8", newline="") as f:
        for rcid, _, code, vote in csv.reader(f):
            rc = f"rc{rcid.removesuffix('.0')}"
            if rc in votes and code:
                votes[rc][code.lower()] = vote
    return path, votes


def result(*args: str | Path) -> Any:
    done = run(*args, "--json")
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)["result"]


def test_a_slice_checked_by_hand(un_1946: tuple[Path, dict[str, dict[str, str]]]) -> None:
    path, _ = un_1946
    gaps = result("gaps", path)
    parties = gaps["parties"]
    g = {(a, b): gaps["matrix"][i][j] for i, a in enumerate(parties) for j, b in enumerate(parties)}
    assert len(parties) == 54
    assert g["us", "ru"] == round(33 / 43, 6)  # 33 of the 43 roll calls of 1946 apart
    assert g["us", "gb"] == round(9 / 43, 6)
    deadlocks = {i["id"]: i for i in result("deadlocks", path)["issues"]}
    assert len(deadlocks) == 43
    first = deadlocks["rc3"]  # 1946-01-01, amendments to the rules of procedure: 29, 18, 4
    assert (first["status"], first["bridge"], len(first["blockers"])) == ("deadlock", "yes", 22)
    assert [i for i, issue in deadlocks.items() if issue["status"] == "agreement"] == ["rc11"]


def test_every_pair_and_roll_call_against_the_raw_votes(
    un_1946: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    path, votes = un_1946
    gaps = result("gaps", path)
    parties = gaps["parties"]
    for i, a in enumerate(parties):
        for j, b in enumerate(parties):
            both = [v for v in votes.values() if a in v and b in v]
            expected = sum(v[a] != v[b] for v in both) / len(both) if both else None
            found = gaps["matrix"][i][j]
            assert (found is None) == (expected is None), (a, b)
            if expected is not None:
                assert abs(found - expected) <= 5e-7, (a, b, found, expected)
    for issue in result("deadlocks", path)["issues"]:
        cast = votes[issue["id"]]
        tally = Counter(cast.values())
        bridge = max(("yes", "no", "abstain"), key=lambda o: (tally[o], -"yes no abstain".find(o)))
        assert issue["status"] == ("agreement" if len(tally) == 1 else "deadlock"), issue["id"]
        assert issue["bridge"] == bridge, issue["id"]
        assert sorted(issue["blockers"]) == sorted(c for c, v in cast.items() if v != bridge)
