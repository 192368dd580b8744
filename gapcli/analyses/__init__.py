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
    from gapcli.engine import Compiled, IssueResult
    from gapcli.io.loader import Loaded

#: The last scenario analysed, its engine arrays and its issues' results: several analyses
#: of one scenario (a notebook, the HTML report) share them.
_last: tuple[Loaded, Compiled, list[tuple[IssueResult, ...]]] | None = None


def _entry(loaded: Loaded) -> tuple[Loaded, Compiled, list[tuple[IssueResult, ...]]]:
    global _last
    if _last is None or _last[0] is not loaded:
        from gapcli.engine import compile_scenario

        _last = (loaded, compile_scenario(loaded.scenario), [])
    return _last


def compiled(loaded: Loaded) -> Compiled:
    """The engine's arrays for ``loaded``, compiled once (the last scenario's are kept)."""
    return _entry(loaded)[1]


def issue_results(loaded: Loaded) -> tuple[IssueResult, ...]:
    """Every issue's result (``gapcli.engine.analyse_issues``), worked out once for the
    last scenario, as its arrays are."""
    _, arrays, results = _entry(loaded)
    if not results:
        from gapcli.engine import analyse_issues

        results.append(analyse_issues(arrays))
    return results[0]


class UnknownId(ValueError):
    """An analysis was asked about an issue or party the scenario does not have."""


def check_id(kind: str, given: str, valid: list[str]) -> None:
    """Raise :class:`UnknownId` naming the valid ids when ``given`` is not one of them."""
    from gapcli.errors import did_you_mean, one_of

    if given not in valid:
        raise UnknownId(
            f"unknown {kind} '{given}'{did_you_mean(given, valid)} (expected {one_of(valid)})"
        )
