"""`gapcli trades --procedure decide` against the Decide exchange model itself, on scenarios
of our own (bench/decide_check.py writes them; nothing of Decide's data is shipped).

Decide (PyPI `decide-exchange-model`) needs Python 3.13: `.ci/run` installs it beside the
project when it finds one and names its Python in GAPCLI_DECIDE_PYTHON; without it these
tests are skipped, saying so. Decide runs with its tie-breaking coin off (the first of exact
ties), gapcli with its default (the same first); the scenarios' numbers are continuous, so
exact ties do not arise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import gapcli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import decide_check  # noqa: E402

DECIDE = os.environ.get("GAPCLI_DECIDE_PYTHON", "")
pytestmark = pytest.mark.skipif(
    not (DECIDE and Path(DECIDE).exists()),
    reason="the Decide exchange model is not installed: set GAPCLI_DECIDE_PYTHON to a Python "
    "3.13 with decide-exchange-model (.ci/run does when it finds Python 3.13)",
)

SCENARIOS = range(8)


def both(tmp_path: Path, seed: int) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Random scenario ``seed`` through Decide (10 rounds) and through gapcli (10 rounds, and
    1), parties in gapcli's order."""
    source = tmp_path / f"r{seed}.csv"
    decide_check.random_decide_file(source, seed)
    scenario = tmp_path / f"r{seed}"
    decide_check.gapcli_import(source, scenario)
    aligned = tmp_path / f"r{seed}.aligned.csv"
    aligned.write_text(decide_check.decide_text(scenario))
    argv = [DECIDE, str(ROOT / "bench/decide_side.py"), str(aligned), "10", "1", "fixed"]
    theirs = json.loads(subprocess.run(argv, check=True, capture_output=True, text=True).stdout)
    loaded = gapcli.load(scenario)
    ten = gapcli.trades(loaded, rounds=10, top=0, procedure="decide", tables=False).to_dict()
    one = gapcli.trades(loaded, rounds=1, procedure="decide", tables=False).to_dict()
    return theirs, ten, one


def means(doc: dict[str, Any]) -> dict[str, float]:
    """gapcli's outcomes after the rounds; the random scenarios' issues run from 0 to 100."""
    return {o["issue"]: o["after"] for o in doc["outcomes"]}


@pytest.mark.parametrize("seed", SCENARIOS)
def test_round_one_is_decides(tmp_path: Path, seed: int) -> None:
    theirs, ten, one = both(tmp_path, seed)

    # round 1's candidates: the same exchanges, the same gains
    decide = {decide_check.exchange_key(e): e[6] / 100 for e in theirs["candidates"]}
    mine = {decide_check.trade_key(t): t["gain"] for t in ten["trades"]}
    assert set(mine) == set(decide) and mine
    for key, gain in decide.items():
        assert mine[key] == pytest.approx(gain, abs=1e-6)  # the JSON's 6 decimals

    # round 1's realised exchanges, in Decide's order, with its moves; the means after it
    done, realised = ten["rounds"][0], theirs["rounds"][0]
    assert [decide_check.trade_key(t) for t in done] == [
        decide_check.exchange_key(e) for e in realised
    ]
    for trade, exchange in zip(done, realised, strict=True):
        assert trade["gain"] == pytest.approx(exchange[6] / 100, abs=1e-6)
        to = {(trade[s]["party"], trade[s]["gives"]): trade[s]["to"] for s in ("a", "b")}
        assert to[(exchange[0], exchange[1])] == pytest.approx(exchange[2], abs=1e-4)
        assert to[(exchange[3], exchange[4])] == pytest.approx(exchange[5], abs=1e-4)
    for issue, mean in means(one).items():
        assert mean == pytest.approx(theirs["means"][1][issue], abs=1e-4)


def test_ten_rounds_end_where_decide_ends(tmp_path: Path) -> None:
    # Where an earlier cap has left an outcome exactly at a demander's position, Decide's
    # 28-digit decimals decide whether the next move toward it is capped (a last digit off
    # one way: the move shrinks to nothing) or not (exactly equal, or off the other way);
    # gapcli takes "not", the common case. Where the digits tip the other way, the rounds
    # after part a little (in one of these eight scenarios, by 0.44 points on one issue).
    # A rule missing or different parts them by points in most scenarios.
    exact, worst = 0, 0.0
    for seed in SCENARIOS:
        theirs, ten, _ = both(tmp_path, seed)
        apart = max(abs(m - theirs["means"][-1][i]) for i, m in means(ten).items())
        exact += apart <= 1e-4
        worst = max(worst, apart)
    assert exact >= len(SCENARIOS) - 2
    assert worst < 1.0
