"""issues.csv: the issues of a scenario as a table."""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from gapcli.errors import Diagnostic, Location, Severity, one_of
from gapcli.io.checks import MAX_MAGNITUDE, fmt
from gapcli.io.spec import ID_RULE
from gapcli.io.tabular import outcomes
from gapcli.io.tabular.columnar import read_as_rows
from gapcli.io.tabular.common import (
    LIST_SEP,
    Problems,
    check_header,
    check_widths,
    is_id,
    number,
    shown,
    text_cell,
)
from gapcli.model import (
    ChoiceIssue,
    Issue,
    Option,
    ScaleIssue,
    SetIssue,
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
    *outcomes.OUTCOME_COLUMNS,
)
KINDS = ("scale", "choice", "set")
#: the columns that apply to some kinds only, and to which
ONLY = {
    "lo": ("scale",),
    "hi": ("scale",),
    "tolerance": ("scale",),
    "options": ("choice", "set"),
    "status_quo": ("scale", "choice"),
}


@dataclass(frozen=True, slots=True)
class IssuesRead:
    """The issues of ``issues.csv``, the problems found, and the line of each issue."""

    issues: list[Issue]
    errors: list[Diagnostic]
    lines: dict[str, int] = field(default_factory=dict)  # issue id -> its row's line
    warnings: list[Diagnostic] = field(default_factory=list)


def read_issue_table(
    path: Path, shown_path: str, tolerance: float, *, sources: Collection[str] = ()
) -> IssuesRead:
    """``issues.csv``: one issue a row (id, kind, title, lo, hi, options, status_quo,
    tolerance, description, and the outcome columns; options separated by ';'), with the
    line each issue is defined on and the warnings. ``sources``: the scenario's source keys,
    which ``outcome_source`` names."""
    problems = Problems(shown_path)
    table = read_as_rows(path, shown_path)
    check_header(problems, table.header, table.header_line, ISSUE_COLUMNS, ("id", "kind"))
    if not problems.errors and not table.rows:
        problems.error(
            table.header_line,
            "no rows after the header (expected at least one issue, one per row)",
        )
    if problems.errors:
        return IssuesRead([], problems.finish())
    check_widths(problems, table)
    out: list[Issue] = []
    seen: dict[str, int] = {}
    unsourced: list[int] = []  # the lines of outcomes that cite no source
    width = len(table.header)
    for line, row in zip(table.lines.tolist(), table.rows, strict=True):
        if len(row) != width:
            continue  # reported by check_widths
        cell = dict(zip(table.header, row, strict=True))
        issue = _issue(problems, line, cell, seen, tolerance)
        if issue is not None:
            issue = _outcome(problems, line, cell, issue, sources)
        if issue is not None:
            out.append(issue)
            if issue.outcome is not None and issue.outcome.value is not None:
                if not issue.outcome.sources:
                    unsourced.append(line)
    warnings = []
    if unsourced:
        n = len(unsourced)
        warnings.append(
            Diagnostic(
                Location(shown_path, unsourced[0]),
                f"{n} outcome{'s cite' if n != 1 else ' cites'} no source (the "
                "'outcome_source' column is empty or absent)",
                Severity.WARNING,
            )
        )
    return IssuesRead(out, problems.finish(), seen, warnings)


def _outcome(
    problems: Problems, line: int, cell: dict[str, str], issue: Issue, sources: Collection[str]
) -> Issue | None:
    """The issue with the outcome and tags its row gives, or ``None`` when they are wrong."""
    outcome, wrong = outcomes.read_outcome(cell, issue, sources)
    tags_text = cell.get("tags", "")
    tags, wrong_tags = outcomes.read_tags(tags_text) if tags_text.strip() else ((), [])
    for message in wrong + wrong_tags:
        problems.error(line, message)
    if wrong or wrong_tags:
        return None
    if outcome is None and not tags:
        return issue
    return replace(issue, outcome=outcome, tags=tags)


def _issue(
    problems: Problems, line: int, cell: dict[str, str], seen: dict[str, int], tolerance: float
) -> Issue | None:
    issue_id, kind = cell["id"].strip(), cell["kind"].strip()
    if not is_id(issue_id):
        what = f"'{shown(issue_id)}' is not a valid issue id" if issue_id else "missing"
        problems.error(line, f"id: {what} (expected {ID_RULE})")
        return None
    if issue_id in seen:
        problems.error(
            line, f"id: issue '{issue_id}' is defined twice (first at line {seen[issue_id]})"
        )
        return None
    seen[issue_id] = line
    if kind not in KINDS:
        what = f"'{shown(kind)}'" if kind else "missing"
        problems.error(line, f"kind: {what} (expected {one_of(KINDS)})")
        return None
    errors = len(problems.errors) + problems.hidden
    for name, kinds in ONLY.items():
        if kind not in kinds and cell.get(name, "").strip():
            problems.error(
                line,
                f"{name}: applies to a {' or '.join(kinds)} issue only (this is a {kind} issue)",
            )
    title = text_cell(cell.get("title", "")) or issue_id
    description = text_cell(cell.get("description", ""))
    issue: Issue | None
    if kind == "scale":
        issue = _scale(problems, line, cell, issue_id, title, description, tolerance)
    else:
        issue = _options(problems, line, cell, kind, issue_id, title, description)
    return issue if len(problems.errors) + problems.hidden == errors else None


def _scale(
    problems: Problems,
    line: int,
    cell: dict[str, str],
    issue_id: str,
    title: str,
    description: str | None,
    default_tolerance: float,
) -> ScaleIssue | None:
    found = _bounds(
        cell.get("lo", ""),
        cell.get("hi", ""),
        cell.get("tolerance", ""),
        cell.get("status_quo", ""),
    )
    if isinstance(found, str):
        problems.error(line, found)
        return None
    lo, hi, tolerance, status_quo = found
    return ScaleIssue(
        issue_id,
        title,
        lo,
        hi,
        status_quo,
        (),
        default_tolerance if tolerance is None else tolerance,
        description,
    )


@functools.lru_cache(maxsize=4096)
def _bounds(
    lo_text: str, hi_text: str, tolerance_text: str, status_quo_text: str
) -> tuple[float, float, float | None, float | None] | str:
    """A scale issue's lo, hi, tolerance and status quo, or what is wrong with them; once per
    distinct set of cells (thousands of issues often share their bounds)."""
    found: dict[str, float | None] = {}
    for name, text, bounds in (
        ("lo", lo_text, (-MAX_MAGNITUDE, MAX_MAGNITUDE)),
        ("hi", hi_text, (-MAX_MAGNITUDE, MAX_MAGNITUDE)),
        ("tolerance", tolerance_text, (0.0, None)),
    ):
        value = number(text, name, lo=bounds[0], hi=bounds[1]) if text.strip() else None
        if isinstance(value, str):
            return value
        found[name] = value
    lo, hi, tolerance = found["lo"], found["hi"], found["tolerance"]
    lo, hi = (0.0 if lo is None else lo), (100.0 if hi is None else hi)
    if lo == hi:
        return f"lo and hi: [{fmt(lo)}, {fmt(hi)}] has no width (expected lo < hi)"
    if lo > hi:
        return f"lo and hi: lo {fmt(lo)} is greater than hi {fmt(hi)} (expected lo < hi)"
    status_quo = number(status_quo_text, "status_quo") if status_quo_text.strip() else None
    if isinstance(status_quo, str):
        return status_quo
    if status_quo is not None and not lo <= status_quo <= hi:
        return f"status_quo: {shown(status_quo_text.strip())} is outside [{fmt(lo)}, {fmt(hi)}]"
    return lo, hi, tolerance, status_quo


@functools.lru_cache(maxsize=1024)
def _option_list(text: str, kind: str) -> tuple[tuple[str, ...], tuple[Option, ...]] | str:
    """The options of a cell (ids in order, and the options), or what is wrong with it;
    each distinct cell is read once (thousands of issues often share one list)."""
    ids: dict[str, None] = {}  # in order, with a set's lookup
    for option in (o.strip() for o in text.split(LIST_SEP)):
        if not option:
            continue
        if not is_id(option):
            return f"options: '{shown(option)}' is not a valid option id (expected {ID_RULE})"
        if option in ids:
            return f"options: option '{option}' is listed twice"
        ids[option] = None
    if not ids:
        return (
            f"options: missing (a {kind} issue needs at least one option id; separate them "
            f"with '{LIST_SEP}')"
        )
    return tuple(ids), tuple(Option(o, o) for o in ids)


def _options(
    problems: Problems,
    line: int,
    cell: dict[str, str],
    kind: str,
    issue_id: str,
    title: str,
    description: str | None,
) -> ChoiceIssue | SetIssue | None:
    parsed = _option_list(cell.get("options", ""), kind)
    if isinstance(parsed, str):
        problems.error(line, parsed)
        return None
    ids, options = parsed
    if kind == "set":
        return SetIssue(issue_id, title, options, description)
    status_quo = cell.get("status_quo", "").strip() or None
    if status_quo is not None and status_quo not in ids:
        problems.error(
            line,
            f"status_quo: '{shown(status_quo)}' is not one of the options (expected {one_of(ids)})",
        )
        return None
    return ChoiceIssue(issue_id, title, options, status_quo, description)
