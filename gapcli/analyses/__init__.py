"""The analyses: one module per analysis, each a function from a loaded scenario (and its
options) to a :class:`~gapcli.analyses.records.Report`: the JSON-ready ``result`` and the
tables and figures that show it.

The command line, the HTML report and the Python API (``gapcli.api``) call the same
functions, so a table, a page and a notebook never disagree. Every analysis takes these
keyword options where it has long tables:

- ``tables``: ``False`` builds the JSON result only (what ``--json`` prints);
- ``rows``: build at most this many rows of a long table (what a terminal draws);
  ``None``, the default, builds every row.

This layer imports the engine, the model and the readers' records; never the renderers or
the commands (docs/architecture.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gapcli.engine import Compiled
    from gapcli.io.loader import Loaded

_last: tuple[Loaded, Compiled] | None = None


def compiled(loaded: Loaded) -> Compiled:
    """The engine's arrays for ``loaded``, compiled once: the last scenario's are kept, so
    several analyses of one scenario (a notebook, the HTML report) share them."""
    global _last
    if _last is None or _last[0] is not loaded:
        from gapcli.engine import compile_scenario

        _last = (loaded, compile_scenario(loaded.scenario))
    return _last[1]


class UnknownId(ValueError):
    """An analysis was asked about an issue or party the scenario does not have."""


def check_id(kind: str, given: str, valid: list[str]) -> None:
    """Raise :class:`UnknownId` naming the valid ids when ``given`` is not one of them."""
    from gapcli.errors import did_you_mean, one_of

    if given not in valid:
        raise UnknownId(
            f"unknown {kind} '{given}'{did_you_mean(given, valid)} (expected {one_of(valid)})"
        )
