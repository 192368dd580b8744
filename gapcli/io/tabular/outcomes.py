"""issues.csv's outcome and tags columns (docs/format.md, "Outcomes").

Each reader returns what it read and the problems found, in the words of the YAML files'
messages; the caller reports them at the row's line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from gapcli.errors import did_you_mean, one_of
from gapcli.io.checks import fmt
from gapcli.io.spec import ID_RULE
from gapcli.io.tabular.common import LIST_SEP, is_id, number, shown, text_cell
from gapcli.model import ChoiceIssue, Issue, Outcome, ScaleIssue, Tags

OUTCOME_COLUMNS = ("outcome", "outcome_as_of", "outcome_source", "outcome_note", "tags")
#: A set issue's outcome when none of its options was included (an empty cell: no outcome).
EMPTY_SET = "-"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_Value = float | str | tuple[str, ...] | None


def read_outcome(
    cell: dict[str, str], issue: Issue, sources: Collection[str]
) -> tuple[Outcome | None, list[str]]:
    """The outcome a row gives its issue (``None`` when its outcome cells are empty), and
    what is wrong with them."""
    value_text = text_cell(cell.get("outcome", "")) or ""
    as_of_text = cell.get("outcome_as_of", "").strip()
    source_text = cell.get("outcome_source", "").strip()
    note = text_cell(cell.get("outcome_note", ""))
    if not (value_text or as_of_text or source_text or note):
        return None, []
    problems: list[str] = []
    if not value_text and note is None:
        for name, text in (("outcome_as_of", as_of_text), ("outcome_source", source_text)):
            if text:
                problems.append(
                    f"{name} without outcome: give the outcome, or an outcome_note saying "
                    "why none is recorded"
                )
        return None, problems
    value: _Value = None
    if value_text:
        found = _value(value_text, issue)
        if isinstance(found, list):
            problems += found
        else:
            value = found
    as_of = None
    if as_of_text:
        as_of = _date(as_of_text)
        if as_of is None:
            problems.append(f"outcome_as_of: expected a date YYYY-MM-DD, not '{shown(as_of_text)}'")
    refs: list[str] = []
    for key in (k.strip() for k in source_text.split(LIST_SEP)):
        if not key:
            continue
        if key not in sources:
            hint = did_you_mean(key, sources) or f"; expected {one_of(sources)}"
            problems.append(f"outcome_source: unknown source '{shown(key)}'{hint}")
        else:
            refs.append(key)
    if problems:
        return None, problems
    return Outcome(value, as_of, tuple(refs), note), []


def _value(text: str, issue: Issue) -> float | str | tuple[str, ...] | list[str]:
    """The outcome in a cell, as the issue's kind has it, or what is wrong with it (a list)."""
    if isinstance(issue, ScaleIssue):
        x = number(text, "outcome", lo=issue.lo, hi=issue.hi)
        if isinstance(x, str):
            if x.endswith("is not a number"):
                x += f" (expected a number from {fmt(issue.lo)} to {fmt(issue.hi)})"
            return [x]
        return x
    ids = issue.option_ids
    if isinstance(issue, ChoiceIssue):
        problem = _unknown(text, ids, issue.id)
        return [problem] if problem else text
    if text == EMPTY_SET:
        return ()
    included: list[str] = []
    problems: list[str] = []
    for option in (o.strip() for o in text.split(LIST_SEP)):
        if not option:
            continue
        problem = _unknown(option, ids, issue.id)
        if problem:
            problems.append(problem)
        elif option in included:
            problems.append(f"outcome: option '{option}' is listed twice")
        else:
            included.append(option)
    if problems:
        return problems
    return tuple(o for o in ids if o in included)


def _unknown(option: str, ids: tuple[str, ...], issue_id: str) -> str | None:
    if option in ids:
        return None
    hint = did_you_mean(option, ids) or f"; expected {one_of(ids)}"
    return f"outcome: unknown option '{shown(option)}' of issue '{issue_id}'{hint}"


def _date(text: str) -> str | None:
    if _DATE.fullmatch(text) is None:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def read_tags(text: str) -> tuple[Tags, list[str]]:
    """``key=value;key=value``: the tags of a cell in the order written, and what is wrong
    with it. A value is kept as written (spaces around it aside)."""
    tags: dict[str, str] = {}
    problems: list[str] = []
    for item in (t.strip() for t in text.split(LIST_SEP)):
        if not item:
            continue
        key, eq, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not eq:
            problems.append(
                f"tags: '{shown(item)}' has no '=' (expected key=value, separated by ';')"
            )
        elif not is_id(key):
            what = f"'{shown(key)}' is not a valid tag key" if key else "a tag has no key"
            problems.append(f"tags: {what} (expected {ID_RULE})")
        elif key in tags:
            problems.append(f"tags: key '{key}' is given twice")
        elif not value:
            problems.append(f"tags: '{key}=' has no value (expected key=value)")
        else:
            tags[key] = value
    return tuple(tags.items()), problems
