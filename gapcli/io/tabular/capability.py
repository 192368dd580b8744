"""The ``capability`` column of stances.csv: a stance's own capability, or its party's.

A row's capability is its stance's (docs/format.md). Before stances had their own, every
row of a party had to repeat the party's capability; such rows still mean the party's: a
row whose value equals the party's capability (as the party's YAML file gives it, else the
value most of the party's rows give, ties going to the first in the file) is the party's,
so that ``--set PARTY.capability=X`` moves it too. A row that differs keeps its own, and so
does one whose capability a ``--set PARTY.ISSUE.capability`` gives. Everything is done on
whole columns: a party's rows are never visited one by one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from gapcli.io.checks import fmt
from gapcli.io.tabular.common import MAX_PROBLEMS, Problems
from gapcli.io.tabular.overrides import Applied
from gapcli.model.table import Floats, Ints, StanceTable


def capabilities(
    problems: Problems,
    table: StanceTable,
    parties: Sequence[str],
    given: Mapping[str, float],
    applied: Applied,
) -> tuple[StanceTable, dict[str, float]]:
    """The table with each row's own capability (nan where it is the party's), and the
    capability the table gives each party whose YAML file gives none: the value most of its
    rows give, or the one a ``--set`` gives a party only the table names.

    A party whose YAML file gives no capability, whose rows give different ones and one of
    whose rows gives none is refused at that row: which capability it would have is a guess.
    """
    values = table.capability
    index = {p: n for n, p in enumerate(parties)}
    stated = np.zeros(len(parties), dtype=bool)  # the party's YAML file gives a capability
    base = np.full(len(parties), np.nan)
    for party_id, value in given.items():
        if party_id in index:
            stated[index[party_id]] = True
            base[index[party_id]] = value
    mode, kinds = _most_common(table, len(parties))
    out: dict[str, float] = {}
    for p in np.flatnonzero(~stated & ~np.isnan(mode)).tolist():
        base[p] = mode[p]
        out[parties[p]] = float(mode[p])
    out.update(applied.capability)
    if len(table):
        _ambiguous(problems, table, parties, (kinds > 1) & ~stated)
    own = np.where(values == base[table.party], np.nan, values) if len(table) else values
    if applied.pinned:
        pinned = np.fromiter(applied.pinned, np.int64, len(applied.pinned))
        own[pinned] = values[pinned]
    return replace(table, capability=own), out


def _most_common(table: StanceTable, parties: int) -> tuple[Floats, Ints]:
    """Per party, the capability most of its rows give (ties: the first in the file; nan
    when no row gives one), and how many different ones its rows give."""
    mode = np.full(parties, np.nan)
    rows = np.flatnonzero(~np.isnan(table.capability))
    if not len(rows):
        return mode, np.zeros(parties, dtype=np.int64)
    distinct, code = np.unique(table.capability[rows], return_inverse=True)
    width = len(distinct)
    keys, first, counts = np.unique(
        table.party[rows] * width + code.reshape(-1), return_index=True, return_counts=True
    )
    owner = keys // width
    order = np.lexsort((first, -counts, owner))  # by party, most rows first, then earliest
    lead = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]
    mode[owner[lead]] = distinct[keys[lead] % width]
    return mode, np.bincount(owner, minlength=parties)


def _ambiguous(
    problems: Problems, table: StanceTable, parties: Sequence[str], varied: npt.NDArray[np.bool_]
) -> None:
    """Refuse, at its first such row, a party whose rows give different capabilities and
    some none, and whose YAML file gives none."""
    missing = np.isnan(table.capability) & varied[table.party]
    if not missing.any():
        return
    flagged = np.flatnonzero(missing)
    owners, first = np.unique(table.party[flagged], return_index=True)
    for p, row in zip(owners.tolist(), flagged[first].tolist(), strict=True):
        if len(problems.errors) >= MAX_PROBLEMS:
            problems.hidden += 1  # counted, not listed: no need to find its values
            continue
        mine = np.flatnonzero((table.party == p) & ~np.isnan(table.capability))
        values, at = np.unique(table.capability[mine], return_index=True)
        shown = [
            f"{fmt(float(values[k]))} at line {int(table.lines[mine[at[k]]])}"
            for k in np.argsort(at)[:2].tolist()
        ]
        name = parties[p]
        problems.error(
            int(table.lines[row]),
            f"capability: missing, and the rows of '{name}' that give one differ "
            f"({', '.join(shown)}): give this row its own, or '{name}' a capability in its "
            "YAML file",
        )
