"""The keys of every object in a position file, with their meaning and JSON Schema.

One table serves both the loader (which keys exist, which are required, did-you-mean) and
``gapcli schema`` (the JSON Schema editors use), so the two cannot drift apart. Value rules
that JSON Schema cannot express (an ``accepts`` range containing the position, ids that
must exist) live in the loader only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
ID_RULE = "letters, digits, '-' and '_', starting with a letter or digit"

_ID: JSON = {"type": "string", "pattern": ID_PATTERN}
_TEXT: JSON = {"type": "string"}
_DATE: JSON = {"type": "string", "format": "date"}
_NUMBER: JSON = {"type": "number"}
_SALIENCE: JSON = {"type": "number", "minimum": 0, "maximum": 1}
_ID_LIST: JSON = {"type": "array", "items": _ID, "uniqueItems": True}


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    doc: str
    schema: JSON
    required: bool = False


@dataclass(frozen=True, slots=True)
class ObjectSpec:
    """The keys one kind of mapping takes; ``what`` names it in messages."""

    what: str
    keys: tuple[Key, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys if k.required)

    def key(self, name: str) -> Key:
        return next(k for k in self.keys if k.name == name)


SOURCE = ObjectSpec(
    "source",
    (
        Key("title", "What the source is called.", _TEXT, required=True),
        Key("published", "Publication date (YYYY-MM-DD).", _DATE),
        Key("author", "Author or speaker.", _TEXT),
        Key("publisher", "Outlet or institution.", _TEXT),
        Key("url", "Where to find it.", _TEXT),
        Key("note", "Anything a reader should know about the source.", _TEXT),
    ),
)

DEFAULTS = ObjectSpec(
    "defaults",
    (
        Key(
            "tolerance",
            "Scale points accepted either side of a position when a stance gives no `accepts`.",
            {"type": "number", "minimum": 0},
        ),
    ),
)

_ISSUE_COMMON = (
    Key("title", "Human-readable name (default: the issue id).", _TEXT),
    Key("description", "What the issue is about.", _TEXT),
    Key("kind", "scale, choice or set.", {"enum": ["scale", "choice", "set"]}, required=True),
)
_OPTIONS = Key(
    "options",
    "The options, as a mapping of id to label (or a list of ids).",
    {
        "oneOf": [
            {
                "type": "object",
                "propertyNames": _ID,
                "additionalProperties": _TEXT,
                "minProperties": 1,
            },
            {"type": "array", "items": _ID, "uniqueItems": True, "minItems": 1},
        ]
    },
    required=True,
)

_SOURCE_REFS: JSON = {"oneOf": [_ID, {"type": "array", "items": _ID, "minItems": 1}]}
#: What an issue came to (docs/format.md, "Outcomes"): read by `gapcli backtest` only.
_OUTCOME_COMMON = (
    Key("outcome_as_of", "The date the outcome describes (YYYY-MM-DD).", _DATE),
    Key(
        "outcome_source",
        "Key (or list of keys) of `sources` that record the outcome.",
        _SOURCE_REFS,
    ),
    Key(
        "outcome_note",
        "The reasoning behind the outcome, or why none is recorded.",
        _TEXT,
    ),
    Key(
        "tags",
        "Labels for grouping issues: a mapping of key to text (e.g. proposal, year).",
        {
            "type": "object",
            "propertyNames": _ID,
            "additionalProperties": {"type": ["string", "number", "boolean"]},
        },
    ),
)

SCALE_ISSUE = ObjectSpec(
    "scale issue",
    (
        *_ISSUE_COMMON,
        Key(
            "range",
            "[lo, hi], the ends of the scale (default [0, 100]).",
            {"type": "array", "items": _NUMBER, "minItems": 2, "maxItems": 2},
        ),
        Key("status_quo", "The point that holds if talks fail.", _NUMBER),
        Key(
            "labels",
            "Meaning of points on the scale: a mapping of point to text.",
            {
                "type": "object",
                "propertyNames": {"pattern": r"^-?[0-9.]+$"},
                "additionalProperties": _TEXT,
            },
        ),
        Key(
            "tolerance",
            "Overrides defaults.tolerance for this issue.",
            {"type": "number", "minimum": 0},
        ),
        Key("outcome", "What the issue came to: a point in the range.", _NUMBER),
        *_OUTCOME_COMMON,
    ),
)
CHOICE_ISSUE = ObjectSpec(
    "choice issue",
    (
        *_ISSUE_COMMON,
        _OPTIONS,
        Key("status_quo", "The option that holds if talks fail.", _ID),
        Key("outcome", "What the issue came to: one option id.", _ID),
        *_OUTCOME_COMMON,
    ),
)
SET_ISSUE = ObjectSpec(
    "set issue",
    (
        *_ISSUE_COMMON,
        _OPTIONS,
        Key(
            "outcome",
            "What the issue came to: the ids of the options included ([] for none).",
            {"type": "array", "items": _ID, "uniqueItems": True},
        ),
        *_OUTCOME_COMMON,
    ),
)
ISSUE_BY_KIND = {"scale": SCALE_ISSUE, "choice": CHOICE_ISSUE, "set": SET_ISSUE}

_STANCE_COMMON = (
    Key(
        "salience",
        "How much the issue matters to the party, from 0 to 1.",
        _SALIENCE,
        required=True,
    ),
    Key("source", "Key (or list of keys) of `sources` that this stance rests on.", _SOURCE_REFS),
    Key("note", "The reasoning behind the stance.", _TEXT),
    Key(
        "uncertainty",
        "How far the estimate may be off: scale points on a scale issue; on a choice or set "
        "issue, the probability (0 to 1) that the stance is misread.",
        {"type": "number", "minimum": 0},
    ),
    Key(
        "capability",
        "The party's clout on this issue, > 0 (default: the party's capability).",
        {"type": "number", "exclusiveMinimum": 0},
    ),
)
SCALE_STANCE = ObjectSpec(
    "stance on a scale issue",
    (
        Key("position", "The point the party asks for.", _NUMBER, required=True),
        Key(
            "accepts",
            "[lo, hi], the points the party would accept (default: position ± tolerance).",
            {"type": "array", "items": _NUMBER, "minItems": 2, "maxItems": 2},
        ),
        *_STANCE_COMMON,
    ),
)
CHOICE_STANCE = ObjectSpec(
    "stance on a choice issue",
    (
        Key("prefers", "The option the party wants.", _ID, required=True),
        Key("accepts", "The options the party would accept (default: just `prefers`).", _ID_LIST),
        *_STANCE_COMMON,
    ),
)
SET_STANCE = ObjectSpec(
    "stance on a set issue",
    (
        Key("require", "Options the party insists are included.", _ID_LIST),
        Key("reject", "Options the party insists are excluded.", _ID_LIST),
        *_STANCE_COMMON,
    ),
)
STANCE_BY_KIND = {"scale": SCALE_STANCE, "choice": CHOICE_STANCE, "set": SET_STANCE}

PARTY = ObjectSpec(
    "party",
    (
        Key("id", "The party's id (default: the file name without .yaml).", _ID),
        Key("name", "Human-readable name (default: the id).", _TEXT),
        Key("description", "Who the party is; reasoning behind its capability.", _TEXT),
        Key(
            "capability",
            "Relative clout, > 0 (default 1).",
            {"type": "number", "exclusiveMinimum": 0},
        ),
        Key(
            "observer",
            "true: an outside party, shown in pair gaps but taking no part in any issue's "
            "blockers, support point, bridge or forecast (default false).",
            {"type": "boolean"},
        ),
        Key(
            "stances",
            "The party's stance on each issue it takes a position on.",
            {"type": "object"},
        ),
    ),
)

SCENARIO = ObjectSpec(
    "scenario",
    (
        Key("title", "What the scenario is.", _TEXT, required=True),
        Key("description", "Context, and how positions were estimated.", _TEXT),
        Key("as_of", "The date the positions describe (YYYY-MM-DD).", _DATE),
        Key("sources", "Citation keys that stances refer to.", {"type": "object"}),
        Key("defaults", "Defaults for stances.", {"type": "object"}),
        Key(
            "issues",
            "The issues under negotiation, by id (required unless issues.csv declares them).",
            {"type": "object"},
        ),
        Key("parties", "Parties written inline, by id (a one-file scenario).", {"type": "object"}),
    ),
)

#: The columns of stances.csv (and of `gapcli export csv`), in their order.
STANCE_COLUMNS = (
    "party",
    "issue",
    "position",
    "salience",
    "capability",
    "accepts_lo",
    "accepts_hi",
    "prefers",
    "accepts",
    "require",
    "reject",
    "source",
    "note",
    "uncertainty",
)
