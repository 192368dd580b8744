"""Cutting a long table to the rows a reader will see (the ``rows`` option of the analyses)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def first(items: Sequence[T], rows: int | None) -> tuple[Sequence[T], int | None]:
    """The first ``rows`` of ``items`` (all of them for ``None``), and how many there are in
    all when some are left out (a :class:`~gapcli.analyses.records.Table`'s ``total``), else
    ``None``."""
    if rows is None or len(items) <= rows:
        return items, None
    return items[:rows], len(items)
