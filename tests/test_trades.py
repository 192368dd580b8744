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
from gapcli.engine.decide import decide_round, decide_rounds
from gapcli.engine.rounds import realise

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


def oracle(
    y: list[list[F]], s: list[list[F]], c: list[F], has: list[list[bool]] | None = None
) -> dict[tuple[int, int, int, int], F]:
    """Every trade's gain, by the model's definition, in exact fractions, trying every
    party pair and issue pair (``has``: who takes a stance where; default everyone)."""
    n, m = len(y), len(y[0])
    on = has or [[True] * m for _ in range(n)]
    total = [F(sum(c[k] * s[k][i] for k in range(n) if on[k][i])) for i in range(m)]
    out = {}
    for i in range(n):
        for j in range(i + 1, n):
            for p in range(m):
                for q in range(m):
                    if p == q or total[p] == 0 or total[q] == 0:
                        continue
                    if not (on[i][p] and on[j][p] and on[i][q] and on[j][q]):
                        continue
                    o_p = F(sum(c[k] * s[k][p] * y[k][p] for k in range(n) if on[k][p])) / total[p]
                    o_q = F(sum(c[k] * s[k][q] * y[k][q] for k in range(n) if on[k][q])) / total[q]
                    if (y[i][p] - o_p) * (y[j][p] - o_p) >= 0:
                        continue
                    if (y[i][q] - o_q) * (y[j][q] - o_q) >= 0:
                        continue
                    if s[i][p] * s[j][q] <= s[j][p] * s[i][q]:
                        continue
                    if c[j] * s[j][p] == 0 or c[i] * s[i][q] == 0:
                        continue
                    rate = (s[i][p] + s[j][p]) / (s[i][q] + s[j][q])
                    best: F | None = None
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
                    # the cap: neither outcome passes the position of the party it moves
                    # toward; both shifts shrink in proportion (the rate holds)
                    best = min(best, abs(y[i][p] - o_p), abs(y[j][q] - o_q) / rate)
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
        found = model.candidates(state)
        got = {
            (int(found.i[k]), int(found.j[k]), int(found.p[k]), int(found.q[k])): found.gain[k]
            for k in range(len(found))
        }
        expected = oracle(y, s, c)
        assert set(got) == set(expected)
        for key, gain in expected.items():
            assert got[key] == pytest.approx(float(gain), rel=1e-9, abs=1e-12)
            compared += 1
    assert compared > 100


def test_the_pruned_search_finds_what_trying_everything_finds() -> None:
    # larger scenarios with missing stances and zero saliences, against the exhaustive oracle
    rng = random.Random(17)
    compared = 0
    for _ in range(25):
        n, m = rng.randint(4, 9), rng.randint(3, 7)
        y = [[F(rng.randint(0, 20), 20) for _ in range(m)] for _ in range(n)]
        s = [[F(rng.choice([0, 1, 2, 3, 4, 5]), 5) for _ in range(m)] for _ in range(n)]
        c = [F(rng.randint(1, 9), 3) for _ in range(n)]
        has = [[rng.random() < 0.8 for _ in range(m)] for _ in range(n)]
        mask = np.array(has)
        state = model.State(
            position=np.where(mask, np.array(y, dtype=float), 0.0),
            lo=np.zeros((n, m)),
            hi=np.ones((n, m)),
            salience=np.where(mask, np.array(s, dtype=float), 0.0),
            mask=mask,
            capability=np.array(c, dtype=float),
        )
        found = model.candidates(state)
        got = {
            (int(found.i[k]), int(found.j[k]), int(found.p[k]), int(found.q[k])): found.gain[k]
            for k in range(len(found))
        }
        expected = {key: g for key, g in oracle(y, s, c, has).items() if g > F(1, 10**9)}
        assert set(got) == set(expected)
        for key, gain in expected.items():
            assert got[key] == pytest.approx(float(gain), rel=1e-9, abs=1e-12)
            compared += 1
        # ranked best first, ties by party and issue order; the best few the same way
        keys = [
            (-found.gain[k], found.i[k], found.j[k], found.p[k], found.q[k]) for k in found.ranked()
        ]
        assert keys == sorted(keys) and len(keys) == len(found)
        for top in (1, 3, 10):
            assert found.ranked(top=top).tolist() == found.ranked()[:top].tolist()
    assert compared > 300


def test_a_round_trades_each_position_once_and_gains_are_equal() -> None:
    rng = np.random.default_rng(5)
    for _ in range(40):
        n, m = 6, 5
        y = rng.random((n, m))
        state = model.State(
            y, y.copy(), y.copy(), rng.random((n, m)), np.ones((n, m), bool), rng.uniform(0.5, 2, n)
        )
        open_now = model.candidates(state)
        realised, _ = realise(state, open_now)
        done = [r.trade for r in realised]
        seats = [seat for t in done for seat in {(t.i, t.p), (t.i, t.q), (t.j, t.p), (t.j, t.q)}]
        assert len(seats) == len(set(seats))
        assert [t.gain for t in done] == sorted((t.gain for t in done), reverse=True)
        s = state.salience
        outcome = state.outcomes()
        for k in range(len(open_now)):
            t = open_now.trade(state, k)
            assert t.gain == pytest.approx(open_now.gain[k], rel=1e-9)
            # neither outcome passes the party it moves toward
            assert (y[t.i, t.p] - (outcome[t.p] + t.shift_p)) * np.sign(t.shift_p) >= -1e-12
            assert (y[t.j, t.q] - (outcome[t.q] + t.shift_q)) * np.sign(t.shift_q) >= -1e-12
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


# a (capability 5) at 40 on p, below the outcome 50; b (capability 5) at 100; c pulls p's
# outcome down from 0. On q, a at 100 and b at 0 sit either side of the outcome 22.7.
OVERSHOOT = """\
title: An exchange that would carry the outcome past the party that asked for it
issues:
  p: {kind: scale}
  q: {kind: scale}
parties:
  a:
    capability: 5
    stances:
      p: {position: 40, accepts: [30, 50], salience: 0.8}
      q: {position: 100, accepts: [90, 100], salience: 0.2}
  b:
    capability: 5
    stances:
      p: {position: 100, accepts: [90, 100], salience: 0.2}
      q: {position: 0, accepts: [0, 10], salience: 0.8}
  c:
    stances:
      p: {position: 0, accepts: [0, 10], salience: 0.2}
      q: {position: 50, accepts: [40, 60], salience: 0.5}
"""


def test_no_exchange_carries_an_outcome_past_the_party_that_gains(in_tmp: Path) -> None:
    # Weights c * s: on p a 4, b 1, c 0.2 (S = 5.2): outcome (160 + 100) / 5.2 = 50. On q a 1,
    # b 4, c 0.5 (S = 5.5): outcome (100 + 25) / 5.5 = 22.7. a cares relatively more about p,
    # so b moves on p toward a (40), a on q toward b (0); the rate is (0.8 + 0.2) /
    # (0.2 + 0.8) = 1. b's whole move (60 points) would shift p's outcome by 60 / 5.2 = 11.5
    # points, to 38.5: past a at 40, where a would lose by it. The cap stops the outcome at
    # 40: a shift of 10 points on p, so 10 on q too; b moves 10 * 5.2 = 52 points (100 -> 48),
    # a moves 10 * 5.5 = 55 (100 -> 45). Each gains (0.8 - 0.2) * 0.1 = 0.06, not the
    # uncapped 0.6 * 60 / 520 = 0.0692.
    write_files(in_tmp, {"t.yaml": OVERSHOOT})
    body = trades_of("t.yaml", "--top", "0")
    [t] = [t for t in body["trades"] if {t["a"]["party"], t["b"]["party"]} == {"a", "b"}]
    assert t["gain"] == pytest.approx(0.06, abs=1e-6)
    assert t["a"] == {"party": "a", "gives": "q", "from": 100, "to": pytest.approx(45), "gets": "p"}
    assert t["b"] == {"party": "b", "gives": "p", "from": 100, "to": pytest.approx(48), "gets": "q"}
    assert t["shift"] == {"p": pytest.approx(-10, abs=1e-4), "q": pytest.approx(-10, abs=1e-4)}


def test_decide_procedure_blends_the_moves_between_rounds(in_tmp: Path) -> None:
    # The trade worked by hand above: b moves on p from 100 to 0, a on q from 0 to 33.3.
    # Between rounds each mover keeps 0.1 + 0.4 (1 - s) of its move: b (s = 0.2 on p) 0.42,
    # to 58; a (s = 0.2 on q) 0.42 of 33.3, to 14. Outcomes (weights a 1.6, b 0.2 on p; a
    # 0.4, b 0.8 on q): p = 0.2 * 58 / 1.8 = 6.44, q = (0.4 * 14 + 0.8 * 100) / 1.2 = 71.33.
    write_files(in_tmp, {"t.yaml": HAND})
    body = trades_of("t.yaml", "--rounds", "1", "--procedure", "decide")
    assert body["procedure"] == "decide" and body["seed"] is None
    [[done]] = body["rounds"]
    assert done["gain"] == pytest.approx(1 / 15, abs=1e-6)
    assert done["b"]["to"] == 0 and done["a"]["to"] == pytest.approx(100 / 3, abs=1e-4)
    outcomes = {o["issue"]: o["after"] for o in body["outcomes"]}
    assert outcomes["p"] == pytest.approx(0.2 * 58 / 1.8, abs=1e-4)
    assert outcomes["q"] == pytest.approx((0.4 * 14 + 80) / 1.2, abs=1e-4)


def decide_state(rng: np.random.Generator, n: int, m: int) -> model.State:
    y = rng.random((n, m))
    return model.State(
        y, y.copy(), y.copy(), rng.random((n, m)), np.ones((n, m), bool), rng.uniform(0.5, 2, n)
    )


def test_decide_rounds_realise_equal_gains_and_never_overshoot() -> None:
    rng = np.random.default_rng(9)
    for _ in range(30):
        state = decide_state(rng, 6, 5)
        done, voting, after = decide_round(state)
        s, x = state.salience, state.position
        position = x.copy()
        for r in done:
            t = r.trade
            gain_i = s[t.i, t.p] * abs(t.shift_p) - s[t.i, t.q] * abs(t.shift_q)
            gain_j = s[t.j, t.q] * abs(t.shift_q) - s[t.j, t.p] * abs(t.shift_p)
            assert gain_i == pytest.approx(gain_j, rel=1e-9) and gain_i > 0
            assert (t.from_jp, t.from_iq) == (position[t.j, t.p], position[t.i, t.q])
            position[t.j, t.p] += t.move_jp
            position[t.i, t.q] += t.move_iq
            # each mover moves toward, and never past, the position the other started at
            assert (x[t.i, t.p] - position[t.j, t.p]) * np.sign(t.move_jp) >= -1e-12
            assert (x[t.j, t.q] - position[t.i, t.q]) * np.sign(t.move_iq) >= -1e-12
        assert np.allclose(voting.position, np.clip(position, 0, 1))
        kept = 0.1 + 0.4 * (1 - s)
        assert np.allclose(after.position, x + kept * (voting.position - x))


def test_decide_rounds_are_deterministic_and_seeded_draws_repeat() -> None:
    rng = np.random.default_rng(4)
    state = decide_state(rng, 5, 4)
    state = model.State(  # ties: two parties alike in every number
        np.vstack([state.position, state.position[-1:]]),
        np.vstack([state.lo, state.lo[-1:]]),
        np.vstack([state.hi, state.hi[-1:]]),
        np.vstack([state.salience, state.salience[-1:]]),
        np.ones((6, 4), bool),
        np.append(state.capability, state.capability[-1]),
    )

    def outcome(seed: int | None) -> list[float]:
        _, end = decide_rounds(state, 5, seed)
        return [float(v) for v in end.outcomes()]

    assert outcome(None) == outcome(None)
    assert outcome(3) == outcome(3)
    draws = {tuple(outcome(seed)) for seed in range(12)}
    assert len(draws) > 1  # the tie is broken both ways


def test_procedure_and_seed_are_checked() -> None:
    assert run("trades", POSITIONS / "syria-2017-05", "--procedure", "other").exit_code == 2
    body = trades_of(POSITIONS / "syria-2017-05", "--procedure", "decide", "--seed", "3", "-r", "2")
    assert body["procedure"] == "decide" and body["seed"] == 3
    assert len(body["rounds"]) == 2


def test_a_stance_capability_weighs_in_the_trade(in_tmp: Path) -> None:
    # The trade worked by hand, with b's clout on p alone raised to 2: weights on p are a 1.6,
    # b 0.4 (S = 2), outcome 20. b's whole move shifts p's outcome by 0.4 / 2 = 0.2 of the
    # scale, to a's 0 exactly (the cap holds); the rate is 1, so q's outcome shifts 0.2 too,
    # which a's move of 0.2 * 1.2 / 0.4 = 0.6 makes (0 -> 60). Each gains
    # 0.8 * 0.2 - 0.2 * 0.2 = 0.12.
    write_files(
        in_tmp,
        {
            "t.yaml": HAND.replace(
                "p: {position: 100, accepts: [80, 100], salience: 0.2}",
                "p: {position: 100, accepts: [80, 100], salience: 0.2, capability: 2}",
            )
        },
    )
    [t] = trades_of("t.yaml")["trades"]
    assert t["gain"] == pytest.approx(0.12, abs=1e-6)
    assert t["a"]["to"] == pytest.approx(60, abs=1e-4) and t["b"]["to"] == 0
    assert t["shift"]["p"] == pytest.approx(-20, abs=1e-4)


def test_what_a_trade_opens_matches_moving_its_ranges_one_by_one() -> None:
    # opens_all works from each issue's two highest low ends and two lowest high ends; here
    # each trade's two movers' ranges are moved in a copy and the deadlock and the pair's
    # compatibility looked at directly.
    def direct(state: model.State, t: model.Trade) -> tuple[tuple[int, ...], tuple[int, ...]]:
        pairs, issues = [], []
        for k, mover, move in ((t.p, t.j, t.move_jp), (t.q, t.i, t.move_iq)):
            on = state.mask[:, k]
            lo, hi = state.lo[:, k].copy(), state.hi[:, k].copy()

            def apart(lo: Any, hi: Any) -> bool:
                return bool(max(lo[t.i], lo[t.j]) > min(hi[t.i], hi[t.j]) + 1e-9)

            def stuck(lo: Any, hi: Any, on: Any) -> bool:
                return bool(lo[on].max() > hi[on].min() + 1e-9)

            was_apart, was_stuck = apart(lo, hi), stuck(lo, hi, on)
            lo[mover] = min(1.0, max(0.0, lo[mover] + move))
            hi[mover] = min(1.0, max(0.0, hi[mover] + move))
            if was_apart and not apart(lo, hi):
                pairs.append(k)
            if was_stuck and not stuck(lo, hi, on):
                issues.append(k)
        return tuple(pairs), tuple(issues)

    rng = np.random.default_rng(3)
    compared = opened = 0
    for _ in range(150):
        n, m = int(rng.integers(2, 7)), int(rng.integers(2, 6))
        y, width = rng.random((n, m)), rng.random((n, m)) * 0.3
        mask = rng.random((n, m)) < 0.85
        state = model.State(
            y, np.clip(y - width, 0, 1), np.clip(y + width, 0, 1), rng.random((n, m)), mask,
            rng.uniform(0.5, 2, n),
        )  # fmt: skip
        found = model.candidates(state)
        trades = found.trades(state, np.arange(len(found)))
        for t, got in zip(trades, model.opens_all(state, trades), strict=True):
            assert got == direct(state, t)
            compared += 1
            opened += bool(got[0] or got[1])
    assert compared > 500 and opened > 100


def test_an_observer_takes_no_part_in_trades(in_tmp: Path) -> None:
    # c is on a's side of both outcomes; as an observer it neither trades nor weighs on the
    # outcomes, so the trades are those of the scenario without c.
    write_files(
        in_tmp,
        {"t.yaml": OVERSHOOT, "o.yaml": OVERSHOOT.replace("  c:\n", "  c:\n    observer: true\n")},
    )
    watched = trades_of("o.yaml", "--top", "0", "--rounds", "2")
    without = trades_of("t.yaml", "--top", "0", "--rounds", "2", "--without", "c")
    assert watched["trades"] == without["trades"] and watched["rounds"] == without["rounds"]
    assert watched["outcomes"] == without["outcomes"]
    assert all("c" not in (t["a"]["party"], t["b"]["party"]) for t in watched["trades"])
    assert trades_of("t.yaml", "--top", "0")["count"] > watched["count"]  # c traded with b


@pytest.mark.parametrize("procedure", ["once", "decide"])
def test_a_listed_trade_is_marked_when_the_first_round_realises_it(procedure: str) -> None:
    def keys(listed: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
        return {(t["a"]["party"], t["a"]["gives"], t["b"]["party"]) for t in listed}

    args = (POSITIONS / "syria-2017-05", "--top", "0", "--procedure", procedure)
    with_round = trades_of(*args, "--rounds", "1")
    marked = keys([t for t in with_round["trades"] if t["realised"]])
    assert marked and marked == keys(with_round["rounds"][0])
    alone = trades_of(*args)  # no rounds asked: the marks are the same
    assert alone["rounds"] == [] and alone["trades"] == with_round["trades"]


def test_a_negative_seed_is_a_usage_error() -> None:
    result = run("trades", POSITIONS / "syria-2017-05", "--procedure", "decide", "--seed", "-1")
    assert result.exit_code == 2 and "Traceback" not in result.output
    from gapcli.analyses.trades import trades
    from gapcli.api import load

    with pytest.raises(ValueError, match="seed must be 0 or more"):
        trades(load(POSITIONS / "syria-2017-05"), procedure="decide", seed=-1)
