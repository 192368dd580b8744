"""What a command that writes files wrote: each file's path and size, and what it noted.

``init``, ``report``, ``export`` and ``import`` write files rather than print a result; with
``--json`` they print this record of it in the usual envelope (docs/json.md), so a script
learns where the files are without parsing a message meant for a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gapcli.analyses.records import Report

if TYPE_CHECKING:
    from gapcli.errors import Diagnostic
    from gapcli.model import Scenario


@dataclass(frozen=True, slots=True)
class Written:
    """One file written: its path as the user would write it, and its size in bytes."""

    path: str
    bytes: int

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "bytes": self.bytes}


def on_disk(paths: Iterable[Path]) -> tuple[Written, ...]:
    """The files just written, with their sizes as they are on disk, in the order given."""
    return tuple(Written(path.as_posix(), path.stat().st_size) for path in paths)


def files_under(folder: Path) -> tuple[Written, ...]:
    """Every file in ``folder`` (a folder a command has just made): a folder's own files
    first, then its subfolders', each by name."""
    found = [p for p in folder.rglob("*") if p.is_file()]
    return on_disk(sorted(found, key=lambda p: (len(p.relative_to(folder).parts), p)))


def written(
    command: str,
    files: Sequence[Written],
    *,
    scenario: Scenario | None = None,
    notes: Sequence[str] = (),
    warnings: Sequence[Diagnostic] = (),
    details: Mapping[str, Any] | None = None,
) -> Report:
    """The report of a command that wrote ``files``: ``result`` holds ``files`` (``path``,
    ``bytes``), ``bytes`` (their sum), ``notes`` (what was inferred or could not be kept, as
    said on stderr) and the command's own ``details``."""
    result: dict[str, Any] = {
        **(details or {}),
        "files": [f.to_json() for f in files],
        "bytes": sum(f.bytes for f in files),
        "notes": list(notes),
    }
    count = len(files)
    summary = f"wrote {count} file{'' if count == 1 else 's'}"
    return Report(
        command=command,
        result=result,
        scenario=scenario,
        summary=summary,
        warnings=tuple(warnings),
    )
