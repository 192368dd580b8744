"""--json on the commands that write files (init, report, export, import) and on schema: one
document on stdout, in the usual envelope, checked against docs/schema/output.schema.json;
and init's --as-of and --title."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import Result

import gapcli

from conftest import BASE_FILES, REPO, assert_no_crash, run, write_files

OUTPUT_SCHEMA = json.loads((REPO / "docs" / "schema" / "output.schema.json").read_text())
VALIDATOR = Draft202012Validator(OUTPUT_SCHEMA)
EU = REPO / "tests" / "fixtures" / "import" / "eu.csv"


def document(result: Result) -> dict[str, Any]:
    """The run's one JSON document (stdout holds nothing else), checked against the schema."""
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("}\n") and result.stdout.count("\n") == 1
    doc: dict[str, Any] = json.loads(result.stdout)
    errors = sorted(VALIDATOR.iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    assert doc["schema_version"] == 2
    return doc


def assert_sizes(result: dict[str, Any]) -> None:
    """Every file listed exists with the size given, and ``bytes`` is their sum."""
    for entry in result["files"]:
        assert Path(entry["path"]).stat().st_size == entry["bytes"], entry
    assert result["bytes"] == sum(entry["bytes"] for entry in result["files"])
    assert len({entry["path"] for entry in result["files"]}) == len(result["files"])


def usage_error(result: Result, option: str) -> str:
    """Exit 2, nothing on stdout, no traceback, and one line saying what is wrong."""
    assert_no_crash(result)
    assert result.exit_code == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and option in errors[0], result.stderr
    return errors[0]


# -- init --------------------------------------------------------------------------------


def test_init_json_lists_the_files_written(in_tmp: Path) -> None:
    result = run("init", "talks", "--json")
    doc = document(result)
    assert doc["command"] == "init" and doc["warnings"] == []
    body = doc["result"]
    assert [f["path"] for f in body["files"]] == [
        "talks/scenario.yaml",
        "talks/parties/first-party.yaml",
        "talks/parties/second-party.yaml",
        "talks/.schema/scenario.schema.json",
        "talks/.schema/party.schema.json",
    ]
    assert_sizes(body)
    assert sorted(p.as_posix() for p in Path("talks").rglob("*") if p.is_file()) == sorted(
        f["path"] for f in body["files"]
    )
    today = dt.date.today().isoformat()
    assert (body["directory"], body["title"], body["as_of"]) == ("talks", "New negotiation", today)
    assert body["notes"] == [f"as_of is today, {today} (--as-of gives another date)"]
    assert doc["scenario"] == {
        "path": "talks",
        "title": "New negotiation",
        "as_of": today,
        "overrides": [],
    }
    assert result.stderr == "gapcli: created 5 files in talks; next: gapcli validate talks\n"


def test_init_as_of_and_title_are_written_and_loaded(in_tmp: Path) -> None:
    title = 'Geneva: "the" talks'
    doc = document(run("init", "geneva", "--as-of", "2016-02-01", "--title", title, "--json"))
    assert doc["result"]["as_of"] == "2016-02-01" and doc["result"]["notes"] == []
    assert doc["scenario"]["as_of"] == "2016-02-01" and doc["scenario"]["title"] == title
    text = (in_tmp / "geneva" / "scenario.yaml").read_text()
    assert "\nas_of: 2016-02-01\n" in text
    assert "published: 2016-02-01}" in text  # the example source is of that date too
    scenario = gapcli.load(in_tmp / "geneva").scenario
    assert (scenario.title, scenario.as_of) == (title, "2016-02-01")
    checked = run("validate", "geneva", "--json")
    assert checked.exit_code == 0 and checked.stderr == "", checked.output


def test_init_without_json_prints_nothing_on_stdout(in_tmp: Path) -> None:
    result = run("init", "talks", "--as-of", "2017-05-16")
    assert result.exit_code == 0 and result.stdout == ""
    assert gapcli.load(in_tmp / "talks").scenario.as_of == "2017-05-16"


@pytest.mark.parametrize(
    "given", ["16/05/2017", "2017-02-30", "2017-13-01", "yesterday", "", "2017-05-16 junk"]
)
def test_init_refuses_a_bad_date(in_tmp: Path, given: str) -> None:
    line = usage_error(run("init", "talks", "--as-of", given, "--json"), "'--as-of'")
    assert line == f"Error: Invalid value for '--as-of': expected a date YYYY-MM-DD, not {given!r}"
    assert not (in_tmp / "talks").exists()


def test_init_writes_an_iso_date_as_yyyy_mm_dd(in_tmp: Path) -> None:
    doc = document(run("init", "talks", "--as-of", "20170516", "--json"))
    assert doc["result"]["as_of"] == "2017-05-16"
    assert gapcli.load(in_tmp / "talks").scenario.as_of == "2017-05-16"


@pytest.mark.parametrize("title", ["", "   "])
def test_init_refuses_a_blank_title(in_tmp: Path, title: str) -> None:
    usage_error(run("init", "talks", "--title", title), "'--title'")
    assert not (in_tmp / "talks").exists()


def test_init_json_prints_nothing_when_it_writes_nothing(in_tmp: Path) -> None:
    write_files(in_tmp / "talks", {"scenario.yaml": "mine\n"})
    result = run("init", "talks", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "already exists" in result.stderr


# -- report ------------------------------------------------------------------------------


def test_report_json_lists_the_page(base: Path) -> None:
    result = run("report", "sc", "-o", "r.html", "--json")
    doc = document(result)
    assert doc["command"] == "report" and doc["scenario"]["title"] == "Test talks"
    assert doc["result"]["format"] == "html"
    assert [f["path"] for f in doc["result"]["files"]] == ["r.html"]
    assert_sizes(doc["result"])
    assert result.stderr == "gapcli: wrote r.html\n"


def test_report_json_lists_the_markdown_and_its_pictures(base: Path) -> None:
    doc = document(run("report", "sc", "-f", "markdown", "-o", "r.md", "--json"))
    body = doc["result"]
    assert body["format"] == "markdown"
    paths = [f["path"] for f in body["files"]]
    assert paths[0] == "r.md" and len(paths) > 1
    assert all(p.startswith("r-") and p.endswith(".svg") for p in paths[1:])
    assert sorted(paths) == sorted(p.name for p in base.parent.iterdir() if p.is_file())
    assert_sizes(body)


def test_report_json_to_stdout_is_a_usage_error(base: Path) -> None:
    usage_error(run("report", "sc", "-o", "-", "--json"), "'--json'")


def test_report_json_carries_the_loaders_warnings(base: Path) -> None:
    (base / "parties" / "opp.yaml").write_text(
        BASE_FILES["parties/opp.yaml"].replace(", source: art}", "}")
    )
    result = run("report", "sc", "-o", "r.html", "--json")
    doc = document(result)
    assert doc["warnings"] and all(w["severity"] == "warning" for w in doc["warnings"])
    assert all(w["message"] in result.stderr for w in doc["warnings"])


# -- export ------------------------------------------------------------------------------


def test_export_json_lists_the_table(base: Path) -> None:
    result = run("export", "csv", "sc", "-o", "s.csv", "--json")
    doc = document(result)
    body = doc["result"]
    assert doc["command"] == "export" and body["format"] == "csv"
    assert [f["path"] for f in body["files"]] == ["s.csv"]
    assert_sizes(body)
    lines = (base.parent / "s.csv").read_text().splitlines()
    assert body["rows"] == len(lines) - 1 == 6
    assert result.stderr == ""


def test_export_json_needs_an_output_file(base: Path) -> None:
    usage_error(run("export", "csv", "sc", "--json"), "'--json'")


def test_export_json_prints_nothing_when_the_file_exists(base: Path) -> None:
    (base.parent / "s.csv").write_text("mine\n")
    result = run("export", "csv", "sc", "-o", "s.csv", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert (base.parent / "s.csv").read_text() == "mine\n"


# -- import ------------------------------------------------------------------------------


def test_import_json_lists_the_files_and_the_notes(in_tmp: Path) -> None:
    result = run("import", "eu", EU, "-o", "out", "--json")
    doc = document(result)
    body = doc["result"]
    assert doc["command"] == "import"
    assert (body["format"], body["source"], body["directory"]) == ("eu", EU.as_posix(), "out")
    paths = [f["path"] for f in body["files"]]
    assert paths[:2] == ["out/scenario.yaml", "out/stances.csv"]
    assert sorted(paths) == sorted(p.as_posix() for p in Path("out").rglob("*") if p.is_file())
    assert_sizes(body)
    loaded = gapcli.load(in_tmp / "out").scenario
    assert body["counts"] == {
        "parties": len(loaded.parties),
        "issues": len(loaded.issues),
        "stances": loaded.stance_count,
    }
    assert doc["scenario"]["path"] == "out" and doc["scenario"]["title"] == loaded.title
    # the notes said on stderr, word for word
    said = [line.removeprefix("gapcli: note: ") for line in result.stderr.splitlines()]
    assert body["notes"] and body["notes"] == said
    assert "inferred" in " ".join(body["notes"])


def test_import_without_json_still_says_what_it_imported(in_tmp: Path) -> None:
    result = run("import", "eu", EU, "-o", "out")
    assert result.exit_code == 0 and result.stdout.startswith(f"imported {EU.as_posix()} (eu)")


def test_import_json_prints_nothing_when_it_fails(in_tmp: Path) -> None:
    (in_tmp / "bad.csv").write_text("Actor,Capability\n")
    result = run("import", "eu", "bad.csv", "-o", "out", "--json")
    assert_no_crash(result)
    assert result.exit_code == 1 and result.stdout == ""
    assert not (in_tmp / "out").exists()


# -- schema ------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["scenario", "party"])
def test_schema_json_is_the_bare_schema_in_the_envelope(which: str) -> None:
    doc = document(run("schema", f"--{which}", "--json"))
    assert doc["command"] == "schema" and doc["scenario"] is None and doc["warnings"] == []
    bare = run("schema", f"--{which}")
    assert doc["result"] == {"which": which, "schema": json.loads(bare.stdout)}


def test_schema_json_defaults_to_the_scenario() -> None:
    assert document(run("schema", "--json"))["result"]["which"] == "scenario"
