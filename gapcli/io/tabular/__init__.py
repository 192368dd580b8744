"""Stances in a table: ``stances.csv`` beside ``scenario.yaml`` (docs/format.md, "Tabular
scenarios").

One row per stance, read column by column into arrays (a :class:`StanceTable`), never into
one Python object per stance: a million stances load in seconds. Every rule of the YAML
files applies; problems point at ``file:line``. A party's stances from the table are
materialised as model objects only when something asks for them (:class:`TableStances`).
"""

from gapcli.io.tabular.common import COLUMNS, LIST_SEP, MAX_PROBLEMS, STANCES_CSV
from gapcli.io.tabular.issues import (
    ISSUE_COLUMNS,
    ISSUES_CSV,
    IssuesRead,
    read_issue_table,
)
from gapcli.io.tabular.stances import Read, read_stances
from gapcli.model.table import StanceTable, TableStances, rows_by_party

__all__ = [
    "COLUMNS",
    "ISSUES_CSV",
    "ISSUE_COLUMNS",
    "IssuesRead",
    "LIST_SEP",
    "MAX_PROBLEMS",
    "STANCES_CSV",
    "Read",
    "StanceTable",
    "TableStances",
    "read_issue_table",
    "read_stances",
    "rows_by_party",
]
