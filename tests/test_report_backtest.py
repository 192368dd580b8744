"""The report's section "How the forecasts fared": the backtest's numbers as the analysis
gives them, the calibration picture where its axes say, and no section without outcomes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from gapcli.analyses.backtest import Settings, backtest
from gapcli.io.loader import Loaded
from gapcli.model import (
    ChoiceIssue,
    ChoiceStance,
    Option,
    Outcome,
    Party,
    ScaleIssue,
    ScaleStance,
    Scenario,
    Stance,
)
from gapcli.render.report import context, render_html, render_markdown
from gapcli.render.report.fared import NO_BANDS, ROUNDS, SAMPLES
from gapcli.render.report.pictures import calibration

from conftest import POSITIONS, REPO, run

EXAMPLE = REPO / "docs" / "examples" / "three-parties.yaml"

SECTION = "How the forecasts fared"


def scale(position: float, salience: float, uncertainty: float | None = None) -> ScaleStance:
    return ScaleStance(
        position=position, lo=position, hi=position, salience=salience, uncertainty=uncertainty
    )


def hand_worked(note: str = "not settled yet", title: str = "s") -> Loaded:
    """One scale issue 0-100, outcome 60: a at 0 (c 1, s 1), b at 100 (c 1, s 0.5), c at 80
    (c 2, s 0.5): weights 1, 0.5, 1, mean 52 (8.0% off), median and bridge 80 (20.0% off).
    A choice issue decided y, the bridge y; an issue whose outcome is unknown (``note``)."""
    issues = (
        ScaleIssue("s", title, 0, 100, 50, outcome=Outcome(60.0, "2020-01-01")),
        ChoiceIssue("ch", "ch", (Option("x", "x"), Option("y", "y")), "x", outcome=Outcome("y")),
        ScaleIssue("open", "open", outcome=Outcome(None, note=note)),
    )

    def party(pid: str, cap: float, pos: float, sal: float, prefers: str) -> Party:
        stances: dict[str, Stance] = {
            "s": scale(pos, sal),
            "ch": ChoiceStance(prefers=prefers, accepts=(prefers,), salience=sal),
            "open": scale(pos, sal),
        }
        return Party(pid, pid, cap, MappingProxyType(stances))

    parties = (party("a", 1, 0, 1, "x"), party("b", 1, 100, 0.5, "y"), party("c", 2, 80, 0.5, "y"))
    return Loaded(Scenario("t", issues, parties, path="sc"), ())


def banded() -> Loaded:
    """Six scale issues, one party at 40 drawn with uncertainty 10 on each (the mean, median
    and bridge uniform on [30, 50] over the draws), outcomes spread so that the bands hold
    different shares at different levels."""
    outcomes = (40.0, 44.0, 46.0, 48.5, 55.0, 20.0)
    issues = tuple(ScaleIssue(f"i{k}", f"i{k}", outcome=Outcome(o)) for k, o in enumerate(outcomes))
    stances = MappingProxyType({i.id: scale(40, 1, 10) for i in issues})
    return Loaded(Scenario("b", issues, (Party("a", "a", 1, stances),), path="b"), ())


class Tables(HTMLParser):
    """The rows of every table of the page's fared section, as cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.texts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.inside = dict(attrs).get("id") == "fared"
        if not self.inside:
            return
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.inside = False
        if self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.texts.append(data)
            if self.cell is not None:
                self.cell.append(data)


def section(page: str) -> Tables:
    parsed = Tables()
    parsed.feed(page)
    return parsed


def row(parsed: Tables, first: str, *, after: str | None = None) -> list[str]:
    rows = parsed.rows
    if after is not None:
        rows = rows[next(n for n, r in enumerate(rows) if after in r) :]
    return next(r for r in rows if r and r[0] == first)


def pct(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.1f}"


def test_the_section_shows_the_analysis_numbers() -> None:
    sc = hand_worked()
    page = render_html(context(sc))
    assert page.count(f"<h2>{SECTION}</h2>") == 1
    result = backtest([sc], Settings(rounds=ROUNDS, samples=SAMPLES), tables=False).result
    parsed = section(page)
    names = {"mean": "weighted mean", "median": "weighted median", "bridge": "bridge"}
    for model, name in names.items():
        r = next(x for x in result["scale"] if x["model"] == model)
        shown = row(parsed, name)
        assert shown == [name, str(r["n"]), pct(r["error_share"]), "-", f"{r['error_points']:.2f}"]
    assert row(parsed, "weighted mean")[2] == "8.0"  # 52 against 60 on 0-100, by hand
    assert row(parsed, "weighted median")[2] == "20.0"
    hits = [r for r in parsed.rows if r and r[0] == "choice"]
    assert hits == [
        ["choice", "no change (the status quo)", "1", "0", "0.0", "-"],
        ["choice", "bridge", "1", "1", "100.0", "-"],
    ]
    # the issue table: outcome, mean, median, bridge, the mean's band
    assert row(parsed, "s", after="Issue") == ["s", "60 (2020-01-01)", "52", "80", "80", "no band"]
    assert row(parsed, "ch", after="Issue") == ["ch", "y", "-", "-", "y (right)", "-"]
    text = " ".join(parsed.texts)
    assert "No outcome recorded for: open (not settled yet)." in text
    assert NO_BANDS in text and 'id="calibration"' not in page
    assert result["calibration"] == []


def test_the_summary_and_the_bootstrap_interval_are_the_analysis() -> None:
    sc = banded()
    report = backtest([sc], Settings(rounds=ROUNDS, samples=SAMPLES), tables=False)
    page = render_html(context(sc))
    parsed = section(page)
    mean = next(r for r in report.result["scale"] if r["model"] == "mean")
    assert mean["low"] is not None
    ci = f"{100 * mean['low']:.1f} to {100 * mean['high']:.1f}"
    assert row(parsed, "weighted mean") == [
        "weighted mean",
        "6",
        pct(mean["error_share"]),
        ci,
        f"{mean['error_points']:.2f}",
    ]
    assert report.summary in " ".join(parsed.texts)
    # the mean's 90% band per issue: the analysis' band and whether it held the outcome
    for record in report.result["issues"]:
        f = next(f for f in record["forecasts"] if f["model"] == "mean")
        low, high = (f"{v:.1f}".removesuffix(".0") for v in f["band"])
        held = "yes" if f["covered"] else "no"
        assert row(parsed, record["issue"], after="Issue")[-1] == f"{held} ({low} to {high})"


def svg_of(page: str) -> ET.Element:
    found = re.search(r'<svg id="calibration".*?</svg>', page, re.S)
    assert found is not None
    return ET.fromstring(found.group(0))


def axes(svg: ET.Element, ns: str = "") -> tuple[dict[str, float], dict[str, float]]:
    """The x of each level's label and the y of each share's label, from the picture's own
    tick labels."""
    xs: dict[str, float] = {}
    ys: dict[str, float] = {}
    for t in svg.iter(f"{ns}text"):
        label = t.text or ""
        if not label.endswith("%") or "transform" in t.attrib:
            continue
        if t.get("text-anchor") == "end":  # the y axis' labels, baseline 4 px under
            ys[label] = float(t.get("y", "nan")) - 4
        else:
            xs[label] = float(t.get("x", "nan"))
    return xs, ys


def points(svg: ET.Element, ns: str = "") -> dict[tuple[str, float], tuple[float, float]]:
    out = {}
    for g in svg.iter(f"{ns}g"):
        if g.get("class") != "calibration-point":
            continue
        found = re.fullmatch(r"translate\(([-\d.]+), ([-\d.]+)\)", g.get("transform", ""))
        assert found is not None
        out[(g.get("data-model", ""), float(g.get("data-level", "nan")))] = (
            float(found.group(1)),
            float(found.group(2)),
        )
    return out


def check_picture(svg: ET.Element, rows: list[dict[str, Any]], ns: str = "") -> None:
    xs, ys = axes(svg, ns)
    assert {"50%", "80%", "90%", "95%", "100%"} <= set(xs) and {"0%", "100%"} <= set(ys)
    # the level axis is linear: its ticks lie on one line through the levels
    per_level = (xs["100%"] - xs["50%"]) / 0.5
    for label in ("80%", "90%", "95%"):
        level = float(label[:-1]) / 100
        assert xs[label] == pytest.approx(xs["50%"] + (level - 0.5) * per_level, abs=0.11)

    def y_of(share: float) -> float:
        return ys["0%"] + share * (ys["100%"] - ys["0%"])

    found = points(svg, ns)
    assert len(found) == sum(len(r["levels"]) for r in rows)  # a point per model and level
    for r in rows:
        for lv in r["levels"]:
            x, y = found[(r["model"], lv["level"])]
            assert x == pytest.approx(xs["50%"] + (lv["level"] - 0.5) * per_level, abs=0.11)
            assert y == pytest.approx(y_of(lv["share"]), abs=0.11)
    # the diagonal: held share = nominal level all along
    diagonal = next(e for e in svg.iter(f"{ns}line") if e.get("class") == "diagonal")
    for end in ("1", "2"):
        x, y = float(diagonal.get(f"x{end}", "nan")), float(diagonal.get(f"y{end}", "nan"))
        level = 0.5 + (x - xs["50%"]) / per_level
        assert y == pytest.approx(y_of(level), abs=0.2)
    texts = " ".join(t.text or "" for t in svg.iter(f"{ns}text"))
    assert "perfectly calibrated" in texts
    for r in rows:
        label = {"mean": "weighted mean", "median": "weighted median"}.get(r["model"], r["model"])
        assert f"{label} ({r['n']} issues)" in texts
    assert svg.find(f"{ns}title") is not None and svg.find(f"{ns}desc") is not None


def test_the_calibration_picture_puts_each_point_where_its_axes_say(tmp_path: Path) -> None:
    sc = banded()
    result = backtest([sc], Settings(rounds=ROUNDS, samples=SAMPLES), tables=False).result
    rows = result["calibration"]
    assert [r["model"] for r in rows] == ["mean", "median", "bridge"]
    assert all(r["n"] == 6 for r in rows)
    # by hand: the mean's bands about [35, 45], [32, 48], [31, 49], [30.5, 49.5] hold 40
    # and 44; 46 from 80%; 48.5 from 90%; never 55 or 20
    assert [lv["covered"] for lv in rows[0]["levels"]] == [2, 3, 4, 4]
    data = context(sc)
    page = render_html(data)
    check_picture(svg_of(page), rows)
    assert NO_BANDS not in page
    parsed = section(page)
    held = [f"{lv['covered']} of 6 ({100 * lv['share']:.0f}%)" for lv in rows[0]["levels"]]
    assert row(parsed, "weighted mean", after="50% band")[2:] == held
    # the Markdown report: the same picture as a standalone file beside it
    text, files = render_markdown(data, "r")
    assert "(r-calibration.svg)" in text
    check_picture(ET.fromstring(files["r-calibration.svg"]), rows, "{http://www.w3.org/2000/svg}")


def test_the_picture_function_alone() -> None:
    levels = [
        {"level": lv, "covered": c, "share": c / 4}
        for lv, c in ((0.5, 1), (0.8, 2), (0.9, 4), (0.95, 4))
    ]
    rows = [{"group": None, "model": "mean", "n": 4, "levels": levels}]
    picture = calibration(rows)
    assert picture is not None
    (series,) = picture["series"]
    assert series["label"] == "weighted mean (4 issues)"
    # left to right in level, up the page as the share grows (y grows downwards)
    xs = [p["x"] for p in series["points"]]
    ys = [p["y"] for p in series["points"]]
    assert xs == sorted(xs) and ys[0] > ys[1] > ys[2] == ys[3]
    assert series["points"][2]["y"] == picture["y1"]  # 100% at the top of the plot
    assert series["path"].count("L") == 3
    assert "the 90% band held 4 of 4 outcomes (100%)" in series["points"][2]["text"]
    assert "Weighted mean, 4 issues: 50% band held 25%" in picture["desc"]
    # nothing drawn: no picture; groups other than the whole are not drawn
    assert calibration([]) is None
    assert calibration([dict(rows[0], n=0)]) is None
    assert calibration([dict(rows[0], group="2001")]) is None


def test_user_text_in_the_section_is_escaped(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"
    sc = hand_worked(note=evil, title='<img src=x> & "t"')
    data = context(sc)
    page = render_html(data)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x&gt; &amp; &#34;t&#34;" in page
    parsed = section(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    text, _ = render_markdown(data, "r")
    assert not re.search(r"(?<!\\)<(script|img)", text) and "\\<script\\>" in text


def test_no_outcome_no_section_and_no_backtest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gapcli.analyses.backtest

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the backtest runs only with an outcome")

    monkeypatch.setattr(gapcli.analyses.backtest, "backtest", refuse)
    for fmt, out in (("html", "r.html"), ("markdown", "r.md")):
        # the three-party example records no outcome (the worked examples do)
        result = run("report", EXAMPLE, "-f", fmt, "-o", tmp_path / out)
        assert result.exit_code == 0, result.output
        text = (tmp_path / out).read_text()
        assert SECTION not in text and "fared" not in text and "calibration" not in text
    assert not list(tmp_path.glob("*calibration*"))
    # an outcome with no value (only a note why) is no outcome either
    sc = hand_worked()
    issues = tuple(i for i in sc.scenario.issues if i.id == "open")
    unknown = Loaded(Scenario("t", issues, sc.scenario.parties, path="sc"), ())
    assert context(unknown)["fared"] is None


def test_the_section_makes_no_request() -> None:
    page = render_html(context(banded()))
    start = page.index('<section id="fared">')
    part = page[start : page.index("</section>", start)]
    assert "<script" not in part and "src=" not in part and "href" not in part
    assert "url(" not in part and "http" not in part


def test_the_worked_example_page_shows_how_its_forecasts_fared(tmp_path: Path) -> None:
    """From the command line, outcomes read from YAML: the section, its calibration picture,
    and the analysis' numbers (the weighted mean off by 30.5% on the six scale issues)."""
    from gapcli.analyses.backtest import Settings, backtest
    from gapcli.io.loader import load_scenario

    result = run("report", POSITIONS / "syria-2017-05", "-o", tmp_path / "r.html")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "r.html").read_text()
    assert SECTION in page and "perfectly calibrated" in page
    found = backtest([load_scenario(POSITIONS / "syria-2017-05")], Settings()).to_dict()
    mean = next(r for r in found["scale"] if r["model"] == "mean" and r["group"] is None)
    assert f"{100 * mean['error_share']:.1f}" == "30.5"
    assert "30.5" in page.split(SECTION, 1)[1]
