"""Read the input files of other bargaining-model tools (docs/import.md).

Each reader turns a file into an :class:`Imported` scenario: issues, parties and one stance
row per party and issue, each row remembering the input line it came from. Problems in the
file's structure are :class:`~gapcli.errors.InputError` at ``file:line``; what the target
format cannot hold, or what had to be inferred, is said in ``notes``. ``gapcli import``
writes the result as a scenario directory and checks it with every rule of the loader.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from gapcli.errors import Diagnostic, InputError, Location
from gapcli.spec import ID_PATTERN, STANCE_COLUMNS

_ID = re.compile(ID_PATTERN)
TABLE_COLUMNS = STANCE_COLUMNS[4:]  # beyond party, issue, position, salience


@dataclass
class Imported:
    title: str
    description: str | None = None
    issues: dict[str, dict[str, object]] = field(default_factory=dict)  # id -> YAML fields
    parties: dict[str, dict[str, object]] = field(default_factory=dict)  # id -> YAML fields
    rows: list[dict[str, str]] = field(default_factory=list)  # stances.csv rows
    lines: list[int] = field(default_factory=list)  # the input line of each row
    sources: dict[str, dict[str, object]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class _Errors:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.found: list[Diagnostic] = []

    def __call__(self, line: int, message: str) -> None:
        self.found.append(Diagnostic(Location(self.shown, line), message))

    def raise_any(self) -> None:
        if self.found:
            raise InputError(self.found[:50])


def ident(text: str) -> str:
    """An id from a name: lower case, runs of other characters as '-'."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", text.strip()).strip("-_").lower()
    return slug or "x"


def _number(errors: _Errors, line: int, name: str, text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        errors(line, f"{name}: '{text}' is not a number")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        errors(line, f"{name}: '{text}' is not a finite number")
        return None
    return value


def _fmt(value: float) -> str:
    return repr(float(value)).removesuffix(".0")


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError.at(Location(shown), "file is not valid UTF-8 (save it as UTF-8)") from None
    except OSError as exc:
        raise InputError.at(Location(shown), f"cannot read: {exc.strerror or exc}") from None


def _scale_range(values: list[float]) -> tuple[float, float]:
    """The range of a scale issue no file declares: [0, 1] or [0, 100] when the values fit,
    else from the smallest to the largest."""
    lo, hi = min(values), max(values)
    if lo >= 0 and hi <= 1:
        return 0.0, 1.0
    if lo >= 0 and hi <= 100:
        return 0.0, 100.0
    return (lo, hi) if lo < hi else (lo - 1, hi + 1)


# -- the long table ---------------------------------------------------------------------------


def read_csv(path: Path, shown: str) -> Imported:
    """``party,issue,position,salience`` plus any stances.csv column; issue kinds and ranges
    inferred from the values (and reported)."""
    errors = _Errors(shown)
    reader = csv.reader(io.StringIO(_read(path, shown)))
    header = [h.strip() for h in next(reader, [])]
    for name in ("party", "issue", "salience"):
        if name not in header:
            errors(1, f"missing column '{name}' (expected party, issue, position, salience)")
    known = {"party", "issue", "position", "salience", *TABLE_COLUMNS}
    for name in header:
        if name not in known:
            errors(1, f"unknown column '{name}'")
    errors.raise_any()
    out = Imported(title=f"Imported from {path.name}")
    numbers: dict[str, list[float]] = {}  # per issue: its positions and range ends
    seen: dict[str, dict[str, list[str]]] = {}  # per issue: the option ids its rows name
    for n, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(header):
            errors(n, f"{len(row)} fields, expected {len(header)} (as in the header)")
            continue
        cells = {k: v.strip() for k, v in zip(header, row, strict=True)}
        for key in ("party", "issue"):
            if not _ID.match(cells[key]):
                errors(n, f"{key}: '{cells[key]}' is not a valid id")
        out.rows.append(cells)
        out.lines.append(n)
        values = seen.setdefault(cells["issue"], {"options": [], "sets": []})
        for key in ("position", "accepts_lo", "accepts_hi"):
            if cells.get(key):
                number = _number(errors, n, key, cells[key])
                if number is not None:
                    numbers.setdefault(cells["issue"], []).append(number)
        for key in ("prefers", "accepts"):
            values["options"] += [o.strip() for o in cells.get(key, "").split(";") if o.strip()]
        for key in ("require", "reject"):
            values["sets"] += [o.strip() for o in cells.get(key, "").split(";") if o.strip()]
        out.parties.setdefault(cells["party"], {})
        for key in (k for k in cells.get("source", "").split(";") if k.strip()):
            out.sources.setdefault(key.strip(), {"title": key.strip()})
    errors.raise_any()
    for issue, values in seen.items():
        kind = "choice" if values["options"] else "set" if values["sets"] else None
        if kind is not None:
            options = list(dict.fromkeys(values["options"] or values["sets"]))
            out.issues[issue] = {"kind": kind, "options": options}
            out.notes.append(
                f"issue '{issue}': {kind} issue, options {', '.join(options)} "
                "(inferred from the values; options nobody names are unknown)"
            )
        else:
            lo, hi = _scale_range(numbers.get(issue) or [0.0])
            out.issues[issue] = {"kind": "scale", "range": [lo, hi]}
            out.notes.append(
                f"issue '{issue}': scale issue, range [{_fmt(lo)}, {_fmt(hi)}] "
                "(inferred from the positions)"
            )
    if out.sources:
        out.notes.append(f"sources {', '.join(out.sources)}: only their keys are known")
    return out


# -- Decide ------------------------------------------------------------------------------------


def _fields(line: str) -> list[str]:
    return [f.strip() for f in (line.split("\t") if "\t" in line else line.split(";"))]


def read_decide(path: Path, shown: str) -> Imported:
    """The Decide exchange model's input: ``#A;actor;name``, ``#P;issue;name``,
    ``#M;issue;position;meaning``, ``#D;actor;issue;position;salience;power``, ``#/``
    comments; separated by ``;`` or tabs."""
    errors = _Errors(shown)
    out = Imported(title=f"Imported from {path.name}")
    points: dict[str, list[tuple[float, str]]] = {}
    powers: dict[str, list[float]] = {}
    expected = {"#A": 3, "#P": 3, "#M": 4, "#D": 6}
    for n, raw in enumerate(_read(path, shown).splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#/"):
            continue
        f = _fields(line)
        tag = f[0].upper()
        if tag not in expected:
            errors(n, f"unknown row type '{f[0]}' (expected #A, #P, #M, #D or #/ for a comment)")
            continue
        if len(f) < expected[tag]:
            errors(n, f"{tag} row: {len(f)} fields, expected {expected[tag]}")
            continue
        if tag == "#A":
            out.parties[ident(f[1])] = {"name": f[2] or f[1]}
        elif tag == "#P":
            out.issues[ident(f[1])] = {"kind": "scale", "title": f[2] or f[1]}
        elif tag == "#M":
            x = _number(errors, n, "position", f[2])
            if x is not None:
                points.setdefault(ident(f[1]), []).append((x, f[3]))
        else:
            party, issue = ident(f[1]), ident(f[2])
            x, s, c = (
                _number(errors, n, k, v)
                for k, v in zip(("position", "salience", "power"), f[3:6], strict=True)
            )
            if party not in out.parties:
                errors(n, f"actor '{f[1]}' has no #A row")
            if issue not in out.issues:
                errors(n, f"issue '{f[2]}' has no #P row")
            if None in (x, s, c):
                continue
            assert x is not None and s is not None and c is not None
            powers.setdefault(party, []).append(c)
            out.rows.append(
                {"party": party, "issue": issue, "position": _fmt(x), "salience": _fmt(s)}
            )
            out.lines.append(n)
    errors.raise_any()
    for issue, fields in out.issues.items():
        marks = sorted(points.get(issue, []))
        values = [float(r["position"]) for r in out.rows if r["issue"] == issue]
        if len(marks) >= 2 and marks[0][0] < marks[-1][0]:
            fields["range"] = [marks[0][0], marks[-1][0]]
            fields["labels"] = {_fmt(x): text for x, text in marks if text}
        else:
            lo, hi = _scale_range(values or [0.0])
            fields["range"] = [lo, hi]
            out.notes.append(
                f"issue '{issue}': no #M scale points; range [{_fmt(lo)}, {_fmt(hi)}] inferred"
            )
    _capabilities(out, powers)
    return out


def _capabilities(out: Imported, powers: dict[str, list[float]]) -> None:
    """gapcli gives a party one capability; a power that varies by issue keeps its mean."""
    for party, values in powers.items():
        mean = sum(values) / len(values)
        out.parties.setdefault(party, {})["capability"] = mean
        if max(values) != min(values):
            out.notes.append(
                f"party '{party}': power varies by issue ({_fmt(min(values))} to "
                f"{_fmt(max(values))}); gapcli keeps one capability per party: the mean, {mean:.4g}"
            )


# -- KTAB --------------------------------------------------------------------------------------


def read_ktab(path: Path, shown: str) -> Imported:
    """KTAB's SMP CSV: line 1 scenario name, description, actors, dimensions; line 2 the
    header ``Actor, Description, Influence`` then a Position and a Salience column per
    dimension (0 to 100); then one row per actor."""
    errors = _Errors(shown)
    rows = list(csv.reader(io.StringIO(_read(path, shown))))
    if len(rows) < 2 or len(rows[0]) < 4:
        raise InputError.at(
            Location(shown, 1), "expected line 1: name, description, actors, dimensions"
        )
    name, description = rows[0][0].strip(), rows[0][1].strip()
    actors = _number(errors, 1, "number of actors", rows[0][2].strip())
    dims = _number(errors, 1, "number of dimensions", rows[0][3].strip())
    errors.raise_any()
    assert actors is not None and dims is not None
    header = [h.strip() for h in rows[1]]
    width = 3 + 2 * int(dims)
    if len(header) < width or [h.lower() for h in header[:3]] != [
        "actor",
        "description",
        "influence",
    ]:
        raise InputError.at(
            Location(shown, 2),
            f"expected the header Actor, Description, Influence and {int(dims)} pairs of "
            f"Position and Salience columns ({width} columns)",
        )
    out = Imported(title=name or f"Imported from {path.name}", description=description or None)
    for d in range(int(dims)):
        label = re.sub(r"^\s*pos(ition)?\b[\s:_-]*", "", header[3 + 2 * d], flags=re.I)
        issue = ident(label) if label else f"dimension-{d + 1}"
        out.issues[issue] = {"kind": "scale", "title": label or issue, "range": [0, 100]}
    issue_ids = list(out.issues)
    body = [(n, r) for n, r in enumerate(rows[2:], start=3) if any(c.strip() for c in r)]
    if len(body) != int(actors):
        out.notes.append(f"line 1 announces {int(actors)} actors; the file has {len(body)} rows")
    for n, row in body:
        if len(row) < width:
            errors(n, f"{len(row)} fields, expected {width}")
            continue
        party = ident(row[0])
        influence = _number(errors, n, "influence", row[2].strip())
        out.parties[party] = {
            "name": row[0].strip(),
            "description": row[1].strip() or None,
            "capability": influence,
        }
        for d, issue in enumerate(issue_ids):
            x = _number(errors, n, "position", row[3 + 2 * d].strip())
            s = _number(errors, n, "salience", row[4 + 2 * d].strip())
            if x is None or s is None:
                continue
            out.rows.append(
                {"party": party, "issue": issue, "position": _fmt(x), "salience": _fmt(s / 100)}
            )
            out.lines.append(n)
    errors.raise_any()
    out.notes.append("salience: KTAB's 0-100 read as 0 to 1")
    return out


# -- expected-utility CSV ----------------------------------------------------------------------


def read_eu(path: Path, shown: str) -> Imported:
    """The expected-utility model's CSV: ``Actor,Capability,Position,Salience``, one issue."""
    errors = _Errors(shown)
    rows = list(csv.reader(io.StringIO(_read(path, shown))))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if header[:4] != ["actor", "capability", "position", "salience"]:
        raise InputError.at(
            Location(shown, 1), "expected the header Actor,Capability,Position,Salience"
        )
    out = Imported(title=f"Imported from {path.name}")
    saliences: list[float] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 4:
            errors(n, f"{len(row)} fields, expected 4")
            continue
        c, x, s = (
            _number(errors, n, k, row[i].strip())
            for i, k in ((1, "capability"), (2, "position"), (3, "salience"))
        )
        if c is None or x is None or s is None:
            continue
        party = ident(row[0])
        out.parties[party] = {"name": row[0].strip(), "capability": c}
        out.rows.append(
            {"party": party, "issue": "issue", "position": _fmt(x), "salience": _fmt(s)}
        )
        out.lines.append(n)
        saliences.append(s)
    errors.raise_any()
    if saliences and max(saliences) > 1:
        for stance in out.rows:
            stance["salience"] = _fmt(float(stance["salience"]) / 100)
        out.notes.append("salience: values above 1 read as 0-100 and divided by 100")
    lo, hi = _scale_range([float(r["position"]) for r in out.rows] or [0.0])
    out.issues["issue"] = {"kind": "scale", "range": [lo, hi]}
    out.notes.append(
        f"one issue, 'issue', range [{_fmt(lo)}, {_fmt(hi)}] inferred from the positions"
    )
    return out


READERS = {"csv": read_csv, "decide": read_decide, "ktab": read_ktab, "eu": read_eu}
