"""User-facing problems: where they are, what they say, and how the CLI exits.

Every problem in the user's input becomes a :class:`Diagnostic` pointing at a
:class:`Location`. Loading collects all of them and raises one :class:`InputError`; the CLI
prints one line per diagnostic on stderr and exits with :attr:`ExitStatus.BAD_INPUT`.
Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum


class ExitStatus(IntEnum):
    """The process exit codes, fixed by the design (section 5)."""

    OK = 0
    BAD_INPUT = 1
    USAGE = 2
    FAIL_ON = 3
    INTERRUPTED = 130


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in the user's input; ``line`` and ``column`` count from 1 (0: unknown)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        path = self.path.translate(_CONTROL)  # a name with a newline stays on one line
        if self.line <= 0:
            return path
        if self.column <= 0:  # a row of a table: the line is enough
            return f"{path}:{self.line}"
        return f"{path}:{self.line}:{self.column}"


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(32), 127)}
_CONTROL.update({ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"})


@dataclass(frozen=True, slots=True)
class Diagnostic:
    location: Location
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        if self.severity is Severity.WARNING:
            return f"{self.location}: warning: {self.message}"
        return f"{self.location}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.location.path,
            "line": self.location.line or None,  # None: not in a file (a --set argument)
            "column": self.location.column or None,
            "severity": str(self.severity),
            "message": self.message,
        }


class InputError(Exception):
    """The one exception for bad user input; carries every problem found in the run."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        assert self.diagnostics, "InputError needs at least one diagnostic"
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @classmethod
    def at(cls, location: Location, message: str) -> InputError:
        return cls([Diagnostic(location, message)])


def shorten(text: str) -> str:
    """A value as a message shows it: on one line (control characters escaped as in Python,
    ``\\n``) and cut short when long, e.g. a 400-digit number."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return text if len(text) <= 40 else f"{text[:20]}…{text[-8:]} ({len(text)} characters)"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix when ``word`` is close to one of ``choices``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """``a, b or c`` for messages that list the valid values."""
    items = [str(c) for c in choices]
    if not items:
        return "nothing (none are defined)"
    if len(items) == 1:
        return items[0]
    if len(items) > 12:
        return ", ".join(items[:12]) + f" … ({len(items)} in all)"
    return ", ".join(items[:-1]) + " or " + items[-1]
