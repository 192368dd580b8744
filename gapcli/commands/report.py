from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gapcli.commands._common import ScenarioArg, SetOpt, load_compiled


def report(
    path: ScenarioArg = None,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The HTML file to write (e.g. report.html)."),
    ] = Path("report.html"),
    sets: SetOpt = None,
) -> None:
    """A page to share: one self-contained HTML file with the pair-gap heatmap, a number line
    per scale issue, the deadlocks, forecasts, trades and sources.

    The file needs nothing from the network (inline CSS and SVG, no script) and opens
    offline in any browser.

    Example: gapcli report positions/syria-2017-05 -o report.html
    """
    from gapcli.errors import InputError, Location
    from gapcli.output import note
    from gapcli.report import context, render_html

    loaded, compiled = load_compiled(path, sets or ())
    page = render_html(context(loaded, compiled))
    if output.is_dir():
        raise InputError.at(Location(output.as_posix()), "is a directory (name a file)")
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise InputError.at(Location(output.as_posix()), f"cannot write: {exc.strerror}") from None
    note(f"wrote {output.as_posix()} ({len(page.encode()) / 1024:.0f} KiB)")
