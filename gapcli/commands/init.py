from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gapcli.commands._common import path_value
from gapcli.render.output import note


def iso_date(text: str) -> str:
    """A date as scenario.yaml's as_of takes it (ISO, e.g. 2017-05-16), written YYYY-MM-DD;
    anything else is a usage error."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise typer.BadParameter(f"expected a date YYYY-MM-DD, not {text!r}") from None


def title_text(text: str) -> str:
    if not text.strip():
        raise typer.BadParameter("a scenario needs a title (not blank)")
    return text


def init(
    directory: Annotated[
        Path,
        typer.Argument(parser=path_value, metavar="DIR", help="Folder to create the scenario in."),
    ],
    title: Annotated[
        str, typer.Option(metavar="TEXT", help="The scenario's title.", callback=title_text)
    ] = "New negotiation",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            parser=iso_date,
            help="The date the positions describe (default: today), e.g. for talks in the past.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print what was written (paths, bytes, title, date) as JSON."),
    ] = False,
) -> None:
    """Start a new scenario: scenario.yaml, two party files and editor schemas.

    Writes one issue of each kind (scale, choice, set) and two parties to edit; never
    overwrites a file (if any exists, nothing is written and the exit status is 1). With
    --json, prints the files written (path, bytes) and the scenario's title and date.

    Example: gapcli init positions/syria-2017-05 --title "Syria talks" --as-of 2017-05-16
    """
    import datetime as dt

    from gapcli.io.skeleton import create_skeleton

    date = as_of or dt.date.today().isoformat()
    paths = create_skeleton(directory, title, date)
    shown = directory.as_posix()
    note(f"created {len(paths)} files in {shown}; next: gapcli validate {shown}")
    if as_json:
        from gapcli.analyses.written import on_disk, written
        from gapcli.io.loader import load_scenario
        from gapcli.render.output import Format, emit

        loaded = load_scenario(directory)
        notes = [] if as_of else [f"as_of is today, {date} (--as-of gives another date)"]
        details = {"directory": shown, "title": title, "as_of": date}
        report = written(
            "init",
            on_disk(paths),
            scenario=loaded.scenario,
            notes=notes,
            warnings=loaded.warnings,
            details=details,
        )
        emit(report, Format.JSON)
