"""gapcli blocs: average linkage by hand, against a naive implementation, and two camps."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_analysis_cli import result_of

from gapcli.engine.clusters import cluster

from conftest import POSITIONS, run, write_files


def line(positions: list[int]) -> str:
    """A one-file scenario: one party per position on one scale issue, equal salience."""
    parties = "".join(
        f"  p{x}: {{stances: {{x: {{position: {x}, salience: 1}}}}}}\n" for x in positions
    )
    return f"title: On a line\nissues:\n  x: {{kind: scale}}\nparties:\n{parties}"


def blocs_of(path: str | Path, *args: str) -> dict[str, Any]:
    return result_of("blocs", path, *args)


def test_four_parties_on_a_line_by_hand(in_tmp: Path) -> None:
    # G = |x - y| / 100. 0 and 10 merge at 0.1, 90 and 100 at 0.1; the two pairs at the mean
    # of 0.9, 1.0, 0.8 and 0.9 = 0.9. At threshold 0.5: two blocs, 0.1 inside, 0.9 between.
    # Bridge-builders: p10 (mean gap to {p90, p100} = (0.8 + 0.9) / 2 = 0.85) and p90.
    write_files(in_tmp, {"l.yaml": line([0, 10, 90, 100])})
    body = blocs_of("l.yaml", "--threshold", "0.5")
    assert [b["members"] for b in body["blocs"]] == [["p0", "p10"], ["p90", "p100"]]
    assert [b["internal_gap"] for b in body["blocs"]] == [0.1, 0.1]
    assert body["between"] == [[0, 0.9], [0.9, 0]]
    assert [m["height"] for m in body["merges"]] == [0.1, 0.1, 0.9]
    builders = {(b["bloc"], b["other"]): (b["member"], b["gap"]) for b in body["bridge_builders"]}
    assert builders == {(1, 2): ("p10", 0.85), (2, 1): ("p90", 0.85)}
    assert body["order"] == ["p0", "p10", "p90", "p100"]


def test_two_obvious_camps(in_tmp: Path) -> None:
    issues = "issues:\n" + "".join(f"  i{k}: {{kind: scale}}\n" for k in range(4))
    parties = "parties:\n"
    for name, base in [("a1", 0), ("a2", 5), ("a3", 10), ("b1", 95), ("b2", 100)]:
        stances = ", ".join(
            f"i{k}: {{position: {abs(base - 3 * k)}, salience: 1}}" for k in range(4)
        )
        parties += f"  {name}: {{stances: {{{stances}}}}}\n"
    write_files(in_tmp, {"c.yaml": "title: Camps\n" + issues + parties})
    body = blocs_of("c.yaml")
    assert [b["members"] for b in body["blocs"]] == [["a1", "a2", "a3"], ["b1", "b2"]]


def naive_heights(d: np.ndarray) -> list[float]:
    """Average linkage straight from its definition: every pair of clusters, every pair of
    members, at every step."""
    clusters = [[p] for p in range(len(d))]
    heights = []
    while len(clusters) > 1:
        best = min(
            (np.mean([d[a, b] for a in x for b in y]), n, m)
            for (n, x), (m, y) in itertools.combinations(enumerate(clusters), 2)
        )
        height, n, m = best
        heights.append(float(height))
        clusters = [c for k, c in enumerate(clusters) if k not in (n, m)] + [
            clusters[n] + clusters[m]
        ]
    return heights


def test_merge_heights_match_a_naive_implementation() -> None:
    rng = np.random.default_rng(9)
    for _ in range(60):
        n = int(rng.integers(2, 9))
        d = rng.random((n, n))
        d = (d + d.T) / 2
        np.fill_diagonal(d, 0)
        found = cluster(d, 0.3)
        assert [m.height for m in found.merges] == pytest.approx(naive_heights(d), abs=1e-12)
        within = [m for m in found.merges if m.height <= 0.3]
        assert len(found.blocs) == n - len(within)
        assert sorted(p for bloc in found.blocs for p in bloc) == list(range(n))


def test_threshold_extremes(in_tmp: Path) -> None:
    write_files(in_tmp, {"l.yaml": line([0, 30, 70])})
    assert len(blocs_of("l.yaml", "-t", "0")["blocs"]) == 3
    assert len(blocs_of("l.yaml", "-t", "1")["blocs"]) == 1


@pytest.mark.parametrize("bad", ["1.5", "-0.1", "high"])
def test_a_bad_threshold_is_a_usage_error(bad: str) -> None:
    result = run("blocs", POSITIONS / "syria-2017-05", "--threshold", bad)
    assert result.exit_code == 2 and "--threshold" in result.stderr


def test_worked_example_in_every_format() -> None:
    body = blocs_of(POSITIONS / "syria-2017-05")
    assert sorted(p for b in body["blocs"] for p in b["members"]) == sorted(body["order"])
    for fmt in ("table", "csv", "markdown"):
        result = run("blocs", POSITIONS / "syria-2017-05", "--format", fmt)
        assert result.exit_code == 0 and "government" in result.stdout
        assert "\x1b[" not in result.stdout
