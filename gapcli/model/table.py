"""The stances of stances.csv as arrays, and a party's stances made objects on demand."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from gapcli.model import (
    ChoiceIssue,
    ChoiceStance,
    Issue,
    ScaleIssue,
    ScaleStance,
    SetStance,
    Stance,
)

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class StanceTable:
    """The stances of ``stances.csv``, one entry per row, as arrays.

    ``party`` and ``issue`` index ``scenario.parties`` and ``scenario.issues``. Scale rows
    hold ``position``, ``lo``, ``hi`` (nan elsewhere); choice rows ``prefers`` (an option
    index, -1 elsewhere) and ``accepts``; set rows ``require`` and ``reject``; the option
    sets are bit masks (bit k: the issue's k-th option). ``uncertainty`` is nan where none;
    ``capability`` is the stance's own, nan where it is the party's.
    """

    path: str
    party: Ints
    issue: Ints
    salience: Floats
    position: Floats
    lo: Floats
    hi: Floats
    prefers: Ints
    accepts: npt.NDArray[np.uint64]
    require: npt.NDArray[np.uint64]
    reject: npt.NDArray[np.uint64]
    uncertainty: Floats
    capability: Floats
    sources: tuple[tuple[str, ...], ...] | None  # None: no source column
    notes: tuple[str | None, ...] | None
    lines: Ints  # the row's line in the file

    def __len__(self) -> int:
        return int(self.party.shape[0])

    def take(self, rows: Ints) -> StanceTable:
        """The table of these rows only, in this order: every per-row field is cut alike
        (every field but ``path`` has one entry a row)."""
        picked = rows.tolist()
        cut: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                cut[f.name] = value[rows]
            elif isinstance(value, tuple):
                cut[f.name] = tuple(value[r] for r in picked)
        return replace(self, **cut)

    def stance(self, row: int, issue: Issue) -> Stance:
        """The model object of one row."""
        sources = self.sources[row] if self.sources is not None else ()
        note = self.notes[row] if self.notes is not None else None
        u, c = float(self.uncertainty[row]), float(self.capability[row])
        common: dict[str, Any] = {
            "salience": float(self.salience[row]),
            "sources": sources,
            "note": note,
            "uncertainty": None if np.isnan(u) else u,
            "capability": None if np.isnan(c) else c,
        }
        if isinstance(issue, ScaleIssue):
            return ScaleStance(
                position=float(self.position[row]),
                lo=float(self.lo[row]),
                hi=float(self.hi[row]),
                **common,
            )
        ids = issue.option_ids
        if isinstance(issue, ChoiceIssue):
            return ChoiceStance(
                prefers=ids[int(self.prefers[row])],
                accepts=_options(int(self.accepts[row]), ids),
                **common,
            )
        return SetStance(
            require=_options(int(self.require[row]), ids),
            reject=_options(int(self.reject[row]), ids),
            **common,
        )


def _options(bits: int, ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(o for k, o in enumerate(ids) if bits >> k & 1)


class TableStances(Mapping[str, Stance]):
    """One party's stances: those of its YAML file (``explicit``) and its table rows, made
    into model objects on first use."""

    def __init__(
        self,
        explicit: Mapping[str, Stance],
        table: StanceTable,
        rows: Ints,
        issues: Sequence[Issue],
    ) -> None:
        self.explicit = explicit
        self.table = table
        self.rows = rows
        self.issues = issues
        self._built: dict[str, Stance] | None = None

    def _all(self) -> dict[str, Stance]:
        if self._built is None:
            built = dict(self.explicit)
            for row in self.rows.tolist():
                issue = self.issues[int(self.table.issue[row])]
                built[issue.id] = self.table.stance(row, issue)
            self._built = built
        return self._built

    def __getitem__(self, key: str) -> Stance:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self.explicit) + int(self.rows.shape[0])

    def __contains__(self, key: object) -> bool:
        return key in self._all()


def rows_by_party(table: StanceTable, parties: int) -> list[Ints]:
    """For each party, the table rows that are its stances (in file order)."""
    order = np.argsort(table.party, kind="stable")
    bounds = np.searchsorted(table.party[order], np.arange(parties + 1))
    return [order[bounds[p] : bounds[p + 1]] for p in range(parties)]
