"""KTAB's SMP CSV: a line naming the scenario, a header, one row per actor."""

from __future__ import annotations

import re
from pathlib import Path

from gapcli.errors import InputError, Location, shorten
from gapcli.io.importers.common import (
    Errors,
    Imported,
    actor_rows,
    ident,
    number,
    quoted,
    table,
    whole,
    width,
)


def _column(names: list[str], k: int) -> str:
    """A column as messages name it: its header, or its number when that is empty."""
    return shorten(names[k]) if names[k] else f"column {k + 1}"


def _pairs(n: int) -> str:
    return f"{n} pair{'s' if n != 1 else ''}"


def read_ktab(path: Path, shown: str) -> Imported:
    """KTAB's SMP CSV: line 1 scenario name, description, actors, dimensions; line 2 the
    header ``Actor, Description, Influence`` then a Position and a Salience column per
    dimension (0 to 100); then one row per actor."""
    errors = Errors(shown)
    records = table(path, shown, "line 1: name, description, actors, dimensions")
    (first_line, first), rest = records[0], records[1:]
    if len(first) < 4 or width(first) > 4:
        raise InputError.at(
            Location(shown, first_line), "expected line 1: name, description, actors, dimensions"
        )
    name, description = first[0].strip(), first[1].strip()
    actors = whole(errors, first_line, "number of actors", first[2], 0)
    dims = whole(errors, first_line, "number of dimensions", first[3], 1)
    errors.raise_any()
    assert actors is not None and dims is not None
    fields = 3 + 2 * dims
    expected = (
        f"Actor, Description, Influence and {_pairs(dims)} of Position and Salience columns, "
        f"{fields} in all"
    )
    if not rest:
        raise InputError.at(
            Location(shown, first_line), f"no header after this line (expected {expected})"
        )
    (at, header), body = rest[0], rest[1:]
    names = [h.strip() for h in header]
    if len(names) < fields or [h.lower() for h in names[:3]] != [
        "actor",
        "description",
        "influence",
    ]:
        raise InputError.at(Location(shown, at), f"expected the header {expected}")
    if width(names) > fields:
        errors(
            at,
            f"{width(names)} columns, expected {fields} "
            f"(line 1 announces {dims} dimension{'s' if dims != 1 else ''})",
        )
    out = Imported(
        title=name or f"Imported from {path.name}",
        description=description or None,
        header_line=at,
        title_line=first_line,
    )
    columns: dict[str, int] = {}
    for d in range(dims):
        label = re.sub(r"^\s*pos(ition)?\b[\s:_-]*", "", names[3 + 2 * d], flags=re.I)
        issue = ident(label, f"dimension-{d + 1}") if label else f"dimension-{d + 1}"
        if issue in columns:
            errors(
                at,
                f"column {4 + 2 * d} {quoted(names[3 + 2 * d])}: a second dimension '{issue}' "
                f"(first in column {columns[issue]})",
            )
            continue
        columns[issue] = 4 + 2 * d
        out.issues[issue] = {"kind": "scale", "title": label or issue, "range": [0, 100]}
        out.issue_lines[issue] = at
    if not body:
        errors(at, "no rows after the header (expected one row per actor)")
    errors.raise_any()
    if len(body) != actors:
        out.notes.append(f"line 1 announces {actors} actors; the file has {len(body)} rows")
    for n, row, party in actor_rows(errors, body, fields):
        influence = number(errors, n, "influence", row[2], lo=0, lo_open=True)
        if party is None:
            continue
        out.parties[party] = {
            "name": row[0].strip(),
            "description": row[1].strip() or None,
            "capability": influence,
        }
        out.party_lines[party] = n
        for issue, col in columns.items():
            x = number(errors, n, _column(names, col - 1), row[col - 1], lo=0, hi=100)
            s = number(errors, n, _column(names, col), row[col], lo=0, hi=100)
            if x is None or s is None:
                continue
            out.add_stance(n, party, issue, x, s / 100)
    errors.raise_any()
    out.notes.append("salience: KTAB's 0-100 read as 0 to 1")
    return out
