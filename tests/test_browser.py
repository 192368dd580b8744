"""The report in a real browser: Chromium from the system (Debian's package), driven by
Playwright with no browser download. In CI a missing browser fails this test; elsewhere it
is skipped with the reason."""

from __future__ import annotations

import json
import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from conftest import POSITIONS, run

CHROMIUM = os.environ.get("GAPCLI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _browser_or_fail() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = f"no Chromium at {CHROMIUM} (install Debian's 'chromium' or set GAPCLI_CHROMIUM)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def png_pixels(png: bytes) -> bytes:
    """The raw (filtered) pixel rows of a PNG: enough to see whether it is all one colour."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    data, at = b"", 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        if kind == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += 12 + length
    return zlib.decompress(data)


def test_the_report_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    executable = _browser_or_fail()
    out = tmp_path / "report.html"
    assert run("report", POSITIONS / "syria-2017-05", "-o", out).exit_code == 0
    gaps = json.loads(run("gaps", POSITIONS / "syria-2017-05", "--json").stdout)["result"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(out.as_uri())
        parties = len(gaps["parties"])
        cells = page.locator("#heatmap g.cell")
        assert cells.count() == parties * parties
        assert page.locator("svg.number-line").count() == 6
        cell = page.locator('#heatmap g.cell[data-a="Syrian government"][data-b="Iran"]')
        tooltip = cell.locator("title").text_content()
        a, b = gaps["parties"].index("government"), gaps["parties"].index("iran")
        assert tooltip == f"Syrian government and Iran: {gaps['matrix'][a][b]:.3f}"
        png = page.screenshot(full_page=True)
        browser.close()
    assert errors == []
    assert requests == [out.as_uri()]  # the page itself and nothing else
    pixels = png_pixels(png)
    assert len(set(pixels)) > 50  # not blank: many colours and shades
    (tmp_path / "report.png").write_bytes(png)
