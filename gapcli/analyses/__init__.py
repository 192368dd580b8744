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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapcli.engine import Analysis, Compiled, Gaps, IssueResult
    from gapcli.engine.forecast import ScaleForecasts
    from gapcli.io.loader import Loaded

#: The last scenario analysed, its engine arrays and what has been worked out from them
#: (its issues' results, its gap matrix): several analyses of one scenario (a notebook, the
#: HTML report, gaps then --fail-on) share them.
_last: tuple[Loaded, Compiled, dict[str, Any]] | None = None


def _entry(loaded: Loaded) -> tuple[Loaded, Compiled, dict[str, Any]]:
    global _last
    if _last is None or _last[0] is not loaded:
        from gapcli.engine import compile_scenario

        _last = (loaded, compile_scenario(loaded.scenario), {})
    return _last


def compiled(loaded: Loaded) -> Compiled:
    """The engine's arrays for ``loaded``, compiled once (the last scenario's are kept)."""
    return _entry(loaded)[1]


def issue_results(loaded: Loaded) -> tuple[IssueResult, ...]:
    """Every issue's result (``gapcli.engine.analyse_issues``), worked out once for the
    last scenario, as its arrays are."""
    _, arrays, known = _entry(loaded)
    if "issues" not in known:
        from gapcli.engine import analyse_issues

        known["issues"] = analyse_issues(arrays)
    result: tuple[IssueResult, ...] = known["issues"]
    return result


def scale_forecasts(loaded: Loaded) -> ScaleForecasts:
    """The scale issues' forecasts (``gapcli.engine.forecast.scale_forecasts``), worked out
    once for the last scenario: the forecast, the report and the backtest share them."""
    _, arrays, known = _entry(loaded)
    if "forecasts" not in known:
        from gapcli.engine import forecast

        known["forecasts"] = forecast.scale_forecasts(arrays)
    found: ScaleForecasts = known["forecasts"]
    return found


def pair_gaps(loaded: Loaded, *, deadlock_lists: bool = False) -> Gaps:
    """The gap matrix (``gapcli.engine.gap_matrix``), worked out once for the last
    scenario; one made with ``deadlock_lists`` serves a call without them too."""
    _, arrays, known = _entry(loaded)
    if "gaps+lists" in known:
        found: Gaps = known["gaps+lists"]
        return found
    key = "gaps+lists" if deadlock_lists else "gaps"
    if key not in known:
        from gapcli.engine import gap_matrix

        known[key] = gap_matrix(arrays, deadlock_lists=deadlock_lists)
    made: Gaps = known[key]
    return made


def analysis(loaded: Loaded) -> Analysis:
    """The gap matrix and every issue's result (``gapcli.engine.analyse``), from the
    shared ones."""
    from gapcli.engine import Analysis

    return Analysis(gaps=pair_gaps(loaded), issues=issue_results(loaded))


class UnknownId(ValueError):
    """An analysis was asked about an issue or party the scenario does not have."""


def check_id(kind: str, given: str, valid: list[str]) -> None:
    """Raise :class:`UnknownId` naming the valid ids when ``given`` is not one of them."""
    from gapcli.errors import did_you_mean, one_of

    if given not in valid:
        raise UnknownId(
            f"unknown {kind} '{given}'{did_you_mean(given, valid)} (expected {one_of(valid)})"
        )
