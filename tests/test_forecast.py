"""gapcli forecast: the golden expected-utility case, Nash points by hand and by brute force."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_analysis_cli import result_of

from gapcli.engine.forecast import nash_points, weighted_median

from conftest import POSITIONS, run, write_files

# Emission standards in the EU (positions in years), as the expected-utility literature
# gives them: actor, capability, position, salience.
EU = [
    ("netherlands", 0.08, 4, 0.8),
    ("belgium", 0.08, 7, 0.4),
    ("luxembourg", 0.03, 4, 0.2),
    ("germany", 0.16, 4, 0.8),
    ("france", 0.16, 10, 0.6),
    ("italy", 0.16, 10, 0.6),
    ("uk", 0.16, 10, 0.9),
    ("ireland", 0.05, 7, 0.1),
    ("denmark", 0.05, 4, 1.0),
    ("greece", 0.08, 7, 0.7),
]


def one_file(parties: Sequence[tuple[str, float, float, float]], extra: str = "") -> str:
    lines = [
        "title: Golden case",
        "issues:",
        "  years:",
        "    kind: scale",
        "    range: [0, 12]",
        *([f"    {extra}"] if extra else []),
        "parties:",
    ]
    for name, cap, x, s in parties:
        lines += [
            f"  {name}:",
            f"    capability: {cap}",
            f"    stances: {{years: {{position: {x}, salience: {s}}}}}",
        ]
    return "\n".join(lines) + "\n"


def forecast_of(path: str | Path) -> dict[str, Any]:
    return result_of("forecast", path)


def test_golden_eu_emission_standards(in_tmp: Path) -> None:
    write_files(in_tmp, {"eu.yaml": one_file(EU)})
    [years] = forecast_of("eu.yaml")["scale"]
    assert round(years["mean"], 3) == 7.390
    assert years["median"] == 7
    assert years["nash"] is None and years["nash_note"] == "no status quo on this issue"
    assert years["range"] == [4, 10]


def test_nash_point_by_hand(in_tmp: Path) -> None:
    # Status quo 0; a wants 40, b wants 100: the outcomes both prefer are (0, 80). Right of
    # 40 the objective is c_a log(80 - x) + c_b log(x): with c_b = 2 its slope -1/(80 - x)
    # + 2/x vanishes at x = 160/3; with equal capability the maximum is the kink at 40.
    parties = [("a", 1, 40, 0.5), ("b", 2, 100, 0.5)]
    write_files(in_tmp, {"n.yaml": one_file(parties, "status_quo: 0").replace("12]", "100]")})
    [issue] = forecast_of("n.yaml")["scale"]
    assert issue["nash"] == pytest.approx(160 / 3, abs=1e-6)
    write_files(
        in_tmp,
        {"m.yaml": (in_tmp / "n.yaml").read_text().replace("capability: 2", "capability: 1")},
    )
    [issue] = forecast_of("m.yaml")["scale"]
    assert issue["nash"] == pytest.approx(40, abs=1e-6)


@pytest.mark.parametrize(
    ("positions", "reason"),
    [
        ((0, 40), "a wants the status quo itself, so no outcome is better for it"),
        ((-30, 40), "a wants less than the status quo and b more: no outcome is better for both"),
    ],
)
def test_no_nash_point_says_why(in_tmp: Path, positions: tuple[int, int], reason: str) -> None:
    parties = [("a", 1, positions[0], 0.5), ("b", 1, positions[1], 0.5)]
    text = one_file(parties, "status_quo: 0").replace("[0, 12]", "[-100, 100]")
    write_files(in_tmp, {"n.yaml": text})
    [issue] = forecast_of("n.yaml")["scale"]
    assert issue["nash"] is None and issue["nash_note"] == reason


def brute_nash(x: list[float], c: list[float], q: float) -> float | None:
    """Grid search of sum c log(|q - x_p| - |y - x_p|) over the outcomes all prefer to q."""
    grid = np.linspace(min(x + [q]) - 1, max(x + [q]) + 1, 200_001)
    gains = np.array([abs(q - xp) - np.abs(grid - xp) for xp in x])
    ok = (gains > 0).all(axis=0)
    if not ok.any():
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (np.array(c)[:, None] * np.log(np.where(gains > 0, gains, 1.0))).sum(axis=0)
    return float(grid[ok][np.argmax(value[ok])])


def test_nash_matches_brute_force_on_random_cases() -> None:
    rng = random.Random(7)
    checked = 0
    for _ in range(150):
        n = rng.randint(1, 5)
        q = rng.uniform(-10, 10)
        side = rng.choice([-1, 1])
        x = [q + side * rng.uniform(0.5, 10) for _ in range(n)]
        if rng.random() < 0.2:  # sometimes parties on both sides: no point
            x[0] = q - side * rng.uniform(0.5, 10)
        c = [rng.uniform(0.1, 3) for _ in range(n)]
        cap = np.array(c)[:, None]  # (P, I): each stance's capability
        got = nash_points(np.array(x)[:, None], cap, np.ones((n, 1), bool), np.array([q]))[0]
        expected = brute_nash(x, c, q)
        if expected is None:
            assert np.isnan(got)
        else:
            step = (max(x + [q]) - min(x + [q]) + 2) / 200_000
            assert abs(got - expected) <= 2 * step
            checked += 1
    assert checked > 50


def test_weighted_median_matches_its_definition() -> None:
    rng = np.random.default_rng(3)
    for _ in range(200):
        p = int(rng.integers(1, 8))
        x = rng.integers(0, 5, size=p).astype(float)  # ties on purpose
        w = rng.integers(0, 4, size=p).astype(float)
        if w.sum() == 0:
            w[0] = 1
        got = weighted_median(x[:, None], w[:, None], np.ones((p, 1), bool))[0]
        share = 0.0
        for value in sorted(set(x)):
            share += w[x == value].sum() / w.sum()
            if share >= 0.5 - 1e-12:
                assert got == value
                break


def test_worked_example_in_every_format() -> None:
    body = forecast_of(POSITIONS / "syria-2017-05")
    tenure = next(s for s in body["scale"] if s["issue"] == "assad-tenure")
    assert tenure["status_quo"] == 100 and tenure["nash"] is None
    assert "government wants the status quo itself" in tenure["nash_note"]
    assert {o["issue"] for o in body["other"]} == {"guarantors", "talks-format", "unsc-endorsement"}
    for fmt in ("table", "csv", "markdown"):
        result = run("forecast", POSITIONS / "syria-2017-05", "--format", fmt)
        assert result.exit_code == 0 and "assad-tenure" in result.stdout
