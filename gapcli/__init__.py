"""gapcli: position-gap analysis for multi-party negotiations.

The command line is ``gapcli``; the Python API is this package (docs/api.md):

    import gapcli
    scenario = gapcli.load("positions/syria-2017-05")
    gapcli.deadlocks(scenario).to_dict()

The API's names (``gapcli.api.__all__``) are imported on first use, so the command line,
which imports this package too, does not pay for them at startup.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from gapcli._version import __version__

if TYPE_CHECKING:
    from gapcli.api import *  # noqa: F403 (the API's names, for type checkers)


def __getattr__(name: str) -> Any:
    api = importlib.import_module("gapcli.api")
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'gapcli' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *importlib.import_module("gapcli.api").__all__})


__all__ = ["__version__"]
