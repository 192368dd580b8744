"""The files of an imported scenario: scenario.yaml, parties/*.yaml and stances.csv, with
the input line of each line written."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from gapcli.io import files
from gapcli.io.importers.common import Imported
from gapcli.io.spec import STANCE_COLUMNS


class Written:
    """The input line of each line of the written scenario.yaml and stances.csv."""

    def __init__(self) -> None:
        self.scenario: list[int] = []  # by line - 1
        # the line a row starts on -> its input line; empty when no cell holds a line break
        # (row k is then on line k + 2)
        self.table: dict[int, int] = {}


def _plain(value: object) -> object:
    """Whole numbers written as such (range: [0, 100], not [0.0, 100.0])."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _dump(value: object) -> str:
    """YAML whose only line breaks are ``\n``: a text holding another character a YAML
    reader counts as one (``\r``, NEL, U+2028, U+2029) is double-quoted, with escapes, so
    that lines counted here are the loader's (and the text reads back the same)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
        style = '"' if any(c in data for c in "\r\x85\u2028\u2029") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(value, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=1 << 30)


def _indent(text: str) -> str:
    return "\n".join("  " + line if line.strip() else line for line in text.split("\n"))


def _breaks(text: str) -> int:
    """Lines a CSV reader counts in ``text`` (it ends a line at \\n, \\r\\n or \\r)."""
    return len(re.findall(r"\r\n|\r|\n", text))


def write(found: Imported, target: Path) -> Written:
    """scenario.yaml, parties/*.yaml and stances.csv of ``found`` in the folder ``target``;
    text cells of stances.csv that a spreadsheet would run as formulas are escaped."""
    written = Written()
    parts: list[str] = []

    def add(text: str, line: int) -> None:
        parts.append(text)
        written.scenario += [line] * text.count("\n")

    head: dict[str, object] = {"title": found.title}
    if found.description:
        head["description"] = found.description
    add(_dump(head), found.title_line)
    if found.sources:
        add("sources:\n", found.header_line)
        for key, fields in found.sources.items():
            add(_indent(_dump({key: fields})), found.source_lines.get(key, found.header_line))
    add("issues:\n", found.header_line)
    for issue, fields in found.issues.items():
        add(_indent(_dump({issue: _plain(fields)})), found.issue_lines.get(issue, 1))
    (target / "scenario.yaml").write_text("".join(parts), encoding="utf-8")
    parties = {
        p: {k: _plain(v) for k, v in f.items() if v is not None} for p, f in found.parties.items()
    }
    if any(parties.values()):
        (target / "parties").mkdir()
        for party, fields in parties.items():
            (target / "parties" / f"{party}.yaml").write_text(
                _dump(fields or {"name": party}), encoding="utf-8"
            )
    _write_table(found, target / "stances.csv", written)
    return written


def _write_table(found: Imported, path: Path, written: Written) -> None:
    """stances.csv, with the first line of each row in ``written`` when a cell holds a line
    break."""
    # column by column: a million rows are a few list passes, not a million Python loops
    keys = set().union(*map(dict.keys, found.rows))
    columns = {c: [row.get(c, "") for row in found.rows] for c in STANCE_COLUMNS if c in keys}
    used = [
        c for c in STANCE_COLUMNS if c in ("party", "issue", "salience") or any(columns.get(c, ()))
    ]
    risky = (*files.FORMULA_START, "'")  # the only cells to_spreadsheet may change
    multiline: list[list[str]] = []
    for c in used:
        cells = columns.setdefault(c, [""] * len(found.rows))
        if any(cell.startswith(risky) for cell in cells):
            columns[c] = [files.to_spreadsheet(cell) for cell in cells]
        if any("\n" in cell or "\r" in cell for cell in cells):
            multiline.append(columns[c])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(used)
        writer.writerows(zip(*(columns[c] for c in used), strict=True))
    if multiline:  # each row's first line, as a CSV reader counts them
        line = 2
        for k, source in enumerate(found.lines):
            written.table[line] = source
            line += 1 + sum(_breaks(cells[k]) for cells in multiline)
