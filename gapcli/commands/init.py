from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gapcli.commands._common import path_value
from gapcli.render.output import note


def init(
    directory: Annotated[
        Path,
        typer.Argument(parser=path_value, metavar="DIR", help="Folder to create the scenario in."),
    ],
    title: Annotated[str, typer.Option(help="The scenario's title.")] = "New negotiation",
) -> None:
    """Start a new scenario: scenario.yaml, two party files and editor schemas.

    Writes one issue of each kind (scale, choice, set) and two parties to edit; never
    overwrites a file (if any exists, nothing is written and the exit status is 1).

    Example: gapcli init positions/my-talks && gapcli validate positions/my-talks
    """
    from gapcli.io.skeleton import create_skeleton

    written = create_skeleton(directory, title)
    note(
        f"created {written} files in {directory.as_posix()}; next: gapcli validate "
        f"{directory.as_posix()}"
    )
