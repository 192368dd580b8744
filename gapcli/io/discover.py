"""Which scenario a command means when the user names a folder of scenarios, or none at all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gapcli.errors import InputError, Location
from gapcli.io import files, yamlio
from gapcli.io.folder import SCENARIO_FILES, TABLES, scenario_file, shown_path

if TYPE_CHECKING:
    from gapcli.io.loader import Loaded

DEFAULT_DIR = Path("positions")
HERE = Path(".")
#: How the hint shows the command that was run when its caller does not say (``{path}``:
#: where the scenario's path goes).
DEFAULT_EXAMPLE = "gapcli validate {path}"
MAX_LISTED = 5  # entries a note names one by one


@dataclass(frozen=True, slots=True)
class Candidate:
    path: Path
    as_of: str | None

    def __str__(self) -> str:
        return f"{shown_path(self.path)} (as of {self.as_of or 'no date'})"


@dataclass(frozen=True, slots=True)
class Choice:
    """The scenario chosen, and a note for stderr when it was picked among several."""

    path: Path
    note: str | None = None


def default_path() -> Path:
    """The folder a command reads when it is given no path: ``./positions`` when there is
    one, else the current folder when it is a scenario (holds ``scenario.yaml``), else
    ``./positions`` (which :func:`choose` says is missing)."""
    if not DEFAULT_DIR.is_dir() and scenario_file(HERE) is not None:
        return HERE
    return DEFAULT_DIR


def choose(path: Path | None, example: str = DEFAULT_EXAMPLE) -> Choice:
    """The scenario to load for ``path``.

    A scenario directory or file is used as it is. With no path, ``./positions``, or the
    current folder when there is no ``./positions`` and it holds ``scenario.yaml``. A
    directory of scenarios (``./positions``) yields its only scenario, or the one with the
    latest ``as_of``. ``example`` is the command that was run, for the hint when there is
    nothing to read (``{path}`` where a scenario's path goes).
    """
    folder = default_path() if path is None else path
    if path is None and not folder.is_dir():
        raise InputError.at(
            Location(shown_path(folder)),
            "no scenario named and no ./positions folder here (name one, "
            f"e.g. '{example.format(path='path/to/scenario')}', or start one with "
            "'gapcli init positions/NAME')",
        )
    if not folder.is_dir() or scenario_file(folder) is not None or _has_parts(folder):
        return Choice(folder)  # a scenario (the loader says what is wrong with it, if anything)
    found, other = survey(folder)
    if not found and path is not None:
        return Choice(folder)  # the loader says why this folder is not a scenario
    if not found:
        raise InputError.at(
            Location(shown_path(folder)),
            f"no scenario here (expected {' or '.join(SCENARIO_FILES)}, or folders holding one; "
            f"start one with 'gapcli init {shown_path(folder / 'NAME')}')",
        )
    skipped = f"; {passed_over(folder, other)}" if other else ""
    if len(found) == 1:
        return Choice(found[0].path, f"using {found[0]}{skipped}" if other else None)
    latest = max(found, key=lambda c: (c.as_of or "", shown_path(c.path)))
    others = ", ".join(str(c) for c in found if c is not latest)
    note = (
        f"using {latest}, the latest of {len(found)} scenarios in {shown_path(folder)}; "
        f"the others: {others}{skipped}"
    )
    return Choice(latest.path, note)


def _has_parts(folder: Path) -> bool:
    """A folder with parties/ or a stances table is a scenario, even without its
    scenario.yaml: never a folder of scenarios."""
    return any((folder / part).exists() for part in ("parties", *TABLES))


def scenarios_in(folder: Path) -> list[Candidate]:
    """Scenario directories and one-file scenarios directly inside ``folder``, by name."""
    return survey(folder)[0]


def survey(folder: Path) -> tuple[list[Candidate], list[str]]:
    """The scenarios directly inside ``folder``, and every other entry (hidden ones aside)
    with why it is not one: nothing there is passed over without a word."""
    found: list[Candidate] = []
    other: list[str] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        main = scenario_file(entry) if entry.is_dir() else None
        if main is not None:
            found.append(Candidate(entry, _as_of(main)))
        elif entry.is_dir():
            other.append(f"{entry.name}/ (no scenario.yaml)")
        elif entry.suffix in (".yaml", ".yml"):
            root, why = _read(entry)
            if root is not None and "issues" in root.value:
                found.append(Candidate(entry, _date_text(root)))
            else:
                other.append(f"{entry.name} ({why or 'no issues: not a scenario'})")
        else:
            other.append(f"{entry.name} ({files.why_unreadable(entry) or 'not a scenario'})")
    return found, other


def passed_over(folder: Path, other: list[str]) -> str:
    """A note naming the entries of a folder of scenarios that are not scenarios."""
    shown = other[:MAX_LISTED] + (
        [f"{len(other) - MAX_LISTED} more"] if len(other) > MAX_LISTED else []
    )
    return f"passed over in {shown_path(folder)}: {', '.join(shown)}"


def _read(path: Path) -> tuple[yamlio.Node | None, str | None]:
    """A file's YAML root when it is a mapping, else why not (the first problem)."""
    try:
        root = yamlio.load(path, shown_path(path))
    except InputError as exc:
        return None, exc.diagnostics[0].message
    return (root, None) if root is not None and root.is_mapping else (None, "not a mapping")


def _root(path: Path) -> yamlio.Node | None:
    return _read(path)[0]


def _as_of(path: Path) -> str | None:
    root = _root(path)
    return _date_text(root) if root is not None else None


def _date_text(root: yamlio.Node) -> str | None:
    node = root.value.get("as_of")
    return str(node.value) if node is not None and node.value is not None else None


def load_chosen(
    path: Path | None, sets: Sequence[str] = (), example: str = DEFAULT_EXAMPLE
) -> tuple[Loaded, str | None]:
    """Choose the scenario ``path`` names (:func:`choose`) and load it with ``sets``, the
    ``--set`` texts, applied; also the note on the choice (``None`` when ``path`` named one
    scenario). A malformed ``--set`` text is a :class:`ValueError`; a bad file, an
    :class:`InputError`. ``example``: as for :func:`choose`."""
    from gapcli.io.loader import load_scenario
    from gapcli.io.overrides import parse

    chosen = choose(path, example)
    return load_scenario(chosen.path, [parse(s) for s in sets]), chosen.note
