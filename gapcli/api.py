"""gapcli as a library: load a scenario, run an analysis, read its result.

>>> import gapcli
>>> scenario = gapcli.load("positions/syria-2017-05")
>>> report = gapcli.deadlocks(scenario)
>>> report.summary
'Intra-Syrian talks at the opening of Geneva VI, after the Astana memorandum: 7 of 9 issues...'

Every analysis returns a frozen :class:`Report`: ``to_dict()`` is the ``result`` of the
command's JSON (docs/json.md), ``summary`` its first line, ``tables`` its tables, and
``to_pandas()`` one table as a DataFrame where pandas is installed. The command line calls
these same functions (docs/api.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from gapcli.analyses import UnknownId
from gapcli.analyses.blocs import blocs
from gapcli.analyses.deadlocks import deadlocks
from gapcli.analyses.diff import diff, whatif
from gapcli.analyses.forecast import forecast
from gapcli.analyses.gaps import gaps
from gapcli.analyses.issue import issue
from gapcli.analyses.party import party
from gapcli.analyses.records import Report, Table
from gapcli.analyses.sensitivity import sensitivity
from gapcli.analyses.timeline import timeline
from gapcli.analyses.trades import trades
from gapcli.analyses.validate import validate
from gapcli.errors import Diagnostic, InputError
from gapcli.io.loader import Loaded

__all__ = [
    "Diagnostic",
    "InputError",
    "Loaded",
    "Report",
    "Table",
    "UnknownId",
    "backtest",
    "blocs",
    "deadlocks",
    "diff",
    "forecast",
    "gaps",
    "issue",
    "load",
    "load_series",
    "party",
    "sensitivity",
    "timeline",
    "trades",
    "validate",
    "whatif",
]


def load(
    path: str | os.PathLike[str],
    *,
    overrides: Iterable[str] = (),
    without: Iterable[str] = (),
    only: Iterable[str] = (),
) -> Loaded:
    """Load the scenario at ``path``, as the command line does: a scenario folder, a
    one-file scenario, or a folder of scenarios (its only one, or the one with the latest
    ``as_of``).

    ``overrides`` are ``--set`` texts applied for this load only (the files are not
    touched), e.g. ``["iran.capability=2", "opposition.guarantors.reject="]``.

    ``without`` leaves those parties out, as if their files were deleted, and ``only``, when
    given, every party it does not name (``gapcli ... --without israel``, ``--only a,b``);
    the choice is recorded in ``scenario.overrides``.

    Returns the scenario (``.scenario``, the plain frozen model) and the warnings found
    reading it (``.warnings``). Raises :class:`InputError` for bad input, every problem
    located at ``file:line:column`` in ``.diagnostics``; :class:`ValueError` for a
    malformed override text, or a party id in ``without`` or ``only`` the scenario does not
    have (or when they leave no party).
    """
    from gapcli.io.discover import load_chosen
    from gapcli.io.loader import leave_out

    loaded, _ = load_chosen(Path(path), list(overrides))
    return leave_out(loaded, list(without), list(only))


def load_series(*paths: str | os.PathLike[str], dated: bool = True) -> list[Loaded]:
    """Load dated snapshots of one negotiation for :func:`timeline`, oldest first, as
    ``gapcli timeline`` does: each path a scenario, or a folder whose scenarios are each a
    snapshot (``positions`` when no path is given). Every snapshot needs an ``as_of`` date,
    unless ``dated`` is False (as :func:`backtest` allows).

    Entries of a folder that are not scenarios are named in a :class:`UserWarning` (never
    skipped without a word). Raises :class:`InputError` with the problems of every snapshot.
    """
    import warnings

    from gapcli.io.snapshots import load_snapshots

    def note(text: str) -> None:
        warnings.warn(text, UserWarning, stacklevel=3)

    return load_snapshots([Path(p) for p in paths], note, dated=dated)


def backtest(
    scenarios: Loaded | Sequence[Loaded],
    *,
    rounds: int = 10,
    samples: int = 1000,
    seed: int = 1,
    bootstrap: int = 2000,
    uncertainty: float | None = None,
    by: str | None = None,
    cluster: str | None = None,
    progress: Callable[[str], Callable[[int], None] | None] | None = None,
    tables: bool = True,
    rows: int | None = None,
) -> Report:
    """Each forecast of every issue with a recorded outcome against it, as ``gapcli
    backtest`` does: one scenario, or several (from :func:`load_series`, e.g. with
    ``dated=False``). The options are the command's (docs/validity.md); ``progress``, given
    a scenario's path, returns a callback for the count of its draws done, or None.

    Raises ``ValueError`` for an option out of range, a ``by`` or ``cluster`` field no issue
    has, or scenarios where no issue records an outcome.
    """
    from gapcli.analyses.backtest import Settings
    from gapcli.analyses.backtest import backtest as run

    snapshots = [scenarios] if isinstance(scenarios, Loaded) else list(scenarios)
    settings = Settings(rounds, samples, seed, bootstrap, uncertainty, by, cluster)
    return run(snapshots, settings, tables=tables, rows=rows, progress=progress)
