"""A scenario's stances as the rows of ``stances.csv`` (``gapcli export csv``).

Each row's capability is its stance's: its own, else its party's. Stances of a table are
turned into cells column by column: each distinct value is written once and spread to the
rows by indexing, so no stance object is built. Stances of YAML files are written one by
one. Rows come party by party, issue by issue, in the scenario's order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from gapcli.io.files import to_spreadsheet
from gapcli.io.tabular.common import COLUMNS, LIST_SEP
from gapcli.model import ChoiceStance, Issue, ScaleStance, Scenario, Stance, capability_of
from gapcli.model.table import StanceTable, TableStances

Cells = npt.NDArray[np.object_]  # one str a row


def rows(scenario: Scenario) -> Iterator[list[str] | tuple[str, ...]]:
    """The header, then one row per stance."""
    yield list(COLUMNS)
    issue_index = {issue.id: n for n, issue in enumerate(scenario.issues)}
    width = len(scenario.issues)
    keys: list[int] = []
    explicit: list[list[str]] = []
    table: StanceTable | None = None
    table_rows: list[npt.NDArray[np.int64]] = []
    row_party: list[npt.NDArray[np.int64]] = []
    remap: npt.NDArray[np.int64] | None = None
    for n, party in enumerate(scenario.parties):
        stances = party.stances
        if isinstance(stances, TableStances):
            table = stances.table
            if remap is None:
                remap = np.array([issue_index[i.id] for i in stances.issues], dtype=np.int64)
            table_rows.append(stances.rows)
            row_party.append(np.full(len(stances.rows), n, dtype=np.int64))
            stances = stances.explicit
        for issue_id, stance in stances.items():
            keys.append(n * width + issue_index[issue_id])
            explicit.append(_row(party.id, issue_id, capability_of(party, stance), stance))
    if table is None or remap is None or not table_rows:
        for k in np.argsort(np.array(keys, dtype=np.int64), kind="stable").tolist():
            yield explicit[k]
        return
    picked = np.concatenate(table_rows)
    party_of = np.concatenate(row_party)
    table_keys = party_of * width + remap[table.issue[picked]]
    order = np.argsort(table_keys, kind="stable")  # (party, issue) order
    picked, party_of, sorted_keys = picked[order], party_of[order], table_keys[order]
    table_cells = zip(*_columns(scenario, table, picked, party_of, remap), strict=True)
    if not keys:  # every stance in the table
        yield from table_cells
        return
    # the table's rows and the YAML files' stances, merged in (party, issue) order
    extra = sorted(range(len(keys)), key=keys.__getitem__)
    e = 0
    for key, cells in zip(sorted_keys.tolist(), table_cells, strict=True):
        while e < len(extra) and keys[extra[e]] < key:
            yield explicit[extra[e]]
            e += 1
        yield cells
    for k in extra[e:]:
        yield explicit[k]


def _columns(
    scenario: Scenario,
    table: StanceTable,
    picked: npt.NDArray[np.int64],
    party_of: npt.NDArray[np.int64],
    remap: npt.NDArray[np.int64],
) -> list[Cells]:
    issues = scenario.issues
    issue = remap[table.issue[picked]]
    parties = np.array([p.id for p in scenario.parties], dtype=object)
    ids = np.array([i.id for i in issues], dtype=object)
    party_capability = np.array([p.capability for p in scenario.parties], dtype=np.float64)
    own = table.capability[picked]
    capability = _numbers(np.where(np.isnan(own), party_capability[party_of], own))
    options = [_option_ids(i) for i in issues]
    prefers = table.prefers[picked]
    return [
        parties[party_of],
        ids[issue],
        _numbers(table.position[picked]),
        _numbers(table.salience[picked]),
        capability,
        _numbers(table.lo[picked]),
        _numbers(table.hi[picked]),
        _prefers(prefers, issue, options),
        _option_lists(table.accepts[picked], issue, options, prefers >= 0),
        _option_lists(table.require[picked], issue, options, None),
        _option_lists(table.reject[picked], issue, options, None),
        _by_value(
            table.sources,
            picked,
            lambda refs: LIST_SEP.join(refs),
        ),
        _by_value(table.notes, picked, lambda note: to_spreadsheet(note or "")),
        _numbers(table.uncertainty[picked]),
    ]


def _numbers(values: npt.NDArray[np.float64]) -> Cells:
    """Each number as gapcli writes numbers (nan: an empty cell), formatted once per value."""
    if not len(values):
        return np.zeros(0, dtype=object)
    first = values[0]
    if bool(np.isnan(values).all()) or bool((values == first).all()):  # one value: no sort
        return np.full(len(values), "" if np.isnan(first) else _num(float(first)), dtype=object)
    distinct, inverse = np.unique(values, return_inverse=True)
    text = np.array(["" if np.isnan(x) else _num(x) for x in distinct.tolist()], dtype=object)
    out: Cells = text[inverse.reshape(-1)]
    return out


def _option_ids(issue: Issue) -> tuple[str, ...]:
    return getattr(issue, "option_ids", ())


def _prefers(
    prefers: npt.NDArray[np.int64], issue: npt.NDArray[np.int64], options: list[tuple[str, ...]]
) -> Cells:
    out = np.full(len(prefers), "", dtype=object)
    chosen = np.flatnonzero(prefers >= 0)
    if not len(chosen):
        return out
    keys, inverse = np.unique(issue[chosen] * 64 + prefers[chosen], return_inverse=True)
    text = np.array([options[k // 64][k % 64] for k in keys.tolist()], dtype=object)
    out[chosen] = text[inverse.reshape(-1)]
    return out


def _option_lists(
    masks: npt.NDArray[np.uint64],
    issue: npt.NDArray[np.int64],
    options: list[tuple[str, ...]],
    rows: npt.NDArray[np.bool_] | None,
) -> Cells:
    """Each bit mask as the ';'-list of its options (rows not flagged: empty)."""
    out = np.full(len(masks), "", dtype=object)
    flagged = np.flatnonzero(masks != 0 if rows is None else rows)
    if not len(flagged):
        return out
    bits, bits_code = np.unique(masks[flagged], return_inverse=True)
    keys, inverse = np.unique(
        issue[flagged] * len(bits) + bits_code.reshape(-1), return_inverse=True
    )
    text = np.array(
        [
            LIST_SEP.join(
                o
                for k, o in enumerate(options[key // len(bits)])
                if int(bits[key % len(bits)]) >> k & 1
            )
            for key in keys.tolist()
        ],
        dtype=object,
    )
    out[flagged] = text[inverse.reshape(-1)]
    return out


def _by_value(values: tuple[Any, ...] | None, picked: npt.NDArray[np.int64], text: Any) -> Cells:
    if values is None:
        return np.full(len(picked), "", dtype=object)
    made: dict[Any, str] = {}
    return np.array(
        [
            made[v] if v in made else made.setdefault(v, text(v))
            for v in map(values.__getitem__, picked.tolist())
        ],
        dtype=object,
    )


def _row(party: str, issue: str, capability: float, stance: Stance) -> list[str]:
    """One stance of a YAML file as a row."""
    cells = dict.fromkeys(
        ("position", "accepts_lo", "accepts_hi", "prefers", "accepts", "require", "reject"), ""
    )
    if isinstance(stance, ScaleStance):
        cells["position"] = _num(stance.position)
        cells["accepts_lo"], cells["accepts_hi"] = _num(stance.lo), _num(stance.hi)
    elif isinstance(stance, ChoiceStance):
        cells["prefers"] = stance.prefers
        cells["accepts"] = LIST_SEP.join(stance.accepts)
    else:
        cells["require"] = LIST_SEP.join(stance.require)
        cells["reject"] = LIST_SEP.join(stance.reject)
    return [
        party,
        issue,
        cells["position"],
        _num(stance.salience),
        _num(capability),
        cells["accepts_lo"],
        cells["accepts_hi"],
        cells["prefers"],
        cells["accepts"],
        cells["require"],
        cells["reject"],
        LIST_SEP.join(stance.sources),
        to_spreadsheet(stance.note or ""),
        "" if stance.uncertainty is None else _num(stance.uncertainty),
    ]


def _num(x: float) -> str:
    return repr(float(x)).removesuffix(".0")
