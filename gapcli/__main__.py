"""The ``gapcli`` program: the one place that turns the environment's failures into exit
statuses (docs/errors.md).

Kept free of heavy imports, so that Ctrl-C while the command line is still loading ends
with status 130 and no traceback, like Ctrl-C at any later moment.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import sys


class _Closed(io.TextIOBase):
    """Stands in for a standard stream that was closed (``>&-``): writing to it fails as
    writing to a closed descriptor does."""

    def __init__(self, name: str) -> None:
        self._name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"standard {self._name} is closed")


_interrupted = False


def _on_interrupt(signum: int, frame: object) -> None:
    """Ctrl-C: raise KeyboardInterrupt as Python does, and remember it, so an interrupt that
    lands where Python swallows exceptions (a callback during an import) still ends the
    run with status 130."""
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def _streams() -> None:
    """Standard streams that can take what gapcli writes."""
    if sys.stdout is None:
        sys.stdout = _Closed("output")
    if sys.stderr is None:
        sys.stderr = io.StringIO()  # nowhere to say anything: say it nowhere
    from gapcli.render.output import utf8

    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        # a terminal or locale that cannot show a character (PYTHONIOENCODING=ascii): show
        # a stand-in rather than fail; JSON escapes such characters itself (output.py)
        if isinstance(stream, io.TextIOWrapper) and not utf8(stream):
            stream.reconfigure(errors=errors)


def main() -> None:
    try:
        _main()
    except SystemExit as done:
        _leave(done.code)
    _leave(0)


def _leave(code: object) -> None:
    """End the run with status ``code``. Where Arrow was loaded (a table was read), its
    thread pool can abort the interpreter's own shutdown after the work is done (SIGABRT,
    "terminate called without an active exception": apache/arrow issue 34314; seen here once
    in about 120 imports), so the streams are flushed and the process ends at once, without
    the teardown. Elsewhere Python exits as usual."""
    if "pyarrow" not in sys.modules:
        raise SystemExit(code)
    status = code if isinstance(code, int) else (0 if code is None else 1)
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError as exc:  # a closed or full stdout: as anywhere else (render.streams)
            from gapcli.render.streams import environment_status

            found = environment_status(exc)
            status = status if found == 0 else (found if found is not None else 1)
        except ValueError:  # a stream already closed
            pass
    os._exit(status)


def _main() -> None:
    signal.signal(signal.SIGINT, _on_interrupt)
    try:
        _streams()
        from gapcli.cli import app

        app(prog_name="gapcli")
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except OSError as exc:  # e.g. --help or --version into a full or closed stdout
        from gapcli.render.streams import environment_status

        status = environment_status(exc)
        if status is None:
            raise
        raise SystemExit(status) from None
    except SystemExit:
        if _interrupted:
            raise SystemExit(130) from None
        raise
    if _interrupted:
        raise SystemExit(130)


if __name__ == "__main__":
    main()
