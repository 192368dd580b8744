"""The Decide exchange model's input: #A, #P, #M and #D rows."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from pathlib import Path

from gapcli.io.importers.common import (
    Errors,
    Imported,
    Names,
    fmt_number,
    number,
    quoted,
    read_text,
    scale_range,
    stance_once,
)

#: The fields of each row type, at least and at most: an #A or #P row's description and a
#: #M row's meaning may be left out.
DECIDE_FIELDS = {"#O": (2, 2), "#A": (3, 4), "#P": (3, 4), "#M": (3, 4), "#D": (6, 6)}
QUOTES = "'\""


def _fields(line: str) -> list[str]:
    """A row's fields, split at tabs (if the row has any) or at semicolons. A field may be
    quoted with ' or " (Decide's own files quote with '): the quotes are dropped, and a
    separator between them belongs to the field. A quote inside a field is kept."""
    sep = "\t" if "\t" in line else ";"
    # where a quoted field may end: a quote followed, after spaces, by the separator or the
    # end of the row (found once, so that a row of many quotes is read in linear time)
    closers = {
        q: [m.start() for m in re.finditer(q + f" *(?={re.escape(sep)}|\\Z)", line)]
        for q in QUOTES
        if q in line
    }
    fields: list[str] = []
    k = 0
    while True:
        start = _past_spaces(line, k)
        ends = closers.get(line[start]) if start < len(line) else None
        close = bisect.bisect_right(ends, start) if ends else 0
        if ends and close < len(ends):  # a quoted field
            fields.append(line[start + 1 : ends[close]])
            k = _past_spaces(line, ends[close] + 1)
        else:
            stop = line.find(sep, k)
            stop = len(line) if stop < 0 else stop
            fields.append(line[k:stop].strip())
            k = stop
        if k >= len(line):
            return fields
        k += 1  # past the separator


def _past_spaces(line: str, k: int) -> int:
    """The first position from ``k`` on that is not a space."""
    while k < len(line) and line[k] == " ":
        k += 1
    return k


def read_decide(path: Path, shown: str) -> Imported:
    """The Decide exchange model's input: ``#O;title``, ``#A;actor;name[;description]``,
    ``#P;issue;name[;description]``,
    ``#M;issue;position;meaning``, ``#D;actor;issue;position;salience;power``, ``#/``
    comments; separated by ``;`` or tabs; rows in any order."""
    errors = Errors(shown)
    text = read_text(path, shown)
    out = Imported(title=f"Imported from {path.name}")
    rows: list[tuple[int, str, list[str]]] = []
    comments = False
    for n, raw in enumerate(re.split(r"\r\n?|\n", text), start=1):  # lines as CSV counts them
        line = raw.strip()
        if line.startswith("#/"):
            comments = True
        if not line or line.startswith("#/"):
            continue
        f = _fields(line)
        tag = f[0].upper()
        if tag not in DECIDE_FIELDS:
            errors(
                n,
                f"unknown row type {quoted(f[0])} (expected #O, #A, #P, #M, #D or #/ for a "
                "comment)",
            )
            continue
        fewest, most = DECIDE_FIELDS[tag]
        while len(f) > most and not f[-1]:  # trailing separators
            f.pop()
        if not fewest <= len(f) <= most:
            expected = f"{fewest}" if fewest == most else f"{fewest} or {most}"
            errors(n, f"{tag} row: {len(f)} fields, expected {expected}")
            continue
        rows.append((n, tag, f + [""] * (most - len(f))))
    if not rows and not errors:
        what = "no rows, only comments" if comments else "file is empty"
        errors(1, f"{what} (expected #A, #P, #M and #D rows)")
    actors = Names(errors, "actor", lambda name: f"a second #A row for actor {quoted(name)}")
    issues = Names(errors, "issue", lambda name: f"a second #P row for issue {quoted(name)}")
    for n, tag, f in rows:  # actors and issues first: the other rows name them
        if tag == "#O" and f[1]:  # the data set's title
            out.title = f[1]
        elif tag == "#A":
            party = actors.claim(n, f[1], f"actor-{len(actors.ids) + 1}")
            if party is not None:
                out.parties[party] = {"name": f[2] or f[1], **_described(f[3])}
                out.party_lines[party] = n
        elif tag == "#P":
            issue = issues.claim(n, f[1], f"issue-{len(issues.ids) + 1}")
            if issue is not None:
                out.issues[issue] = {"kind": "scale", "title": f[2] or f[1], **_described(f[3])}
                out.issue_lines[issue] = n
    points: dict[str, list[tuple[float, str]]] = {}
    marks: dict[tuple[str, float], int] = {}
    powers: dict[str, list[tuple[float, int]]] = {}  # party -> (power, its row), in order
    stances: dict[tuple[str, str], int] = {}
    for n, tag, f in rows:
        if tag == "#M":
            issue_id = issues.by_name.get(f[1])
            if issue_id is None and f[1] not in issues.refused:
                errors(n, f"issue {quoted(f[1])} has no #P row")
            x = number(errors, n, "position", f[2])
            if issue_id is None or x is None:
                continue
            first = marks.setdefault((issue_id, x), n)
            if first != n:
                errors(
                    n,
                    f"a second #M row for issue {quoted(f[1])} at {fmt_number(x)} "
                    f"(first at line {first})",
                )
                continue
            points.setdefault(issue_id, []).append((x, f[3]))
        elif tag == "#D":
            party_id, issue_id = actors.by_name.get(f[1]), issues.by_name.get(f[2])
            if party_id is None and f[1] not in actors.refused:
                errors(n, f"actor {quoted(f[1])} has no #A row")
            if issue_id is None and f[2] not in issues.refused:
                errors(n, f"issue {quoted(f[2])} has no #P row")
            x = number(errors, n, "position", f[3])
            s = number(errors, n, "salience", f[4])
            c = number(errors, n, "power", f[5], lo=0, lo_open=True)
            if party_id is None or issue_id is None or x is None or s is None or c is None:
                continue
            what = f"a second #D row for actor {quoted(f[1])} on issue {quoted(f[2])}"
            if not stance_once(errors, stances, (party_id, issue_id), n, what):
                continue
            powers.setdefault(party_id, []).append((c, len(out.rows)))
            out.add_stance(n, party_id, issue_id, x, s)
    if rows and not errors:
        for tag, what in (("#A", "actor"), ("#P", "issue"), ("#D", "stance")):
            if not any(t == tag for _, t, _ in rows):
                errors(1, f"no {tag} rows (expected at least one {what})")
    errors.raise_any()
    _ranges(out, points)
    _capabilities(out, powers)
    return out


def _described(text: str) -> dict[str, str]:
    """An #A or #P row's description, kept unless empty."""
    return {"description": text} if text else {}


def _ranges(out: Imported, points: dict[str, list[tuple[float, str]]]) -> None:
    """Each issue's range from its #M scale points, else inferred from its positions (and
    said in a note); the points' meanings as its labels."""
    for issue, fields in out.issues.items():
        marked = sorted(points.get(issue, []))
        values = [float(r["position"]) for r in out.rows if r["issue"] == issue]
        if len(marked) >= 2:
            lo, hi = marked[0][0], marked[-1][0]
        else:
            lo, hi = scale_range(values + [x for x, _ in marked] or [0.0])
            how = "no #M scale points" if not marked else "one #M scale point"
            out.notes.append(
                f"issue '{issue}': {how}; range [{fmt_number(lo)}, {fmt_number(hi)}] inferred"
            )
        fields["range"] = [lo, hi]
        labels = {fmt_number(x): text for x, text in marked if text}
        if labels:
            fields["labels"] = labels


def _capabilities(out: Imported, powers: dict[str, list[tuple[float, int]]]) -> None:
    """Each actor's power on each issue, kept exactly: the party's capability is the power
    most of its #D rows give (ties: the first in the file), and a stance whose power differs
    has it as its own capability, in its row of stances.csv."""
    for party, found in powers.items():
        values = [c for c, _ in found]
        counts = Counter(values)  # in order of first appearance: ties go to the first
        common = max(counts, key=counts.__getitem__)
        out.parties.setdefault(party, {})["capability"] = common
        for value, row in found:
            if value != common:
                out.rows[row]["capability"] = fmt_number(value)
        if len(counts) > 1:
            others = len(values) - counts[common]
            out.notes.append(
                f"party '{party}': power varies by issue ({fmt_number(min(values))} to "
                f"{fmt_number(max(values))}): its capability is {fmt_number(common)}, its power "
                f"on {counts[common]} of {len(values)} issues; stances.csv gives the "
                f"{others} other{'s' if others != 1 else ''} {'their' if others != 1 else 'its'} "
                "own"
            )
