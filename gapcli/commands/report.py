from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gapcli.commands._common import (
    ForceOpt,
    OnlyOpt,
    ScenarioArg,
    SetOpt,
    WithoutOpt,
    load,
    path_value,
    protected,
)


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
            parser=path_value,
            help="The file to write (default: report.html, or report.md with --format "
            "markdown); - writes the HTML page to stdout.",
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
    without: WithoutOpt = None,
    only: OnlyOpt = None,
    force: ForceOpt = False,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print what was written (paths, bytes) as JSON."),
    ] = False,
) -> None:
    """A page to share: one self-contained HTML file with the pair-gap heatmap, a number line
    per scale issue, the deadlocks, forecasts, trades and sources.

    The file needs nothing from the network (inline CSS and SVG, no script) and opens
    offline in any browser. An existing file is replaced only with --force, and never one
    inside the scenario being read. With --json, stdout is one JSON document listing the
    files written (the page, and with markdown its pictures).

    Example: gapcli report positions/syria-2017-05 -o report.html
    """
    from gapcli.errors import InputError, Location
    from gapcli.io.files import write_files
    from gapcli.render.output import note
    from gapcli.render.report import context, render_html, render_markdown

    markdown = fmt is ReportFormat.MARKDOWN
    to_stdout = output == Path("-")
    if to_stdout and as_json:
        raise typer.BadParameter(
            "needs a file to write (with -o -, stdout is the page itself)", param_hint="'--json'"
        )
    if to_stdout and markdown:
        raise InputError.at(
            Location("-"), "a Markdown report needs a file: its pictures are written beside it"
        )
    output = output or Path("report.md" if markdown else "report.html")
    loaded = load(path, sets or (), without=without, only=only)
    data = context(loaded)
    if to_stdout:
        sys.stdout.write(render_html(data))
        return
    files = {output: render_html(data)}
    if markdown:
        text, pictures = render_markdown(data, output.stem)
        files = {output: text, **{output.parent / name: svg for name, svg in pictures.items()}}
    write_files(files, force=force, protect=protected(loaded))
    extra = f" and {len(files) - 1} SVG pictures beside it" if markdown else ""
    note(f"wrote {output.as_posix()}{extra}")
    if as_json:
        from gapcli.analyses.written import on_disk, written
        from gapcli.render.output import Format, emit

        report = written(
            "report",
            on_disk(files),
            scenario=loaded.scenario,
            warnings=loaded.warnings,
            details={"format": fmt.value},
        )
        emit(report, Format.JSON)
