"""The user's files: reading them within a limit, and writing ours without losing theirs.

Reading: only regular files are read (a FIFO, a device, a directory, a broken or looping
symbolic link is refused with a message naming it), and never more than a limit of bytes,
counted as they are read (``/dev/zero`` cannot grow memory). Text must be UTF-8; a bad byte
is reported at its line and column.

Writing: a target that exists is replaced only when the user said so (``--force``); nothing
is written into the scenario being read; every file is written to a temporary file in the
target's folder and renamed over it, so an interrupted or failed run leaves the old file
(or none) and never a half-written one.

docs/errors.md lists the limits and what each command may write.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from gapcli.errors import Diagnostic, InputError, Location

#: A YAML position file (scenario.yaml, parties/*.yaml): small by nature.
MAX_YAML_BYTES = 8 * 1024 * 1024
#: A table (stances.csv, issues.csv) or a file to import: roll calls of a whole assembly.
MAX_TABLE_BYTES = 256 * 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "is a directory, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "is a device, not a regular file"),
    (stat.S_ISBLK, "is a device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:g} MiB" if n >= 1024 * 1024 else f"{n:,} bytes"


def why_unreadable(path: Path) -> str | None:
    """Why ``path`` is not a regular file that could be read (``None``: it is one)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return _stat_problem(path, exc)
    if stat.S_ISREG(mode):
        return None
    return next((text for test, text in _KINDS if test(mode)), "is not a regular file")


def _stat_problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"is a broken symbolic link (to '{os.readlink(path)}', which does not exist)"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno == errno.ELOOP:
        return "is a symbolic link that loops (it never reaches a file)"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    if exc.errno == errno.ENOTDIR:
        return "no such file (a part of the path is not a folder)"
    return f"cannot read: {exc.strerror or exc}"


def read_bytes(path: Path, shown: str, *, limit: int, what: str, advice: str = "") -> bytes:
    """The bytes of a regular file, refusing anything else and anything over ``limit``.

    ``what`` names the kind of file in the size message ("YAML position files"), ``advice``
    what to do instead.
    """
    problem = why_unreadable(path)
    if problem is not None:
        raise InputError.at(Location(shown), problem)
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since the check, open does not hang
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError.at(Location(shown), _stat_problem(path, exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError.at(Location(shown), "is not a regular file")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 24, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputError.at(Location(shown), f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if total > limit:
        raise InputError.at(
            Location(shown, 1, 1),
            f"file is over the {size_text(limit)} limit for {what} "
            f"({advice or 'see docs/errors.md'})",
        )
    return b"".join(chunks)


def decode(data: bytes, shown: str) -> str:
    """UTF-8 text (a leading byte-order mark dropped); a NUL byte, UTF-16 or a byte that is not
    UTF-8 is refused at its line and column."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.at(Location(shown, 1, 1), "file is UTF-16 encoded (save it as UTF-8)")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError.at(
            byte_location(data, nul, shown), "binary file, not text (found a NUL byte)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.at(
            byte_location(data, exc.start, shown),
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02X}; save it as UTF-8)",
        ) from None
    return text.removeprefix("\ufeff")


def read_text(path: Path, shown: str, *, limit: int, what: str, advice: str = "") -> str:
    return decode(read_bytes(path, shown, limit=limit, what=what, advice=advice), shown)


def byte_location(data: bytes, offset: int, shown: str) -> Location:
    """The line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Location(shown, data.count(b"\n", 0, offset) + 1, column)


# -- writing ----------------------------------------------------------------------------------


def _inside(target: Path, folder: Path) -> bool:
    try:
        target.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def target_problem(target: Path, *, force: bool, protect: Iterable[Path] = ()) -> str | None:
    """Why ``target`` may not be written (``None``: it may)."""
    guarded = list(protect)  # the scenario first, then any of its parts reached by a link
    for path in guarded:
        if _inside(target, path) if path.is_dir() else _same(target, path):
            return (
                f"is inside the scenario being read ({guarded[0].as_posix()}); "
                "write the output elsewhere"
            )
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        return _stat_problem(target, exc).replace("cannot read", "cannot write")
    parent = target.parent
    if mode is None:
        if not parent.is_dir():
            what = "does not exist" if not parent.exists() else "is not a folder"
            return f"cannot write: the folder '{parent.as_posix()}' {what}"
        return None
    if stat.S_ISDIR(mode):
        return "is a directory (name a file)"
    if not stat.S_ISREG(mode) and not stat.S_ISLNK(mode):
        return "is not a regular file; gapcli writes only regular files"
    if not force:
        return "already exists (add --force to replace it)"
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def check_targets(targets: Iterable[Path], *, force: bool, protect: Iterable[Path] = ()) -> None:
    """Refuse, all at once, every target that may not be written."""
    guarded = list(protect)
    problems = [
        Diagnostic(Location(t.as_posix()), p)
        for t in targets
        if (p := target_problem(t, force=force, protect=guarded)) is not None
    ]
    if problems:
        raise InputError(problems)


def write_files(
    files: Mapping[Path, str | bytes], *, force: bool, protect: Iterable[Path] = ()
) -> None:
    """Write every file or none: all targets are checked first, each is written to a
    temporary file beside it, and only when all are written are they renamed into place."""
    check_targets(files, force=force, protect=protect)
    written: list[tuple[Path, Path]] = []
    current = next(iter(files), Path("."))
    try:
        for current, content in files.items():
            written.append((_write_temporary(current, content), current))
        for temporary, current in written:
            _place(temporary, current, force=force)
    except FileExistsError:  # made by someone else since the check: still never replaced
        raise InputError.at(
            Location(current.as_posix()), "already exists (add --force to replace it)"
        ) from None
    except OSError as exc:
        raise InputError.at(
            Location(current.as_posix()), f"cannot write: {exc.strerror or exc}"
        ) from None
    finally:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)


def _place(temporary: Path, target: Path, *, force: bool) -> None:
    """Rename the temporary file onto the target; without ``force``, never over a file that
    appeared meanwhile (a hard link fails if the name exists; where links are not
    supported, the check made before writing stands)."""
    if force:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system
        os.replace(temporary, target)
    else:
        temporary.unlink()


def temporary_prefix(name: str) -> str:
    """A hidden name beginning for a temporary file or folder beside ``name``, short enough
    in bytes (not characters) for any file system once a random part is added."""
    return "." + name.encode("utf-8")[:96].decode("utf-8", errors="ignore") + "."


def _write_temporary(target: Path, content: str | bytes) -> Path:
    import tempfile

    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, name = tempfile.mkstemp(
        dir=target.parent, prefix=temporary_prefix(target.name), suffix=".tmp"
    )
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:  # a replaced file keeps its permissions; a new one gets the usual ones
            mode = stat.S_IMODE(target.stat().st_mode)
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(temporary, mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


# -- CSV --------------------------------------------------------------------------------------

#: A cell starting with one of these opens as a formula in a spreadsheet (OWASP, "CSV
#: injection"); gapcli writes such a text cell with a leading ' and reads the ' back off.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_records(text: str, shown: str) -> Iterator[tuple[int, list[str]]]:
    """Each record of a CSV text with the line it starts on (a blank line is ``[]``).

    No field is too long for the reader: the file's size limit is the only limit. A quoting
    error is an :class:`InputError` at its line.
    """
    import csv
    import io

    csv.field_size_limit(max(csv.field_size_limit(), MAX_TABLE_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError.at(Location(shown, start), f"invalid CSV: {exc}") from None
        yield start, row
        start = reader.line_num + 1


def to_spreadsheet(cell: str) -> str:
    """A text cell safe to open in a spreadsheet: ``'`` before a formula's first character
    (numbers such as ``-5`` or ``+0.10`` are left as they are), and before a ``'`` that
    :func:`from_spreadsheet` would otherwise take off."""
    if cell.startswith("'"):
        return "'" + cell if from_spreadsheet(cell) != cell else cell
    if cell.startswith(FORMULA_START):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


def from_spreadsheet(cell: str) -> str:
    """The text :func:`to_spreadsheet` wrote: one leading ``'`` before a formula character
    is dropped."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_START + ("'",)):
        return cell[1:]
    return cell
