from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from gapcli.commands._common import ForceOpt, ScenarioArg, SetOpt, load, path_value, protected

if TYPE_CHECKING:
    from gapcli.model import Scenario, Stance


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
    force: ForceOpt = False,
) -> None:
    """Write a scenario's stances as a table other tools read.

    csv: one row per stance with the columns of stances.csv (party, issue, position,
    salience, capability, accepts_lo, accepts_hi, prefers, accepts, require, reject,
    source, note, uncertainty); lists are separated by ';'. 'gapcli import csv' reads it
    back. A note that a spreadsheet would run as a formula (=, +, -, @ first) is written
    with a ' before it. An existing file is replaced only with --force, and never one
    inside the scenario being read.

    Example: gapcli export csv positions/syria-2017-05 -o stances.csv
    """
    import io

    from gapcli.files import write_files

    loaded = load(path, sets or ())
    if output is None:
        write_table(loaded.scenario, sys.stdout)
        return
    text = io.StringIO()
    write_table(loaded.scenario, text)
    write_files({output: text.getvalue()}, force=force, protect=protected(loaded))


def write_table(scenario: Scenario, handle: TextIO) -> None:
    from gapcli.tabular import COLUMNS

    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    for party in scenario.parties:
        for issue in scenario.issues:
            stance = party.stances.get(issue.id)
            if stance is not None:
                writer.writerow(_row(party.id, issue.id, party.capability, stance))


def _row(party: str, issue: str, capability: float, stance: Stance) -> list[str]:
    from gapcli.files import to_spreadsheet
    from gapcli.model import ChoiceStance, ScaleStance

    cells = dict.fromkeys(
        ("position", "accepts_lo", "accepts_hi", "prefers", "accepts", "require", "reject"), ""
    )
    if isinstance(stance, ScaleStance):
        cells["position"] = _num(stance.position)
        cells["accepts_lo"], cells["accepts_hi"] = _num(stance.lo), _num(stance.hi)
    elif isinstance(stance, ChoiceStance):
        cells["prefers"] = stance.prefers
        cells["accepts"] = ";".join(stance.accepts)
    else:
        cells["require"], cells["reject"] = ";".join(stance.require), ";".join(stance.reject)
    return [
        party,
        issue,
        cells["position"],
        _num(stance.salience),
        _num(capability),
        cells["accepts_lo"],
        cells["accepts_hi"],
        cells["prefers"],
        cells["accepts"],
        cells["require"],
        cells["reject"],
        ";".join(stance.sources),
        to_spreadsheet(stance.note or ""),
        "" if stance.uncertainty is None else _num(stance.uncertainty),
    ]


def _num(x: float) -> str:
    return repr(float(x)).removesuffix(".0")
