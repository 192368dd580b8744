"""JSON Schemas of the position files, built from :mod:`gapcli.io.spec` for editors.

The loader enforces more than these schemas can say (ids that must exist, ``accepts``
containing the position); the schemas give editors completion, hover help and the rules a
single file can check on its own.
"""

from __future__ import annotations

import json
from typing import Any

from gapcli.io import spec
from gapcli.io.spec import JSON, ObjectSpec

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_ID = {"type": "string", "pattern": spec.ID_PATTERN}


def _object(obj: ObjectSpec, overrides: dict[str, JSON] | None = None) -> JSON:
    overrides = overrides or {}
    return {
        "type": "object",
        "description": f"A {obj.what}.",
        "properties": {
            k.name: {**overrides.get(k.name, k.schema), "description": k.doc} for k in obj.keys
        },
        "required": list(obj.required),
        "additionalProperties": False,
    }


def _map_of(ref: str, *, min_items: int = 0) -> JSON:
    out: JSON = {"type": "object", "propertyNames": _ID, "additionalProperties": {"$ref": ref}}
    if min_items:
        out["minProperties"] = min_items
    return out


def _defs() -> dict[str, JSON]:
    defs: dict[str, JSON] = {
        "source": _object(spec.SOURCE),
        "defaults": _object(spec.DEFAULTS),
        "stance": {"anyOf": [{"$ref": f"#/$defs/{k}-stance"} for k in spec.STANCE_BY_KIND]},
        "party": _object(spec.PARTY, {"stances": _map_of("#/$defs/stance")}),
        "issue": {"oneOf": [{"$ref": f"#/$defs/{k}-issue"} for k in spec.ISSUE_BY_KIND]},
    }
    for kind, obj in spec.ISSUE_BY_KIND.items():
        defs[f"{kind}-issue"] = _object(obj, {"kind": {"const": kind}})
    for kind, obj in spec.STANCE_BY_KIND.items():
        defs[f"{kind}-stance"] = _object(obj)
    return defs


def scenario_schema() -> dict[str, Any]:
    """The schema of ``scenario.yaml`` (and of a one-file scenario with inline parties)."""
    top = _object(
        spec.SCENARIO,
        {
            "sources": _map_of("#/$defs/source"),
            "defaults": {"$ref": "#/$defs/defaults"},
            "issues": _map_of("#/$defs/issue", min_items=1),
            "parties": _map_of("#/$defs/party"),
        },
    )
    return {
        "$schema": DRAFT,
        "title": "gapcli scenario",
        **top,
        "$defs": _defs(),
    }


def party_schema() -> dict[str, Any]:
    """The schema of one ``parties/<id>.yaml`` file."""
    defs = _defs()
    party = defs.pop("party")
    return {
        "$schema": DRAFT,
        "title": "gapcli party",
        **party,
        "$defs": {k: v for k, v in defs.items() if "stance" in k},
    }


def schema_text(document: dict[str, Any]) -> str:
    """A schema as written to files and stdout: the same bytes everywhere."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
