"""Failures of the environment while writing: a reader that quit, a full disk, a closed
stream, a path the system refuses. Each becomes an exit status and at most one line on
stderr (docs/errors.md); anything else is a bug and keeps its traceback.

Used by the program's entry (``gapcli.__main__``) for what fails before a command runs
(``--help`` into a full disk) and by the CLI for what fails while it runs.
"""

from __future__ import annotations

import errno
import os
import sys

#: Errors writing a standard stream: a full disk, a quota, a closed descriptor, a device error.
STREAM_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EBADF, errno.EIO}
#: Errors of a path the user named, met while looking for a file (no read or write of ours).
PATH_ERRORS = {errno.ENAMETOOLONG, errno.ELOOP, errno.EACCES, errno.EPERM, errno.EROFS}


def environment_status(exc: OSError) -> int | None:
    """The exit status for a failure of the environment, said on stderr: a reader that quit
    (0, quietly), a stream that cannot be written or a path that cannot be used (1). None:
    not the environment's doing (a bug keeps its traceback)."""
    if isinstance(exc, BrokenPipeError):  # `gapcli gaps | head -1`: the reader has enough
        _silence_stdout()
        return 0
    reason = str(exc.strerror or exc)
    if exc.filename is None and exc.errno in STREAM_ERRORS:
        _silence_stdout()
        _say(f"gapcli: cannot write the output: {reason}")
        return 1
    if exc.filename is not None and exc.errno in PATH_ERRORS:
        _say(f"{exc.filename}: {reason[:1].lower()}{reason[1:]}")
        return 1
    return None


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # no descriptor (a closed stdout, a test's buffer): nothing will be flushed


def _say(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except OSError:
        pass  # stderr is gone too: the exit status is all that is left
