"""Arguments and steps that many commands share."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gapcli.output import Format, note

if TYPE_CHECKING:
    from gapcli.loader import Loaded

ScenarioArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="[PATH]",
        help="Scenario directory or one-file scenario (default: ./positions, its latest scenario).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]


def output_format(fmt: Format, as_json: bool) -> Format:
    return Format.JSON if as_json else fmt


def load(path: Path | None) -> Loaded:
    """Choose and load the scenario a command was pointed at (notes the choice on stderr)."""
    from gapcli.discover import choose
    from gapcli.loader import load_scenario

    chosen = choose(path)
    if chosen.note:
        note(chosen.note)
    return load_scenario(chosen.path)
