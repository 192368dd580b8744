from __future__ import annotations

import csv
import shutil
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gapcli.output import note

if TYPE_CHECKING:
    from gapcli.importers import Imported


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
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The file to read.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The scenario directory to create.")
    ],
) -> None:
    """Convert another tool's input file into a scenario directory.

    csv: a long table, one row per stance (party, issue, position, salience, and any column
    of stances.csv); decide: the Decide exchange model's #A/#P/#M/#D rows; ktab: KTAB's SMP
    CSV; eu: the expected-utility model's Actor,Capability,Position,Salience CSV. The result
    (scenario.yaml, parties/*.yaml, stances.csv) is checked by every rule of gapcli's own
    files, with problems shown at the input file's lines; what could not be carried over or
    had to be inferred is said on stderr. An existing directory is never overwritten.

    Example: gapcli import eu emissions.csv -o positions/emissions
    """
    from gapcli.errors import Diagnostic, InputError, Location
    from gapcli.importers import READERS
    from gapcli.loader import load_scenario

    shown = file.as_posix()
    if not file.is_file():
        raise InputError.at(Location(shown), "no such file")
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise InputError.at(
            Location(output.as_posix()),
            "already exists; import never overwrites (name a new directory)",
        )
    found = READERS[fmt.value](file, shown)
    write(found, output)
    try:
        loaded = load_scenario(output)
    except InputError as exc:
        shutil.rmtree(output)
        # point at the input: a row of stances.csv at the line it came from, a party's file
        # at the party's first row
        table = (output / "stances.csv").as_posix()
        first: dict[str, int] = {}
        for row, line in zip(found.rows, found.lines, strict=True):
            first.setdefault((output / "parties" / f"{row['party']}.yaml").as_posix(), line)
        mapped = []
        for d in exc.diagnostics:
            path, line = d.location.path, d.location.line
            if path == table and 2 <= line < len(found.lines) + 2:
                mapped.append(Diagnostic(Location(shown, found.lines[line - 2]), d.message))
            elif path in first:
                mapped.append(Diagnostic(Location(shown, first[path]), d.message))
            else:
                mapped.append(d)
        raise InputError(mapped) from None
    for text in found.notes:
        note(f"note: {text}")
    from gapcli.output import print_diagnostics

    print_diagnostics(loaded.warnings)
    s = loaded.scenario
    from gapcli.commands.validate import plural

    typer.echo(
        f"imported {shown} ({fmt.value}) into {output.as_posix()}: "
        f"{plural(len(s.parties), 'party', 'parties')}, {plural(len(s.issues), 'issue')}, "
        f"{plural(s.stance_count, 'stance')}."
    )


def _plain(value: object) -> object:
    """Whole numbers written as such (range: [0, 100], not [0.0, 100.0])."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def write(found: Imported, target: Path) -> None:
    import yaml

    from gapcli.tabular import COLUMNS

    target.mkdir(parents=True, exist_ok=True)
    scenario: dict[str, object] = {"title": found.title}
    if found.description:
        scenario["description"] = found.description
    if found.sources:
        scenario["sources"] = found.sources
    scenario["issues"] = _plain(found.issues)
    (target / "scenario.yaml").write_text(
        yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    parties = {
        p: {k: _plain(v) for k, v in f.items() if v is not None} for p, f in found.parties.items()
    }
    if any(parties.values()):
        (target / "parties").mkdir(exist_ok=True)
        for party, fields in parties.items():
            text = yaml.safe_dump(fields or {"name": party}, sort_keys=False, allow_unicode=True)
            (target / "parties" / f"{party}.yaml").write_text(text, encoding="utf-8")
    used = [
        c
        for c in COLUMNS
        if any(row.get(c) for row in found.rows) or c in ("party", "issue", "salience")
    ]
    with (target / "stances.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(used)
        writer.writerows([row.get(c, "") for c in used] for row in found.rows)
