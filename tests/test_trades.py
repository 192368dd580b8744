"""gapcli trades: the exchange model on a case worked by hand, against an exact oracle, and
its round rules."""

from __future__ import annotations

import random
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_analysis_cli import result_of

from gapcli.engine import trades as model

from conftest import POSITIONS, run, write_files

# A (capability 2) cares about p, B (capability 1) about q; on both they sit at opposite ends.
HAND = """\
title: Two parties, two issues
issues:
  p: {kind: scale}
  q: {kind: scale}
parties:
  a:
    capability: 2
    stances:
      p: {position: 0, accepts: [0, 10], salience: 0.8}
      q: {position: 0, accepts: [0, 40], salience: 0.2}
  b:
    capability: 1
    stances:
      p: {position: 100, accepts: [80, 100], salience: 0.2}
      q: {position: 100, accepts: [90, 100], salience: 0.8}
"""


def trades_of(path: str | Path, *args: str) -> dict[str, Any]:
    return result_of("trades", path, *args)


def test_the_trade_worked_by_hand(in_tmp: Path) -> None:
    # Expected outcomes (weights c * s): p = 100 * 0.2 / 1.8 = 11.1, q = 100 * 0.8 / 1.2 = 66.7.
    # a cares relatively more about p (0.8 / 0.2 > 0.2 / 0.8): b moves on p toward a, a on q
    # toward b. b moving the whole way (100 -> 0) shifts p's outcome by 1 * 0.2 / 1.8 = 1/9 of
    # the scale; equal gains ask q's outcome to shift by 1/9 * (0.8 + 0.2) / (0.2 + 0.8) = 1/9,
    # which a's move of 1/9 * 1.2 / (2 * 0.2) = 1/3 of the scale makes (0 -> 33.3). Each gains
    # 0.8 / 9 - 0.2 / 9 = 1/15.
    write_files(in_tmp, {"t.yaml": HAND})
    body = trades_of("t.yaml", "--rounds", "3")
    assert body["count"] == 1
    [t] = body["trades"]
    assert t["gain"] == pytest.approx(1 / 15, abs=1e-6)
    assert t["a"] == {
        "party": "a",
        "gives": "q",
        "from": 0,
        "to": pytest.approx(100 / 3, abs=1e-4),
        "gets": "p",
    }
    assert t["b"] == {"party": "b", "gives": "p", "from": 100, "to": 0, "gets": "q"}
    assert t["shift"] == {
        "p": pytest.approx(-100 / 9, abs=1e-4),
        "q": pytest.approx(100 / 9, abs=1e-4),
    }
    # b takes its range [80, 100] along to [0, 20]: it now meets a's [0, 10] on p. On q a's
    # range moves to [33.3, 73.3], still short of b's [90, 100].
    assert t["opens"] == {"pair": ["p"], "issue": ["p"]}
    assert t["realised"] is True
    [[done]] = body["rounds"]  # round 2 finds both at 0 on p: nothing left to trade
    assert done["gain"] == t["gain"]
    outcomes = {o["issue"]: (o["before"], o["after"]) for o in body["outcomes"]}
    assert outcomes["p"] == (pytest.approx(100 / 9, abs=1e-4), 0)
    assert outcomes["q"] == (pytest.approx(200 / 3, abs=1e-4), pytest.approx(700 / 9, abs=1e-4))


def oracle(y: list[list[F]], s: list[list[F]], c: list[F]) -> dict[tuple[int, int, int, int], F]:
    """Every trade's gain, by the model's definition, in exact fractions."""
    n, m = len(y), len(y[0])
    total = [sum(c[k] * s[k][i] for k in range(n)) for i in range(m)]
    out = {}
    for i in range(n):
        for j in range(i + 1, n):
            for p in range(m):
                for q in range(m):
                    if p == q or total[p] == 0 or total[q] == 0:
                        continue
                    o_p = sum(c[k] * s[k][p] * y[k][p] for k in range(n)) / total[p]
                    o_q = sum(c[k] * s[k][q] * y[k][q] for k in range(n)) / total[q]
                    if (y[i][p] - o_p) * (y[j][p] - o_p) >= 0:
                        continue
                    if (y[i][q] - o_q) * (y[j][q] - o_q) >= 0:
                        continue
                    if s[i][p] * s[j][q] <= s[j][p] * s[i][q]:
                        continue
                    if c[j] * s[j][p] == 0 or c[i] * s[i][q] == 0:
                        continue
                    rate = (s[i][p] + s[j][p]) / (s[i][q] + s[j][q])
                    best = None
                    for full_j in (True, False):  # whichever move fits within its span
                        if full_j:
                            d_p = abs(y[i][p] - y[j][p]) * c[j] * s[j][p] / total[p]
                            m_iq = d_p * rate * total[q] / (c[i] * s[i][q])
                            if m_iq > abs(y[i][q] - y[j][q]):
                                continue
                        else:
                            d_q = abs(y[i][q] - y[j][q]) * c[i] * s[i][q] / total[q]
                            d_p = d_q / rate
                        best = d_p
                        break
                    assert best is not None
                    gain = s[i][p] * best - s[i][q] * best * rate
                    if gain > 0:
                        out[(i, j, p, q)] = gain
    return out


def test_gains_match_the_exact_oracle_on_random_scenarios() -> None:
    rng = random.Random(11)
    compared = 0
    for _ in range(150):
        n, m = rng.randint(2, 5), rng.randint(2, 4)
        y = [[F(rng.randint(0, 10), 10) for _ in range(m)] for _ in range(n)]
        s = [[F(rng.randint(0, 5), 5) for _ in range(m)] for _ in range(n)]
        c = [F(rng.randint(1, 4)) for _ in range(n)]
        state = model.State(
            position=np.array(y, dtype=float),
            lo=np.array(y, dtype=float),
            hi=np.array(y, dtype=float),
            salience=np.array(s, dtype=float),
            mask=np.ones((n, m), bool),
            capability=np.array(c, dtype=float),
        )
        got = {(t.i, t.j, t.p, t.q): t.gain for t in model.candidates(state)}
        expected = oracle(y, s, c)
        assert set(got) == set(expected)
        for key, gain in expected.items():
            assert got[key] == pytest.approx(float(gain), rel=1e-9, abs=1e-12)
            compared += 1
    assert compared > 100


def test_a_round_trades_each_position_once_and_gains_are_equal() -> None:
    rng = np.random.default_rng(5)
    for _ in range(40):
        n, m = 6, 5
        y = rng.random((n, m))
        state = model.State(
            y, y.copy(), y.copy(), rng.random((n, m)), np.ones((n, m), bool), rng.uniform(0.5, 2, n)
        )
        open_now = model.candidates(state)
        done, _ = model.realise(state, open_now)
        seats = [seat for t in done for seat in {(t.i, t.p), (t.i, t.q), (t.j, t.p), (t.j, t.q)}]
        assert len(seats) == len(set(seats))
        assert [t.gain for t in done] == sorted((t.gain for t in done), reverse=True)
        s = state.salience
        for t in open_now:
            gain_i = s[t.i, t.p] * abs(t.shift_p) - s[t.i, t.q] * abs(t.shift_q)
            gain_j = s[t.j, t.q] * abs(t.shift_q) - s[t.j, t.p] * abs(t.shift_p)
            assert gain_i == pytest.approx(gain_j, rel=1e-9) and gain_i > 0
            assert abs(t.move_jp) <= abs(y[t.i, t.p] - y[t.j, t.p]) + 1e-12
            assert abs(t.move_iq) <= abs(y[t.j, t.q] - y[t.i, t.q]) + 1e-12


def test_worked_example_in_every_format() -> None:
    body = trades_of(POSITIONS / "syria-2017-05", "--rounds", "2", "--top", "3")
    assert len(body["trades"]) == 3 and body["count"] >= 3
    gains = [t["gain"] for t in body["trades"]]
    assert gains == sorted(gains, reverse=True)
    for fmt in ("table", "csv", "markdown"):
        result = run("trades", POSITIONS / "syria-2017-05", "--format", fmt)
        assert result.exit_code == 0 and "gain" in result.stdout


def test_bad_rounds_is_a_usage_error() -> None:
    result = run("trades", POSITIONS / "syria-2017-05", "--rounds", "-1")
    assert result.exit_code == 2
