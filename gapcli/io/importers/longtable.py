"""The long table: one row per stance, in the columns of stances.csv."""

from __future__ import annotations

import re
from pathlib import Path

from gapcli.errors import did_you_mean, shorten
from gapcli.io import files
from gapcli.io.importers.common import (
    Errors,
    Imported,
    fmt_number,
    number,
    quoted,
    scale_range,
    stance_once,
    table,
    twice,
)
from gapcli.io.spec import ID_PATTERN, ID_RULE, STANCE_COLUMNS
from gapcli.io.tabular.common import MAX_OPTIONS

_ID = re.compile(ID_PATTERN)
TABLE_COLUMNS = STANCE_COLUMNS[4:]  # beyond party, issue, position, salience
NUMBER_COLUMNS = ("position", "salience", "capability", "accepts_lo", "accepts_hi", "uncertainty")
OPTION_COLUMNS = ("prefers", "accepts", "require", "reject")


def read_csv(path: Path, shown: str) -> Imported:
    """``party,issue,position,salience`` plus any stances.csv column; issue kinds and ranges
    inferred from the values (and reported)."""
    errors = Errors(shown)
    records = table(path, shown, "the header party,issue,position,salience")
    (at, header), body = records[0], records[1:]
    names = [h.strip() for h in header]
    known = ("party", "issue", "position", "salience", *TABLE_COLUMNS)
    column: dict[str, int] = {}
    for k, name in enumerate(names):
        if not name:
            errors(
                at,
                f"column {k + 1} has no name "
                "(a ',' at the end of the header adds an unnamed column)",
            )
        elif name in column:
            errors(at, twice(name, column[name] + 1, k + 1))
        elif name not in known:
            hint = did_you_mean(name, known) or (
                " (expected party, issue, position, salience or another column of stances.csv)"
            )
            errors(at, f"unknown column {quoted(name)}{hint}")
        column.setdefault(name, k)
    for name in ("party", "issue", "salience"):
        if name not in column:
            errors(at, f"missing column '{name}' (expected party, issue, position, salience)")
    errors.raise_any()
    if not body:
        errors(at, "no rows after the header (expected one row per stance)")
        errors.raise_any()
    out = Imported(title=f"Imported from {path.name}", header_line=at, sourced=True)
    numbers: dict[str, list[float]] = {}  # per issue: its positions and range ends
    seen: dict[str, dict[str, dict[str, int]]] = {}  # per issue: option ids named, first line
    stances: dict[tuple[str, str], int] = {}
    number_columns = [k for k in NUMBER_COLUMNS if k in column]
    option_columns = [k for k in OPTION_COLUMNS if k in column]
    for n, row in body:
        if len(row) != len(names):
            errors(n, f"{len(row)} fields, expected {len(names)} (as in the header)")
            continue
        cells = {name: row[k].strip() for name, k in column.items() if name}
        if cells.get("note"):  # as gapcli writes it: a formula's ' taken off
            cells["note"] = files.from_spreadsheet(cells["note"])
        ok = True
        for key in ("party", "issue"):
            if not cells[key]:
                errors(n, f"{key}: missing (expected an id)")
                ok = False
            elif not _ID.fullmatch(cells[key]):
                errors(n, f"{key}: {quoted(cells[key])} is not a valid id (expected {ID_RULE})")
                ok = False
        if not ok:
            continue
        party, issue = cells["party"], cells["issue"]
        what = f"a second stance of '{party}' on '{issue}'"
        if not stance_once(errors, stances, (party, issue), n, what):
            continue
        for key in number_columns:
            if cells[key]:
                value = number(errors, n, key, cells[key])
                cells[key] = "" if value is None else fmt_number(value)
                if value is not None and key in ("position", "accepts_lo", "accepts_hi"):
                    numbers.setdefault(issue, []).append(value)
        values = seen.setdefault(issue, {"options": {}, "sets": {}})
        for key in option_columns:
            if not cells[key]:
                continue
            named = values["options" if key in ("prefers", "accepts") else "sets"]
            items = [o.strip() for o in cells[key].split(";") if o.strip()]
            for option in items:
                if not _ID.fullmatch(option):
                    errors(
                        n, f"{key}: {quoted(option)} is not a valid option id (expected {ID_RULE})"
                    )
                elif option not in named and len(named) >= MAX_OPTIONS:
                    errors(
                        n,
                        f"{key}: '{shorten(option)}' would be option {len(named) + 1} of issue "
                        f"'{issue}' (a table holds at most {MAX_OPTIONS} options per issue)",
                    )
                else:
                    named.setdefault(option, n)
            cells[key] = ";".join(items)
        keys = [k.strip() for k in cells.get("source", "").split(";") if k.strip()]
        for key in keys:
            if not _ID.fullmatch(key):
                errors(n, f"source: {quoted(key)} is not a valid source key (expected {ID_RULE})")
            else:
                out.sources.setdefault(key, {"title": key})
                out.source_lines.setdefault(key, n)
        if "source" in cells:
            cells["source"] = ";".join(keys)
        out.parties.setdefault(party, {})
        out.party_lines.setdefault(party, n)
        out.issue_lines.setdefault(issue, n)
        out.add_row(n, cells)
    errors.raise_any()
    _infer_issues(out, seen, numbers)
    if out.sources:
        out.notes.append(f"sources {', '.join(out.sources)}: only their keys are known")
    return out


def _infer_issues(
    out: Imported, seen: dict[str, dict[str, dict[str, int]]], numbers: dict[str, list[float]]
) -> None:
    """Each issue's kind from the columns its options are named in, else a scale issue with
    the range its numbers fit; each said in a note."""
    for issue, values in seen.items():
        kind = "choice" if values["options"] else "set" if values["sets"] else None
        if kind is not None:
            options = list(values["options"] or values["sets"])
            out.issues[issue] = {"kind": kind, "options": options}
            out.notes.append(
                f"issue '{issue}': {kind} issue, options {', '.join(options)} "
                "(inferred from the values; options nobody names are unknown)"
            )
        else:
            lo, hi = scale_range(numbers.get(issue) or [0.0])
            out.issues[issue] = {"kind": "scale", "range": [lo, hi]}
            out.notes.append(
                f"issue '{issue}': scale issue, range [{fmt_number(lo)}, {fmt_number(hi)}] "
                "(inferred from the positions)"
            )
