"""Regenerate docs/images/report.png, the README's picture of `gapcli report`:

    python docs/screenshot.py

It writes the worked example's report to a temporary file and photographs its top in the
system's Chromium (Debian's `chromium` package; set GAPCLI_CHROMIUM to use another)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("GAPCLI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "report.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "gapcli",
                "report",
                "positions/syria-2017-05",
                "-o",
                str(page_file),
            ],
            check=True,
            cwd=ROOT,
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1000, "height": 1300})
            page.goto(page_file.as_uri())
            target = ROOT / "docs" / "images" / "report.png"
            page.screenshot(path=str(target))
            browser.close()
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
