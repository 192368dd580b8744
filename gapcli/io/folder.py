"""What a scenario directory holds: the files to read, and a word on every other entry.

Nothing a user puts in a scenario folder is skipped without a word: each entry is read, an
error (a party file or table that cannot be read: a broken link, a directory, a FIFO, a name
in the wrong case) or a warning (a file gapcli does not read). Hidden entries (``.schema``,
``.gitkeep``, editor swap files) are passed over, as ``ls`` does. docs/errors.md lists the
rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gapcli.errors import Diagnostic, Location, Severity
from gapcli.io import files

SCENARIO_FILES = ("scenario.yaml", "scenario.yml")
STANCES_CSV = "stances.csv"
STANCES_PARQUET = "stances.parquet"  # the same table, as large data often comes
ISSUES_CSV = "issues.csv"
PARTY_SUFFIXES = (".yaml", ".yml")
TABLES = (STANCES_CSV, STANCES_PARQUET, ISSUES_CSV)


def shown_path(path: Path) -> str:
    """How a path appears in messages: as the user wrote it, with forward slashes."""
    return path.as_posix()


def scenario_file(directory: Path) -> Path | None:
    """The scenario file of a directory, if it has one (even one that cannot be read: the
    loader says why)."""
    return next((directory / n for n in SCENARIO_FILES if _present(directory / n)), None)


def _present(entry: Path) -> bool:
    """Whether there is an entry of this name (a broken symbolic link too)."""
    return entry.is_symlink() or entry.exists()


@dataclass(frozen=True, slots=True)
class Entries:
    """What a scenario directory holds: the files to read, and a word on every other entry."""

    main: Path | None
    party_files: tuple[Path, ...]
    stances_csv: Path | None  # stances.csv, or stances.parquet in its place
    issues_csv: Path | None
    errors: tuple[Diagnostic, ...]
    warnings: tuple[Diagnostic, ...]


def folder_entries(folder: Path) -> Entries:
    """Sort every entry of a scenario directory (and of its ``parties/``) into what is read,
    what is an error (a party file or table that cannot be read: a broken link, a directory,
    a FIFO, a name in the wrong case) and what is not read (a warning). Hidden entries
    (``.schema``, ``.gitkeep``, editor swap files) are passed over, as ``ls`` does."""
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []

    def readable(entry: Path) -> bool:
        problem = files.why_unreadable(entry)
        if problem is not None:
            errors.append(Diagnostic(Location(shown_path(entry)), problem))
        return problem is None

    mains = [folder / n for n in SCENARIO_FILES if _present(folder / n)]
    if len(mains) > 1:
        errors.append(
            Diagnostic(
                Location(shown_path(mains[1])),
                f"a second scenario file beside {mains[0].name} (keep one of them)",
            )
        )
    main = mains[0] if mains and readable(mains[0]) else None
    tables = {
        name: folder / name if _present(folder / name) and readable(folder / name) else None
        for name in (STANCES_CSV, STANCES_PARQUET, ISSUES_CSV)
    }
    if tables[STANCES_CSV] is not None and tables[STANCES_PARQUET] is not None:
        errors.append(
            Diagnostic(
                Location(shown_path(folder / STANCES_PARQUET)),
                f"a second stances table beside {STANCES_CSV} (keep one of them)",
            )
        )
    party_files: list[Path] = []
    party_dir = folder / "parties"
    known = {*SCENARIO_FILES, *TABLES, "parties"}
    for entry in _listing(folder, errors):
        if entry.name not in known:
            _unknown(
                entry,
                warnings,
                errors,
                "scenario.yaml, parties/, stances.csv or stances.parquet, issues.csv",
            )
    if _present(party_dir) and not party_dir.is_dir():
        errors.append(
            Diagnostic(Location(shown_path(party_dir)), "is not a folder (expected parties/*.yaml)")
        )
    elif party_dir.is_dir():
        for entry in _listing(party_dir, errors):
            if entry.suffix in PARTY_SUFFIXES:
                if readable(entry):
                    party_files.append(entry)
            else:
                _unknown(entry, warnings, errors, "*.yaml and *.yml files")
    return Entries(
        main,
        tuple(party_files),
        tables[STANCES_CSV] or tables[STANCES_PARQUET],
        tables[ISSUES_CSV],
        tuple(errors),
        tuple(warnings),
    )


def _listing(folder: Path, errors: list[Diagnostic]) -> list[Path]:
    try:
        return sorted(e for e in folder.iterdir() if not e.name.startswith("."))
    except OSError as exc:
        errors.append(Diagnostic(Location(shown_path(folder)), f"cannot list: {exc.strerror}"))
        return []


def _unknown(
    entry: Path, warnings: list[Diagnostic], errors: list[Diagnostic], read_here: str
) -> None:
    """An entry gapcli does not read: an error when it looks like a file meant to be read
    under a name in the wrong case, else a warning."""
    where = Location(shown_path(entry))
    lower = entry.name.lower()
    if entry.suffix.lower() in PARTY_SUFFIXES and entry.parent.name == "parties":
        right = entry.stem + entry.suffix.lower()
        errors.append(
            Diagnostic(where, f"not read: party files end in lower case (rename it {right})")
        )
    elif lower in (*SCENARIO_FILES, *TABLES, "parties"):
        errors.append(Diagnostic(where, f"not read: the name must be {lower}, in lower case"))
    else:
        warnings.append(
            Diagnostic(where, f"not read (gapcli reads {read_here} here)", Severity.WARNING)
        )
