"""The loader's problems and warnings about the written scenario, moved to the input file's
lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from gapcli.errors import Diagnostic, Location
from gapcli.io.importers.common import Imported
from gapcli.io.importers.write import Written


class Places:
    """Where in the input each line of the written files comes from."""

    def __init__(self, found: Imported, folder: Path, shown: str, written: Written) -> None:
        self.found, self.shown, self.written = found, shown, written
        self.root = folder.as_posix()
        self.table = f"{self.root}/stances.csv"
        self.scenario = f"{self.root}/scenario.yaml"
        self.parties = f"{self.root}/parties/"
        self.in_text = re.compile(re.escape(self.root) + r"/[^\s:,;)'\"]+(?::\d+(?::\d+)?)?")

    def line(self, path: str, line: int) -> int | None:
        """The input line of a line of a written file (None: not one of them)."""
        found = self.found
        if path == self.table:
            if line in self.written.table:
                return self.written.table[line]
            index = line - 2  # no multi-line cells (or a reader counting rows, not lines)
            return found.lines[index] if 0 <= index < len(found.lines) else found.header_line
        if path == self.scenario:
            lines = self.written.scenario
            return lines[line - 1] if 1 <= line <= len(lines) else found.title_line
        if path.startswith(self.parties):
            return found.party_lines.get(Path(path).stem, found.header_line)
        if path == self.root or path.startswith(self.root + "/"):
            return found.header_line
        return None

    def location(self, where: Location) -> Location:
        line = self.line(where.path, where.line)
        if line is None:
            return where
        return Location(self.shown, line if where.line or where.path != self.table else 0)

    def message(self, where: Location, text: str) -> str:
        def place(match: re.Match[str]) -> str:
            path, _, rest = match.group(0).partition(":")
            line = int(rest.partition(":")[0] or 0)
            return str(self.location(Location(path, line)))

        text = self.in_text.sub(place, text)
        if where.path == self.table:  # the loader's "(first at line N)" of stances.csv
            text = re.sub(
                r"first at line (\d+)",
                lambda m: f"first at line {self.line(self.table, int(m.group(1)))}",
                text,
            )
        return text

    def relocate(self, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
        out: dict[tuple[Location, str], Diagnostic] = {}
        for d in diagnostics:
            where = self.location(d.location)
            moved = Diagnostic(where, self.message(d.location, d.message), d.severity)
            out.setdefault((where, moved.message), moved)
        return sorted(out.values(), key=lambda d: d.location.line or float("inf"))
