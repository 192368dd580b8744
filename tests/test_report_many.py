"""The report with more parties than a page can draw: a heatmap of the most central members
of each bloc, number lines of the weightiest parties with a histogram of all, lists of names
cut short, trades left out above a size; and the selection itself (engine.clusters)."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from gapcli.engine.clusters import central_members, cluster
from gapcli.render.report import build as report_build
from gapcli.render.report import pictures

from conftest import run, write_files

PARTIES = 90


def crowd(parties: int = PARTIES, both_scales: bool = True) -> str:
    """Two camps on two scale issues (or one), and one choice issue everybody votes on."""
    rng = random.Random(3)
    lines = ["title: A crowd", "issues:", "  x: {kind: scale}"]
    if both_scales:
        lines.append("  y: {kind: scale}")
    lines += ["  v: {kind: choice, options: {yes: Yes, no: No}}", "parties:"]
    for p in range(parties):
        base = 10 if p % 3 else 85
        x, y = base + rng.randint(0, 10), base + rng.randint(0, 10)
        vote = "yes" if p % 3 else "no"
        second = f"y: {{position: {y}, salience: 0.5}}, " if both_scales else ""
        lines.append(
            f"  p{p}: {{capability: {1 + p % 4}, stances: {{"
            f"x: {{position: {x}, accepts: [{x - 3}, {x + 3}], salience: 1}}, "
            f"{second}v: {{prefers: {vote}, salience: 1}}}}}}"
        )
    return "\n".join(lines) + "\n"


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_a_page_for_more_parties_than_it_can_draw(in_tmp: Path) -> None:
    write_files(in_tmp, {"c.yaml": crowd()})
    result = run("report", "c.yaml", "-o", "r.html")
    assert result.exit_code == 0, result.output
    text = (in_tmp / "r.html").read_text()
    page = Tags()
    page.feed(text)
    cells = [a for tag, a in page.tags if tag == "g" and a.get("class") == "cell"]
    limit = pictures.HEATMAP_PARTIES
    assert len(cells) == limit * limit
    assert f"{PARTIES} parties are too many to draw: the heatmap shows {limit} of them" in text
    # both camps are in it, about in proportion (30 and 60 parties)
    shown = {a["data-a"] for a in cells}
    camp = {f"p{p}" for p in range(PARTIES) if p % 3 == 0}
    assert 10 <= len(shown & camp) <= 16
    lines = [a for tag, a in page.tags if tag == "svg" and a.get("class") == "number-line"]
    assert len(lines) == 2
    assert f"{pictures.LINE_PARTIES} of the {PARTIES} parties with a stance" in text
    bars = [a for tag, a in page.tags if tag == "rect" and a.get("class") == "histogram"]
    assert bars and text.count("parties from ") == len(bars)
    assert re.search(r"p\d+ 0\.\d\d and \d+ more", text)  # long lists of moves are cut short


def test_the_markdown_report_uses_the_same_selection(in_tmp: Path) -> None:
    write_files(in_tmp, {"c.yaml": crowd()})
    assert run("report", "c.yaml", "-f", "markdown", "-o", "r.md").exit_code == 0
    text = (in_tmp / "r.md").read_text()
    header = next(line for line in text.splitlines() if line.startswith("| | "))
    assert header.count("|") == pictures.HEATMAP_PARTIES + 2
    assert "too many to draw" in text


def test_trades_are_left_out_above_a_size(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(in_tmp, {"c.yaml": crowd(8)})
    assert run("report", "c.yaml", "-o", "small.html").exit_code == 0
    assert "Not listed here" not in (in_tmp / "small.html").read_text()
    monkeypatch.setattr(report_build, "TRADE_CELLS", 10)
    assert run("report", "c.yaml", "-o", "big.html").exit_code == 0
    text = (in_tmp / "big.html").read_text()
    assert "Not listed here: 8 parties on 2 scale issues make 56 combinations" in text


def brute_central(g: np.ndarray, members: tuple[int, ...], count: int) -> list[int]:
    def mean(p: int) -> float:
        known = [g[p, q] for q in members if q != p and not np.isnan(g[p, q])]
        return float(np.mean(known)) if known else 1.0

    return sorted(sorted(members, key=lambda p: (mean(p), p))[:count])


@pytest.mark.parametrize("seed", range(40))
def test_central_members_against_their_definition(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 30))
    g = rng.random((n, n))
    g = np.triu(g, 1) + np.triu(g, 1).T
    np.fill_diagonal(g, 0.0)
    found = cluster(g, float(rng.choice([0.2, 0.35, 0.5])))
    limit = int(rng.integers(1, n + 3))
    chosen = central_members(g, found, limit)
    assert len(chosen) == min(limit, n)
    rank = {p: k for k, p in enumerate(found.order)}
    assert list(chosen) == sorted(chosen, key=rank.__getitem__)
    seats = {x: sum(p in members for p in chosen) for x, members in enumerate(found.blocs)}
    sizes = {x: len(m) for x, m in enumerate(found.blocs)}
    if limit >= len(found.blocs):
        assert all(seats[x] >= 1 for x in seats)
    for x, members in enumerate(found.blocs):
        assert sorted(p for p in chosen if p in members) == brute_central(g, members, seats[x])
        for y in seats:  # D'Hondt: no bloc has many more members per seat than another
            if seats[x] and seats[y] > 1:
                assert sizes[x] / seats[x] >= sizes[y] / seats[y] * (seats[y] - 1) / seats[y]


def test_no_trades_are_weighed_without_two_scale_issues(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gapcli.analyses import trades

    def weighed(*args: object, **options: object) -> None:
        raise AssertionError("the exchange model ran")

    monkeypatch.setattr(trades, "trades", weighed)
    monkeypatch.setattr(trades, "best", weighed)
    write_files(in_tmp, {"c.yaml": crowd(12, both_scales=False)})
    result = run("report", "c.yaml", "-o", "r.html")
    assert result.exit_code == 0, result.output
    assert "Trades that would pay off" not in (in_tmp / "r.html").read_text()
