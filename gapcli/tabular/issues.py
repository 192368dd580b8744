"""issues.csv: the issues of a scenario as a table."""

from __future__ import annotations

from pathlib import Path

from gapcli.errors import Diagnostic, did_you_mean, one_of
from gapcli.model import (
    ChoiceIssue,
    Issue,
    ScaleIssue,
    SetIssue,
)
from gapcli.spec import ID_RULE
from gapcli.tabular.common import (
    ID_RE,
    LIST_SEP,
    Problems,
    read_rows,
)

ISSUES_CSV = "issues.csv"
ISSUE_COLUMNS = (
    "id",
    "kind",
    "title",
    "lo",
    "hi",
    "options",
    "status_quo",
    "tolerance",
    "description",
)


def read_issues(path: Path, shown: str, tolerance: float) -> tuple[list[Issue], list[Diagnostic]]:
    """``issues.csv``: one issue a row (id, kind, title, lo, hi, options, status_quo,
    tolerance, description); options separated by ';'."""
    from gapcli.model import Option

    problems = Problems(shown)
    header, rows = read_rows(path, shown)
    for name in header:
        if name not in ISSUE_COLUMNS:
            hint = did_you_mean(name, ISSUE_COLUMNS) or f"; expected {one_of(ISSUE_COLUMNS)}"
            problems.error(1, f"unknown column '{name}'{hint}")
    for name in ("id", "kind"):
        if name not in header:
            problems.error(1, f"missing column '{name}'")
    if problems.errors:
        return [], problems.finish()
    out: list[Issue] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if len(row) != len(header):
            problems.error(line, f"{len(row)} fields, expected {len(header)} (as in the header)")
            continue
        cell = {k: v.strip() for k, v in zip(header, row, strict=True)}
        issue_id, kind, title = cell["id"], cell["kind"], cell.get("title") or cell["id"]
        if not ID_RE.match(issue_id):
            problems.error(line, f"id: '{issue_id}' is not a valid issue id (expected {ID_RULE})")
            continue
        if issue_id in seen:
            problems.error(
                line, f"id: issue '{issue_id}' is defined twice (first at line {seen[issue_id]})"
            )
            continue
        seen[issue_id] = line
        description = cell.get("description") or None
        if kind == "scale":
            numbers = {}
            for name in ("lo", "hi", "status_quo", "tolerance"):
                text = cell.get(name, "")
                try:
                    numbers[name] = float(text) if text else None
                except ValueError:
                    problems.error(line, f"{name}: '{text}' is not a number")
            lo = numbers.get("lo")
            hi = numbers.get("hi")
            lo, hi = (0.0 if lo is None else lo), (100.0 if hi is None else hi)
            if not lo < hi:
                problems.error(line, f"lo and hi: [{lo:g}, {hi:g}] has no width (expected lo < hi)")
                continue
            q, tol = numbers.get("status_quo"), numbers.get("tolerance")
            if q is not None and not lo <= q <= hi:
                problems.error(line, f"status_quo: {q:g} is outside [{lo:g}, {hi:g}]")
                continue
            out.append(
                ScaleIssue(
                    issue_id, title, lo, hi, q, (), tolerance if tol is None else tol, description
                )
            )
        elif kind in ("choice", "set"):
            ids = [o.strip() for o in cell.get("options", "").split(LIST_SEP) if o.strip()]
            bad = [o for o in ids if not ID_RE.match(o)]
            if not ids or bad or len(set(ids)) != len(ids):
                problems.error(line, "options: expected distinct option ids separated by ';'")
                continue
            options = tuple(Option(o, o) for o in ids)
            if kind == "choice":
                q_text = cell.get("status_quo") or None
                if q_text is not None and q_text not in ids:
                    problems.error(line, f"status_quo: '{q_text}' is not one of the options")
                    continue
                out.append(ChoiceIssue(issue_id, title, options, q_text, description))
            else:
                out.append(SetIssue(issue_id, title, options, description))
        else:
            problems.error(line, f"kind: '{kind}' (expected scale, choice or set)")
    return out, problems.finish()
