"""gapcli: position-gap analysis for multi-party negotiations.

The command line is ``gapcli``; the Python API is this package (docs/api.md):

    import gapcli
    scenario = gapcli.load("positions/syria-2017-05")
    gapcli.deadlocks(scenario).to_dict()

The API's names are imported on first use (``gapcli.api``), so the command line, which
imports this package too, does not pay for them at startup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapcli._version import __version__

if TYPE_CHECKING:
    from gapcli.api import (
        Diagnostic,
        InputError,
        Loaded,
        Report,
        Table,
        UnknownId,
        blocs,
        deadlocks,
        diff,
        forecast,
        gaps,
        issue,
        load,
        load_series,
        party,
        sensitivity,
        timeline,
        trades,
        validate,
        whatif,
    )

__all__ = [
    "__version__",
    "Diagnostic",
    "InputError",
    "Loaded",
    "Report",
    "Table",
    "UnknownId",
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
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        import importlib

        return getattr(importlib.import_module("gapcli.api"), name)
    raise AttributeError(f"module 'gapcli' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
