"""The scoring engine: pure functions from a scenario to frozen results (docs/model.md).

Importing it imports numpy, so the CLI imports it only inside the commands that need it.
"""

from __future__ import annotations

from gapcli.engine.arrays import Compiled, compile_scenario
from gapcli.engine.issues import analyse_issues
from gapcli.engine.matrix import gap_matrix
from gapcli.engine.pairs import issue_matrix, pair_issues
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
    compiled = scenario if isinstance(scenario, Compiled) else compile_scenario(scenario)
    return Analysis(gaps=gap_matrix(compiled), issues=analyse_issues(compiled))
