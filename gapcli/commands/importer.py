from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gapcli.commands._common import path_value
from gapcli.render.output import note, print_diagnostics

if TYPE_CHECKING:
    from gapcli.errors import Diagnostic
    from gapcli.io.importers import Imported
    from gapcli.io.loader import Loaded


class ImportFormat(StrEnum):
    CSV = "csv"
    DECIDE = "decide"
    KTAB = "ktab"
    EU = "eu"


def import_(
    fmt: Annotated[
        ImportFormat,
        typer.Argument(metavar="FORMAT", help="csv, decide, ktab or eu.", case_sensitive=False),
    ],
    file: Annotated[
        Path, typer.Argument(metavar="FILE", parser=path_value, help="The file to read.")
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", parser=path_value, help="The scenario directory to create."),
    ],
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print what was written (paths, bytes, counts, notes) as JSON."
        ),
    ] = False,
) -> None:
    """Convert another tool's input file into a scenario directory.

    csv: a long table, one row per stance (party, issue, position, salience, and any column
    of stances.csv); decide: the Decide exchange model's #A/#P/#M/#D rows; ktab: KTAB's SMP
    CSV; eu: the expected-utility model's Actor,Capability,Position,Salience CSV. The result
    (scenario.yaml, parties/*.yaml, stances.csv) is checked by every rule of gapcli's own
    files, with problems shown at the input file's lines; what could not be carried over or
    had to be inferred is said on stderr. The directory is written whole or not at all: an
    existing one is never overwritten (an empty one may be filled), and nothing is left
    behind when the import fails. With --json, stdout is one JSON document listing the
    files written and the notes.

    Example: gapcli import eu emissions.csv -o positions/emissions
    """
    from gapcli.analyses.validate import plural
    from gapcli.io.importers import read
    from gapcli.io.importers.create import check_target, what_to_say

    shown = file.as_posix()
    check_target(output)
    found = read(fmt.value, file, shown)
    loaded, warnings = create(found, output, shown)
    notes, warnings = what_to_say(fmt.value, found, warnings, output)
    for text in notes:
        note(f"note: {text}")
    s = loaded.scenario
    if as_json:
        emit_written(fmt.value, shown, output, loaded, notes, warnings)
        return
    print_diagnostics(warnings)
    typer.echo(
        f"imported {shown} ({fmt.value}) into {output.as_posix()}: "
        f"{plural(len(s.parties), 'party', 'parties')}, {plural(len(s.issues), 'issue')}, "
        f"{plural(s.stance_count, 'stance')}."
    )


def create(found: Imported, output: Path, shown: str) -> tuple[Loaded, list[Diagnostic]]:
    """:func:`gapcli.io.importers.create.create`, loaded only when an import runs."""
    from gapcli.io.importers.create import create

    return create(found, output, shown)


def emit_written(
    fmt: str, shown: str, output: Path, loaded: Loaded, notes: list[str], warnings: list[Diagnostic]
) -> None:
    """The JSON document of an import: the files written into ``output``, and the notes."""
    from dataclasses import replace

    from gapcli.analyses.written import files_under, written
    from gapcli.render.output import Format, emit

    scenario = replace(loaded.scenario, path=output.as_posix())  # loaded before the rename
    counts = {
        "parties": len(scenario.parties),
        "issues": len(scenario.issues),
        "stances": scenario.stance_count,
    }
    details = {"format": fmt, "source": shown, "directory": output.as_posix(), "counts": counts}
    report = written(
        "import",
        files_under(output),
        scenario=scenario,
        notes=notes,
        warnings=warnings,
        details=details,
    )
    emit(report, Format.JSON)
