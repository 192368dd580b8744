from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

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

if TYPE_CHECKING:
    from gapcli.model import Scenario


class ExportFormat(StrEnum):
    CSV = "csv"


def export(
    fmt: Annotated[
        ExportFormat, typer.Argument(metavar="FORMAT", help="csv: the long table of stances.")
    ],
    path: ScenarioArg = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", parser=path_value, help="Write to this file instead of stdout."
        ),
    ] = None,
    sets: SetOpt = None,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
    force: ForceOpt = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="With --output: print what was written (path, bytes, rows) as JSON."
        ),
    ] = False,
) -> None:
    """Write a scenario's stances as a table other tools read.

    csv: one row per stance with the columns of stances.csv (party, issue, position,
    salience, capability, accepts_lo, accepts_hi, prefers, accepts, require, reject,
    source, note, uncertainty); lists are separated by ';'. 'gapcli import csv' reads it
    back. A note that a spreadsheet would run as a formula (=, +, -, @ first) is written
    with a ' before it. An existing file is replaced only with --force, and never one
    inside the scenario being read. With --json (and --output), stdout is one JSON
    document saying what was written.

    Example: gapcli export csv positions/syria-2017-05 -o stances.csv
    """
    import io

    from gapcli.io.files import write_files

    if as_json and output is None:
        raise typer.BadParameter(
            "needs --output FILE (without it, stdout is the table itself)", param_hint="'--json'"
        )
    loaded = load(path, sets or (), without=without, only=only)
    if output is None:
        write_table(loaded.scenario, sys.stdout)
        return
    text = io.StringIO()
    write_table(loaded.scenario, text)
    write_files({output: text.getvalue()}, force=force, protect=protected(loaded))
    if as_json:
        from gapcli.analyses.written import on_disk, written
        from gapcli.render.output import Format, emit

        details = {"format": fmt.value, "rows": loaded.scenario.stance_count}
        report = written(
            "export",
            on_disk([output]),
            scenario=loaded.scenario,
            details=details,
            warnings=loaded.warnings,
        )
        emit(report, Format.JSON)


def write_table(scenario: Scenario, handle: TextIO) -> None:
    from gapcli.io.tabular.export import rows

    csv.writer(handle, lineterminator="\n").writerows(rows(scenario))
