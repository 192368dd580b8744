"""``gapcli import``'s target: an imported scenario written into a hidden folder beside it,
checked there by the loader and renamed into place, or nothing left behind."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gapcli.errors import Diagnostic, InputError, Location
from gapcli.io.files import temporary_prefix
from gapcli.io.importers.common import Imported
from gapcli.io.importers.places import Places
from gapcli.io.importers.write import write

if TYPE_CHECKING:
    from gapcli.io.loader import Loaded


def never(what: str = "") -> str:
    """Why an existing target is refused."""
    kind = f" ({what})" if what else ""
    return f"already exists{kind}; import never overwrites (name a new directory)"


def check_target(output: Path) -> None:
    """Refuse a target that exists, unless it is an empty directory (which the new one
    replaces); a missing parent is created later."""
    where = Location(output.as_posix())
    try:
        mode = output.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # a part of the path that is a file is named when the folders are made
    except OSError as exc:
        raise InputError.at(where, f"cannot write: {exc.strerror or exc}") from None
    if stat.S_ISREG(mode):
        raise InputError.at(where, never("a file"))
    if stat.S_ISLNK(mode):
        raise InputError.at(where, never("a symbolic link"))
    if not stat.S_ISDIR(mode):
        raise InputError.at(where, never("not a directory"))
    try:
        with os.scandir(output) as entries:
            empty = next(entries, None) is None
        here = output.name in ("", ".", "..") or os.path.samefile(output, ".")
    except OSError as exc:
        raise InputError.at(where, f"cannot write: {exc.strerror or exc}") from None
    if not empty or here:
        raise InputError.at(where, never())


def _make_parents(output: Path) -> list[Path]:
    """Create the missing folders above ``output``; the ones made, outermost first."""
    where = Location(output.as_posix())
    missing: list[Path] = []
    folder = output.parent
    try:
        while not os.path.lexists(folder) and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        if not folder.is_dir():
            raise InputError.at(where, f"cannot write: '{folder.as_posix()}' is not a folder")
    except OSError as exc:
        raise InputError.at(where, f"cannot write: {exc.strerror or exc}") from None
    made: list[Path] = []
    try:
        for folder in reversed(missing):
            try:
                os.mkdir(folder)
            except FileExistsError:
                if not folder.is_dir():
                    raise
                continue  # made meanwhile by another program: not ours to remove
            made.append(folder)
    except BaseException as exc:
        _remove_folders(made)
        if isinstance(exc, OSError):
            raise InputError.at(
                where, f"cannot create the folder '{folder.as_posix()}': {exc.strerror or exc}"
            ) from None
        raise
    return made


def _remove_folders(made: Sequence[Path]) -> None:
    for folder in reversed(made):
        try:
            os.rmdir(folder)
        except OSError:
            pass


def create(found: Imported, output: Path, shown: str) -> tuple[Loaded, list[Diagnostic]]:
    """Write the scenario into a hidden folder beside ``output``, check it there and rename
    it into place; on any failure (an interrupt too) remove it and the folders made for it.
    Problems and warnings come back at the input file's lines."""
    import shutil
    import tempfile

    from gapcli.io.loader import load_scenario

    where = Location(output.as_posix())
    made: list[Path] = []
    temporary: Path | None = None
    try:
        made = _make_parents(output)
        parent = output.parent
        try:
            temporary = Path(
                tempfile.mkdtemp(prefix=temporary_prefix(output.name) + "tmp", dir=parent)
            )
        except OSError as exc:
            raise InputError.at(
                where, f"cannot write in the folder '{parent.as_posix()}': {exc.strerror or exc}"
            ) from None
        try:
            written = write(found, temporary)
        except OSError as exc:
            raise InputError.at(where, f"cannot write: {exc.strerror or exc}") from None
        places = Places(found, temporary, shown, written)
        try:
            loaded = load_scenario(temporary)
        except InputError as exc:
            raise InputError(places.relocate(exc.diagnostics)) from None
        warnings = places.relocate(loaded.warnings)
        try:
            os.chmod(temporary, 0o777 & ~_umask())  # as a folder made by mkdir (not 0700)
            os.rename(temporary, output)
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
                raise InputError.at(where, never()) from None
            raise InputError.at(where, f"cannot write: {exc.strerror or exc}") from None
        temporary = None
        return loaded, warnings
    except BaseException:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        _remove_folders(made)
        raise


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


MAX_NOTES = 10  # notes shown one by one; the rest are counted


def what_to_say(
    fmt: str, found: Imported, warnings: list[Diagnostic], output: Path
) -> tuple[list[str], list[Diagnostic]]:
    """The notes an import prints (what was inferred or could not be carried over; past
    MAX_NOTES, how many more), and the loader's warnings left to print: a format with no
    sources gets one note for that, not a warning per stance."""
    import re

    notes = found.notes[:MAX_NOTES]
    if len(found.notes) > MAX_NOTES:  # e.g. one inferred issue per roll call of an assembly
        notes.append(
            f"{len(found.notes) - MAX_NOTES} more notes like these (what was inferred "
            f"is written in {output.as_posix()}/scenario.yaml)"
        )
    if not found.sourced:  # the loader's warning would point at a column the file lacks
        unsourced = [w for w in warnings if re.search(r"\bcites? no source", w.message)]
        if unsourced:
            notes.append(f"the {fmt} format has no sources: no stance cites one")
            warnings = [w for w in warnings if w not in unsourced]
    return notes, warnings
