"""The scoring engine: pure functions from a scenario to frozen results (docs/model.md).

Importing it imports numpy, so the CLI imports it only inside the commands that need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapcli.engine.arrays import Compiled, compile_scenario
from gapcli.engine.issues import analyse_issues
from gapcli.engine.results import (
    Analysis,
    Contest,
    Gaps,
    IssueResult,
    Move,
    PairIssue,
    Status,
)
from gapcli.model import Scenario

if TYPE_CHECKING:
    from gapcli.engine.matrix import gap_matrix
    from gapcli.engine.pairs import issue_matrix, pair_issues

#: Imported when first asked for: a command on issues alone (deadlocks, forecast) does not
#: load the pair code.
_LAZY = {
    "gap_matrix": "gapcli.engine.matrix",
    "issue_matrix": "gapcli.engine.pairs",
    "pair_issues": "gapcli.engine.pairs",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Analysis",
    "Compiled",
    "Contest",
    "Gaps",
    "IssueResult",
    "Move",
    "PairIssue",
    "Status",
    "analyse",
    "analyse_issues",
    "compile_scenario",
    "gap_matrix",
    "issue_matrix",
    "pair_issues",
]


def analyse(scenario: Scenario | Compiled) -> Analysis:
    """The gap matrix and every issue's result."""
    from gapcli.engine.matrix import gap_matrix

    compiled = scenario if isinstance(scenario, Compiled) else compile_scenario(scenario)
    return Analysis(gaps=gap_matrix(compiled), issues=analyse_issues(compiled))
