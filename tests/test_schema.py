"""`gapcli schema` is a valid JSON Schema that accepts real scenarios and rejects bad ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from gapcli.io import yamlio

from conftest import BASE_FILES, POSITIONS, REPO, WORKED, run


def schema(which: str) -> dict[str, Any]:
    result = run("schema", f"--{which}")
    assert result.exit_code == 0
    doc: dict[str, Any] = json.loads(result.stdout)
    Draft202012Validator.check_schema(doc)
    return doc


def data(text: str) -> Any:
    node = yamlio.parse(text, "x.yaml")
    assert node is not None
    return yamlio.plain(node)


def shipped() -> list[Path]:
    folders = [POSITIONS / name for name in WORKED]
    return [f / "scenario.yaml" for f in folders] + sorted(
        p for f in folders for p in f.glob("parties/*.yaml")
    )


def test_committed_schema_files_match_the_command() -> None:
    for which in ("scenario", "party"):
        committed = json.loads((REPO / "docs" / "schema" / f"{which}.schema.json").read_text())
        assert committed == schema(which), f"regenerate docs/schema/{which}.schema.json"


def test_shipped_scenarios_pass_the_schema() -> None:
    files = shipped()
    assert len(files) >= 16
    validators = {w: Draft202012Validator(schema(w)) for w in ("scenario", "party")}
    for file in files:
        which = "scenario" if file.name == "scenario.yaml" else "party"
        errors = list(validators[which].iter_errors(data(file.read_text(encoding="utf-8"))))
        assert errors == [], f"{file}: {errors[0].message}"


def test_base_files_pass_the_schema() -> None:
    Draft202012Validator(schema("scenario")).validate(data(BASE_FILES["scenario.yaml"]))
    Draft202012Validator(schema("party")).validate(data(BASE_FILES["parties/gov.yaml"]))


@pytest.mark.parametrize(
    ("which", "old", "new"),
    [
        ("scenario", "title: Test talks", "titel: Test talks"),
        ("scenario", "kind: scale", "kind: scal"),
        ("scenario", "    range: [0, 100]\n", "    range: [0, 1, 2]\n"),
        ("scenario", "  talks:\n", "  'bad id':\n"),
        ("scenario", "tolerance: 5", "tolerance: -5"),
        ("party", "salience: 1,", "salience: 1.5,"),
        ("party", "capability: 0.8", "capability: 0"),
        ("party", "{position: 100,", "{postion: 100,"),
        ("party", ", salience: 0.4", ""),
        ("party", "require: [russia, iran]", "require: russia"),
    ],
)
def test_schema_rejects_bad_files(which: str, old: str, new: str) -> None:
    text = BASE_FILES["scenario.yaml" if which == "scenario" else "parties/gov.yaml"]
    assert old in text
    errors = list(Draft202012Validator(schema(which)).iter_errors(data(text.replace(old, new))))
    assert errors
