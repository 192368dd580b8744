"""An issue's outcome and tags in YAML (docs/format.md, "Outcomes"): a part of the loader.

What an issue came to is read by ``gapcli backtest`` only; every other analysis ignores it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from gapcli.errors import Location
from gapcli.io import yamlio
from gapcli.io.checks import UNSOURCED_LISTED, Checker
from gapcli.io.spec import ID_PATTERN, ID_RULE
from gapcli.io.yamlio import Node
from gapcli.model import ChoiceIssue, Issue, Outcome, ScaleIssue, Tags

#: The keys that say something about an outcome besides the outcome itself.
OUTCOME_DETAILS = ("outcome_as_of", "outcome_source", "outcome_note")
_ID_RE = re.compile(ID_PATTERN)


@dataclass(frozen=True, slots=True)
class OutcomeRead:
    """An issue's outcome (``None``: none is given, or it is wrong and reported), and where
    an outcome that cites no source was given (``None``: it cites one, or there is none)."""

    outcome: Outcome | None
    unsourced: Location | None = None


def read_outcome(check: Checker, issue: Issue, node: Node, sources: Collection[str]) -> OutcomeRead:
    """The outcome keys of the issue mapping ``node``, checked against the issue (its range
    or options) and the scenario's source keys."""
    fields: dict[str, Node] = node.value
    given = "outcome" in fields
    if not given and not any(k in fields for k in OUTCOME_DETAILS):
        return OutcomeRead(None)
    errors = len(check.errors)
    if not given and "outcome_note" not in fields:
        for key in ("outcome_as_of", "outcome_source"):
            if key in fields:
                check.error(
                    node.keys[key],
                    f"{key} without outcome: give the outcome, or an outcome_note saying "
                    "why none is recorded",
                )
        return OutcomeRead(None)
    value = _value(check, issue, fields["outcome"]) if given else None
    as_of = check.date(fields.get("outcome_as_of"), name="outcome_as_of")
    refs = check.source_refs(fields.get("outcome_source"), name="outcome_source", known=sources)
    note = check.text(fields.get("outcome_note"), name="outcome_note")
    if len(check.errors) != errors:
        return OutcomeRead(None)
    unsourced = node.keys["outcome"] if given and not refs else None
    return OutcomeRead(Outcome(value, as_of, refs, note), unsourced)


def _value(check: Checker, issue: Issue, node: Node) -> float | str | tuple[str, ...] | None:
    """The outcome as the issue's kind has it: a point in range, an option id, or the ids of
    the options included, in the issue's option order."""
    if isinstance(issue, ScaleIssue):
        return check.number(node, name="outcome", lo=issue.lo, hi=issue.hi)
    ids = issue.option_ids
    if isinstance(issue, ChoiceIssue):
        return check.option(node, name="outcome", options=ids, issue=issue.id)
    if node.value is None:  # unlike a stance's lists: an empty value is not a known outcome
        check.error(
            node.loc,
            "outcome: expected a list of option ids, not an empty value (write [] when none "
            "of the options was included, or leave out outcome when it is not known)",
        )
        return None
    included = check.id_list(node, name="outcome", options=ids, issue=issue.id)
    return None if included is None else tuple(o for o in ids if o in included)


def read_tags(check: Checker, node: Node | None) -> Tags:
    """``tags``: a mapping of key (an id) to a scalar, kept as written (``2000`` is the text
    '2000', ``no`` stays 'no'), in the order written."""
    if node is None or node.value is None:
        return ()
    if not node.is_mapping:
        check.error(
            node.loc, f"tags: expected a mapping of key to text, not {yamlio.describe(node)}"
        )
        return ()
    tags: list[tuple[str, str]] = []
    for key, value in node.value.items():
        if _ID_RE.fullmatch(key) is None:
            check.error(
                node.keys[key], f"tags: '{key}' is not a valid tag key (expected {ID_RULE})"
            )
            continue
        text = value.value if isinstance(value.value, str) else value.text
        if not value.is_scalar or value.value is None or not text.strip():
            check.error(
                value.loc,
                f"tags: {key}: expected text, not {yamlio.describe(value)} (a tag's value is "
                "text, a number or a date, kept as written)",
            )
            continue
        tags.append((key, text))
    return tuple(tags)


def warn_unsourced(check: Checker, where: list[tuple[str, Location]]) -> None:
    """A warning for each outcome that cites no source (its issue, and where its ``outcome``
    key is), as for stances: the first :data:`UNSOURCED_LISTED` one by one, the rest as one
    line with a count."""
    for issue_id, loc in where[:UNSOURCED_LISTED]:
        check.warn(loc, f"outcome of issue '{issue_id}' cites no source")
    if len(where) > UNSOURCED_LISTED:
        check.warn(
            Location(where[0][1].path),
            f"{len(where) - UNSOURCED_LISTED} more outcomes in this file cite no source "
            f"({len(where)} in all; the first {UNSOURCED_LISTED} are listed above)",
        )
