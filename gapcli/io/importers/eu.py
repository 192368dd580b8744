"""The expected-utility model's CSV: one row per actor on one issue."""

from __future__ import annotations

from pathlib import Path

from gapcli.errors import InputError, Location
from gapcli.io.importers.common import (
    Errors,
    Imported,
    actor_rows,
    fmt_number,
    number,
    quoted,
    scale_range,
    table,
    twice,
)

EU_COLUMNS = ("actor", "capability", "position", "salience")


def read_eu(path: Path, shown: str) -> Imported:
    """The expected-utility model's CSV: ``Actor,Capability,Position,Salience``, one issue."""
    errors = Errors(shown)
    records = table(path, shown, "the header Actor,Capability,Position,Salience")
    (at, header), body = records[0], records[1:]
    names = [h.strip() for h in header]
    lower = [h.lower() for h in names]
    if lower[:4] != list(EU_COLUMNS):
        raise InputError.at(
            Location(shown, at), "expected the header Actor,Capability,Position,Salience"
        )
    for k in range(4, len(names)):
        if lower[k] in EU_COLUMNS:
            first = EU_COLUMNS.index(lower[k]) + 1
            errors(at, twice(names[k], first, k + 1))
        elif names[k]:
            errors(
                at,
                f"unknown column {quoted(names[k])} "
                "(the eu format has Actor, Capability, Position, Salience)",
            )
    if not body:
        errors(at, "no rows after the header (expected one row per actor)")
    errors.raise_any()
    out = Imported(title=f"Imported from {path.name}", header_line=at)
    saliences: list[float] = []
    for n, row, party in actor_rows(errors, body, 4):
        c = number(errors, n, "capability", row[1], lo=0, lo_open=True)
        x = number(errors, n, "position", row[2])
        s = number(
            errors, n, "salience", row[3], lo=0, hi=100, expected="0 to 1, or 0 to 100 in every row"
        )
        if party is None or c is None or x is None or s is None:
            continue
        out.parties[party] = {"name": row[0].strip(), "capability": c}
        out.party_lines[party] = n
        out.add_stance(n, party, "issue", x, s)
        saliences.append(s)
    errors.raise_any()
    if saliences and max(saliences) > 1:
        for stance in out.rows:
            stance["salience"] = fmt_number(float(stance["salience"]) / 100)
        out.notes.append("salience: values above 1 read as 0-100 and divided by 100")
    lo, hi = scale_range([float(r["position"]) for r in out.rows])
    out.issues["issue"] = {"kind": "scale", "range": [lo, hi]}
    out.issue_lines["issue"] = at
    out.notes.append(
        f"one issue, 'issue', range [{fmt_number(lo)}, {fmt_number(hi)}] inferred from the "
        "positions"
    )
    return out
