from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gapcli.commands._common import ScenarioArg, SetOpt, load_compiled


class ReportFormat(StrEnum):
    HTML = "html"
    MARKDOWN = "markdown"


def report(
    path: ScenarioArg = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The file to write (default: report.html, or report.md with --format markdown).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="html: one self-contained page; markdown: tables in Markdown, pictures as SVG "
            "files beside it.",
        ),
    ] = ReportFormat.HTML,
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
    from gapcli.report import context, render_html, render_markdown

    markdown = fmt is ReportFormat.MARKDOWN
    output = output or Path("report.md" if markdown else "report.html")
    if output.is_dir():
        raise InputError.at(Location(output.as_posix()), "is a directory (name a file)")
    loaded, compiled = load_compiled(path, sets or ())
    data = context(loaded, compiled)
    files = {output: render_html(data)}
    if markdown:
        text, pictures = render_markdown(data, output.stem)
        files = {output: text, **{output.parent / name: svg for name, svg in pictures.items()}}
    for target, content in files.items():
        try:
            target.write_text(content, encoding="utf-8")
        except OSError as exc:
            raise InputError.at(
                Location(target.as_posix()), f"cannot write: {exc.strerror}"
            ) from None
    extra = f" and {len(files) - 1} SVG pictures beside it" if markdown else ""
    note(f"wrote {output.as_posix()}{extra}")
