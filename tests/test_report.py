"""gapcli report: one self-contained page, every piece of user text escaped."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import POSITIONS, assert_no_crash, run, write_files


class Page(HTMLParser):
    """The tags and attributes of a page, for counting."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def page_of(path: Path) -> tuple[str, Page]:
    text = path.read_text(encoding="utf-8")
    parsed = Page()
    parsed.feed(text)
    return text, parsed


def test_the_worked_example_report(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("report", POSITIONS / "syria-2017-05", "-o", out)
    assert_no_crash(result)
    assert result.exit_code == 0 and result.stdout == ""
    text, page = page_of(out)
    cells = [a for tag, a in page.tags if tag == "g" and a.get("class") == "cell"]
    assert len(cells) == 7 * 7
    lines = [a for tag, a in page.tags if tag == "svg" and a.get("class") == "number-line"]
    assert len(lines) == 6  # the scale issues
    # a cell's value is the gap that 'gaps --json' gives
    gaps = json.loads(run("gaps", POSITIONS / "syria-2017-05", "--json").stdout)["result"]
    names = {"Syrian government": "government", "Iran": "iran"}
    cell = next(c for c in cells if c["data-a"] == "Syrian government" and c["data-b"] == "Iran")
    a, b = (gaps["parties"].index(names[cell[k] or ""]) for k in ("data-a", "data-b"))
    assert cell["data-value"] == f"{gaps['matrix'][a][b]:.3f}"
    # self-contained: no script, nothing loaded from elsewhere
    assert not any(tag == "script" for tag, _ in page.tags)
    assert not any("src" in attrs for _, attrs in page.tags)
    assert "url(" not in text and "@import" not in text


def test_user_text_is_escaped(in_tmp: Path) -> None:
    scenario = """\
title: Talks & "tests" <b>bold</b>
sources:
  evil: {title: A source, url: "javascript:alert(2)"}
issues:
  x: {kind: scale, title: 'Rock & "roll" <i>it</i>', labels: {0: "<img src=x>", 100: end}}
parties:
  "p1": {name: "<script>alert(1)</script>", stances: {x: {position: 10, salience: 1, source: evil}}}
  "p2": {name: "O'Brien & Sons", stances: {x: {position: 90, salience: 1, source: evil}}}
"""
    write_files(in_tmp, {"s.yaml": scenario})
    result = run("report", "s.yaml", "-o", "r.html")
    assert result.exit_code == 0, result.output
    text, page = page_of(in_tmp / "r.html")
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)" in text
    assert "<img src=x>" not in text and "<b>bold</b>" not in text and "<i>it</i>" not in text
    assert "Rock &amp; &#34;roll&#34;" in text
    assert not any(tag in ("script", "img", "b", "i") for tag, _ in page.tags)
    assert not any((a.get("href") or "").startswith("javascript") for _, a in page.tags)


def test_report_refuses_a_directory(in_tmp: Path) -> None:
    (in_tmp / "out").mkdir()
    result = run("report", POSITIONS / "syria-2017-05", "-o", "out")
    assert result.exit_code == 1 and "is a directory" in result.stderr


def test_the_markdown_report_and_its_pictures(in_tmp: Path) -> None:
    import xml.etree.ElementTree as ET

    result = run("report", POSITIONS / "syria-2017-05", "--format", "markdown", "-o", "b.md")
    assert result.exit_code == 0, result.output
    text = (in_tmp / "b.md").read_text()
    pictures = sorted(p.name for p in in_tmp.glob("b-*.svg"))
    # the heatmap, 6 number lines, and the calibration of the forecasts against the outcomes
    assert len(pictures) == 8 and {"b-heatmap.svg", "b-calibration.svg"} <= set(pictures)
    for name in pictures:
        assert f"({name})" in text
        root = ET.parse(in_tmp / name).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    heat = ET.parse(in_tmp / "b-heatmap.svg").getroot()
    cells = heat.findall(".//{http://www.w3.org/2000/svg}g")
    assert len(cells) == 49
    rows = [line for line in text.splitlines() if line.startswith("| Iran |")]
    assert len(rows) == 1 and rows[0].count("|") == 9  # a party's row of the gap table


def test_markdown_escapes_user_text(in_tmp: Path) -> None:
    scenario = """\
title: "Pipes | and *stars*"
issues:
  x: {kind: scale, title: "<b>bold</b> [link](javascript:x)"}
parties:
  a: {name: "A | B", stances: {x: {position: 10, salience: 1}}}
  b: {name: "<script>alert(1)</script>", stances: {x: {position: 90, salience: 1}}}
"""
    write_files(in_tmp, {"s.yaml": scenario})
    assert run("report", "s.yaml", "-f", "markdown", "-o", "r.md").exit_code == 0
    text = (in_tmp / "r.md").read_text()
    assert "<script>" not in text and "\\<script\\>" in text
    assert "<b>" not in text and "[link](javascript" not in text
    assert "# Pipes \\| and \\*stars\\*" in text
    header = next(line for line in text.splitlines() if line.startswith("| | "))
    assert header.count("|") - header.count("\\|") == 4  # two party columns, intact


def test_the_page_works_out_each_result_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's own lists, its forecasts and its trades share one compilation, one
    analysis of every issue, one gap matrix and one set of forecasts (issue 17: the issues
    were once analysed twice, for the page and inside the forecast)."""
    import gapcli.engine
    import gapcli.engine.forecast
    from gapcli.engine.matrix import gap_matrix

    calls: Counter[str] = Counter()

    def counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return function(*args, **kwargs)

        return call

    engine = gapcli.engine
    for name in ("compile_scenario", "analyse_issues"):
        monkeypatch.setattr(engine, name, counted(name, getattr(engine, name)))
    monkeypatch.setattr(engine, "gap_matrix", counted("gap_matrix", gap_matrix), raising=False)
    forecasts = gapcli.engine.forecast.scale_forecasts
    monkeypatch.setattr(
        gapcli.engine.forecast, "scale_forecasts", counted("scale_forecasts", forecasts)
    )
    result = run("report", POSITIONS / "syria-2017-05", "-o", tmp_path / "r.html")
    assert result.exit_code == 0, result.output
    assert "<h2>Trades that" in (tmp_path / "r.html").read_text()  # trades weighed too
    assert calls == dict.fromkeys(
        ("compile_scenario", "analyse_issues", "gap_matrix", "scale_forecasts"), 1
    )
