"""The backtest (issue 16): each forecast against a recorded outcome, worked by hand, checked
against its definitions on random scenarios, and the bootstrap and bands on their own."""

from __future__ import annotations

import random
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcli.analyses.backtest import NoOutcome, Settings, UnknownField, backtest
from gapcli.engine.backtest import bootstrap_mean
from gapcli.io.loader import Loaded
from gapcli.model import (
    ChoiceIssue,
    ChoiceStance,
    Issue,
    Option,
    Outcome,
    Party,
    ScaleIssue,
    ScaleStance,
    Scenario,
    SetIssue,
    SetStance,
    Stance,
)


def scale(position: float, salience: float, uncertainty: float | None = None) -> ScaleStance:
    return ScaleStance(
        position=position, lo=position, hi=position, salience=salience, uncertainty=uncertainty
    )


def loaded(issues: tuple[Issue, ...], parties: tuple[Party, ...], path: str = "sc") -> Loaded:
    return Loaded(Scenario("t", issues, parties, path=path), ())


def hand_worked() -> Loaded:
    """One scale issue 0-100, status quo 50, outcome 60:
    a at 0 (c 1, s 1), b at 100 (c 1, s 0.5), c at 80 (c 2, s 0.5).
    Weights c*s: 1, 0.5, 1. Mean (0 + 50 + 80) / 2.5 = 52, error 8.
    Median: cumulative weight in position order 1 (0), 2 (80) reaches 1.25 at 80: error 20.
    Bridge: the point of least weighted distance, the weighted median 80: error 20.
    Nash: parties on both sides of the status quo, none. Status quo: error 10.
    A choice issue decided 'y' (status quo 'x'): a prefers x, b and c prefer y; the bridge
    (most capability-weighted support) is y: a hit, the status quo a miss.
    A set issue decided {p}: everyone requires p, c rejects q: the bridge {p}, a hit."""
    options = (Option("x", "x"), Option("y", "y"))
    issues = (
        ScaleIssue("s", "s", 0, 100, 50, outcome=Outcome(60.0, "2020-01-01", ("src",))),
        ChoiceIssue("ch", "ch", options, "x", outcome=Outcome("y")),
        SetIssue("st", "st", (Option("p", "p"), Option("q", "q")), outcome=Outcome(("p",))),
        ScaleIssue("open", "open", outcome=Outcome(None, note="not settled yet")),
    )

    def party(
        pid: str, cap: float, pos: float, sal: float, prefers: str, rej: tuple[str, ...]
    ) -> Party:
        stances: dict[str, Stance] = {
            "s": scale(pos, sal),
            "ch": ChoiceStance(prefers=prefers, accepts=(prefers,), salience=sal),
            "st": SetStance(require=("p",), reject=rej, salience=sal),
            "open": scale(pos, sal),
        }
        return Party(pid, pid, cap, MappingProxyType(stances))

    return loaded(
        issues,
        (
            party("a", 1, 0, 1, "x", ()),
            party("b", 1, 100, 0.5, "y", ()),
            party("c", 2, 80, 0.5, "y", ("q",)),
        ),
    )


def forecasts(record: dict[str, Any]) -> dict[str, Any]:
    return {f["model"]: f for f in record["forecasts"]}


def test_hand_worked_errors_and_hits() -> None:
    result = backtest([hand_worked()], Settings(rounds=0, samples=0)).to_dict()
    assert result["counts"] == {"with_outcome": 3, "unrecorded": 1, "without_outcome": 0}
    by_issue = {r["issue"]: r for r in result["issues"]}
    s = forecasts(by_issue["s"])
    assert s["mean"]["value"] == 52 and s["mean"]["error"] == 8 and s["mean"]["error_share"] == 0.08
    assert s["median"]["value"] == 80 and s["median"]["error"] == 20
    assert s["bridge"]["value"] == 80 and s["bridge"]["error"] == 20
    assert s["status-quo"]["error"] == 10
    assert s["nash"]["value"] is None and s["nash"]["error"] is None
    assert "exchange" not in s  # no rounds asked
    ch = forecasts(by_issue["ch"])
    assert ch["bridge"] == {"model": "bridge", "value": "y", "hit": True}
    assert ch["status-quo"]["hit"] is False
    st_ = forecasts(by_issue["st"])["bridge"]
    assert st_["value"] == ["p"] and st_["hit"] is True and st_["options_right"] == 1
    assert result["unrecorded"] == [{"scenario": "sc", "issue": "open", "note": "not settled yet"}]
    mean = next(r for r in result["scale"] if r["model"] == "mean")
    assert (mean["n"], mean["error_share"], mean["error_points"]) == (1, 0.08, 8)
    assert mean["low"] is None  # one issue: nothing to draw
    quo = next(r for r in result["scale"] if r["model"] == "status-quo")
    assert (quo["error_share"], quo["mean_error_same"]) == (0.1, 0.08)  # the mean on s
    nash = next(r for r in result["scale"] if r["model"] == "nash")
    assert nash["n"] == 0 and nash["error_share"] is None
    hits = {(r["kind"], r["model"]): (r["n"], r["hits"]) for r in result["other"]}
    assert hits == {
        ("choice", "status-quo"): (1, 0),
        ("choice", "bridge"): (1, 1),
        ("set", "bridge"): (1, 1),
    }
    assert result["calibration"] == []  # nothing drawn


def test_no_outcome_at_all_is_said() -> None:
    plain = loaded(
        (ScaleIssue("s", "s"),), (Party("a", "a", 1, MappingProxyType({"s": scale(1, 1)})),)
    )
    with pytest.raises(NoOutcome, match="no issue in sc records an outcome"):
        backtest([plain])


def test_an_unknown_field_lists_the_known_ones() -> None:
    with pytest.raises(
        UnknownField, match=r"'year' \(expected one of scenario, issue, kind, outcome_year\)"
    ):
        backtest([hand_worked()], Settings(rounds=0, samples=0, by="year"))


def test_groups_by_tag_and_kind() -> None:
    sc = hand_worked()
    issues = tuple(
        i
        if i.id != "s"
        else ScaleIssue("s", "s", 0, 100, 50, outcome=i.outcome, tags=(("year", "2001"),))
        for i in sc.scenario.issues
    )
    tagged = Loaded(Scenario("t", issues, sc.scenario.parties, path="sc"), ())
    result = backtest([tagged], Settings(rounds=0, samples=0, by="year")).to_dict()
    groups = {(r["group"], r["model"]): r["n"] for r in result["scale"]}
    assert groups[(None, "mean")] == 1 and groups[("2001", "mean")] == 1
    assert {r["group"] for r in result["other"]} == {None, "(none)"}
    result = backtest([tagged], Settings(rounds=0, samples=0, by="kind")).to_dict()
    assert {r["group"] for r in result["other"]} == {None, "choice", "set"}


def random_scenario(rng: random.Random, n_issues: int, n_parties: int) -> Loaded:
    issues = []
    for k in range(n_issues):
        lo = rng.choice([0, -50, 10])
        hi = lo + rng.choice([100, 7, 250])
        issues.append(ScaleIssue(f"i{k}", f"i{k}", lo, hi, outcome=Outcome(rng.uniform(lo, hi))))
    parties = []
    for p in range(n_parties):
        stances = {
            i.id: scale(rng.uniform(i.lo, i.hi), rng.choice([0.0, 0.3, 1.0]))
            for i in issues
            if rng.random() < 0.8
        }
        parties.append(Party(f"p{p}", f"p{p}", rng.choice([0.5, 1, 3]), MappingProxyType(stances)))
    return loaded(tuple(issues), tuple(parties))


def test_mean_error_matches_its_definition_on_random_scenarios() -> None:
    rng = random.Random(16)
    for _ in range(20):
        sc = random_scenario(rng, rng.randint(1, 6), rng.randint(1, 5))
        result = backtest([sc], Settings(rounds=0, samples=0)).to_dict()
        shares = []
        for issue in sc.scenario.issues:
            assert isinstance(issue, ScaleIssue) and issue.outcome is not None
            assert isinstance(issue.outcome.value, float)
            held = [
                (p.capability, stance)
                for p in sc.scenario.parties
                if isinstance(stance := p.stances.get(issue.id), ScaleStance)
            ]
            on = [(c * st_.salience, st_.position) for c, st_ in held]
            total = sum(w for w, _ in on)
            if not on:
                continue
            if total == 0:  # every salience 0: capability alone
                on = [(c, st_.position) for c, st_ in held]
                total = sum(w for w, _ in on)
            mean = sum(w * x for w, x in on) / total
            shares.append(abs(mean - issue.outcome.value) / (issue.hi - issue.lo))
        row = next(r for r in result["scale"] if r["model"] == "mean")
        assert row["n"] == len(shares)
        assert row["error_share"] == pytest.approx(sum(shares) / len(shares), abs=1e-6)


@given(st.lists(st.floats(0, 1), min_size=2, max_size=30), st.integers(0, 2**31))
@settings(max_examples=60, deadline=None)
def test_bootstrap_interval_holds_the_mean_and_singletons_are_plain_draws(
    values: list[float], seed: int
) -> None:
    x = np.array(values)
    m = bootstrap_mean(x, 500, seed)
    assert m.n == len(values) and m.mean == pytest.approx(x.mean())
    assert x.min() - 1e-12 <= m.low <= m.high <= x.max() + 1e-12
    # clusters of one issue each draw exactly what the plain bootstrap draws
    same = bootstrap_mean(x, 500, seed, clusters=np.arange(len(values)))
    assert (same.low, same.high) == pytest.approx((m.low, m.high))


def test_clusters_draw_whole_groups() -> None:
    # two clusters, each constant: every resample's mean is a mix of whole clusters only
    x = np.array([0.0, 0.0, 0.0, 1.0])
    m = bootstrap_mean(x, 4000, 3, clusters=np.array(["a", "a", "a", "b"]))
    # possible resample means: both a (0), both b (1), one each (1/4)
    assert {m.low, m.high} <= {0.0, 0.25, 1.0}


def test_bands_hold_what_the_draws_allow() -> None:
    # one party at 40 with uncertainty 10: the mean is uniform on [30, 50] over the draws,
    # so its 90% band is about [31, 49]: 46 is inside, 55 is not (46 is outside the 50% band,
    # [35, 45], and inside the 80% one, [32, 48])
    def one(outcome: float, path: str) -> Loaded:
        stances = MappingProxyType({"s": scale(40, 1, 10)})
        return loaded(
            (ScaleIssue("s", "s", outcome=Outcome(outcome)),), (Party("a", "a", 1, stances),), path
        )

    result = backtest([one(46, "in"), one(55, "out")], Settings(rounds=0, samples=4000)).to_dict()
    mean = {r["scenario"]: forecasts(r)["mean"] for r in result["issues"]}
    low, high = mean["in"]["band"]
    assert low == pytest.approx(31, abs=0.5) and high == pytest.approx(49, abs=0.5)
    assert mean["in"]["covered"] is True and mean["out"]["covered"] is False
    cal = next(r for r in result["calibration"] if r["model"] == "mean")
    assert cal["n"] == 2
    assert [lv["covered"] for lv in cal["levels"]] == [0, 1, 1, 1]


def test_outcomes_drawn_like_the_model_are_covered_as_often_as_the_level_says() -> None:
    # 300 one-party issues, each position uncertain by 20 points, the outcome where a fresh
    # draw puts the party: the bands are right by construction, so coverage ~ the level
    rng = np.random.default_rng(5)
    issues, stances = [], {}
    for k in range(300):
        x = float(rng.uniform(20, 80))
        issues.append(
            ScaleIssue(f"i{k}", f"i{k}", outcome=Outcome(x + float(rng.uniform(-20, 20))))
        )
        stances[f"i{k}"] = scale(x, 1, 20)
    sc = loaded(tuple(issues), (Party("a", "a", 1, MappingProxyType(stances)),))
    result = backtest([sc], Settings(rounds=0, samples=2000, bootstrap=0)).to_dict()
    cal = next(r for r in result["calibration"] if r["model"] == "mean")
    shares = [lv["share"] for lv in cal["levels"]]
    for share, level in zip(shares, (0.5, 0.8, 0.9, 0.95), strict=True):
        assert abs(share - level) < 0.07, (shares, level)


def test_uncertainty_option_draws_only_the_stances_without_one() -> None:
    # b has its own uncertainty 0 (none): with --uncertainty 0.2 it is drawn by 20 points;
    # without the option nothing is drawn and there are no bands
    stances = MappingProxyType({"s": scale(40, 1)})
    sc = loaded((ScaleIssue("s", "s", outcome=Outcome(45)),), (Party("a", "a", 1, stances),))
    plain = backtest([sc], Settings(rounds=0, samples=500)).to_dict()
    assert plain["calibration"] == [] and "band" not in forecasts(plain["issues"][0])["mean"]
    drawn = backtest([sc], Settings(rounds=0, samples=2000, uncertainty=0.2)).to_dict()
    low, high = forecasts(drawn["issues"][0])["mean"]["band"]
    assert low == pytest.approx(22, abs=1) and high == pytest.approx(58, abs=1)


def test_exchange_forecast_is_the_mean_after_the_rounds() -> None:
    from gapcli.analyses.trades import trades

    sc = random_scenario(random.Random(4), 4, 5)
    result = backtest([sc], Settings(rounds=3, samples=0)).to_dict()
    after = {o["issue"]: o["after"] for o in trades(sc, rounds=3).to_dict()["outcomes"]}
    for r in result["issues"]:
        assert forecasts(r)["exchange"]["value"] == pytest.approx(after[r["issue"]], abs=1e-6)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rounds", 101, "rounds must be from 0 to 100"),
        ("samples", -1, "samples must be 0 or more"),
        ("uncertainty", 1.5, "uncertainty must be from 0 to 1"),
    ],
)
def test_bad_settings_are_refused(field: str, value: float, message: str) -> None:
    changed: dict[str, Any] = {field: value}
    with pytest.raises(ValueError, match=message):
        backtest([hand_worked()], replace(Settings(), **changed))


def test_one_cluster_has_no_interval() -> None:
    """Two issues of one proposal are one draw: there is nothing to resample."""
    m = bootstrap_mean(np.array([0.1, 0.3]), 1000, 1, clusters=np.array(["p", "p"]))
    assert m.n == 2 and m.mean == pytest.approx(0.2)
    assert m.low != m.low and m.high != m.high  # nan


def test_many_bootstrap_draws_run_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """The draws are made a batch at a time; batches of any size give the same interval."""
    import gapcli.engine.backtest as engine

    x = np.random.default_rng(2).uniform(size=50)
    whole = bootstrap_mean(x, 3000, 9)
    monkeypatch.setattr(engine, "BOOTSTRAP_CELLS", 50 * 7)  # 7 draws a batch
    batched = bootstrap_mean(x, 3000, 9)
    assert (batched.low, batched.high) == pytest.approx((whole.low, whole.high))
