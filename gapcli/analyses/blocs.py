"""Blocs of parties: parties clustered on the pair gap G with average linkage, each bloc's
gap to the others and the member that could bridge to the closest one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapcli.analyses import compiled, pair_gaps
from gapcli.analyses.records import NAMES_SHOWN, Cell, Names, Report, Table, named

if TYPE_CHECKING:
    from gapcli.engine.clusters import Blocs
    from gapcli.engine.results import Gaps
    from gapcli.io.loader import Loaded

#: Parties in the heatmap table at most; past it, HEATMAP_SHOWN of them (the most central
#: of each bloc): a matrix of thousands of columns reads nowhere, Markdown included.
HEATMAP = 200
HEATMAP_SHOWN = 40


def blocs(
    loaded: Loaded,
    *,
    threshold: float = 0.3,
    tables: bool = True,
    rows: int | None = None,
    width: int | None = None,
) -> Report:
    """The blocs of ``loaded`` at ``threshold`` (0 to 1): groups join while the mean gap
    between their members is at most it.

    The tables: the blocs, the gap matrix in bloc order, the merges of the dendrogram.
    ``rows``: at most that many rows of the blocs and the merges (None: all). ``width``:
    the columns a table may take; a matrix wider than that is left out (None: no limit).
    """
    from gapcli.analyses.gaps import fits
    from gapcli.analyses.views import num
    from gapcli.engine.clusters import cluster

    c = compiled(loaded)
    gaps = pair_gaps(loaded)
    found = cluster(gaps.gap, threshold)
    ids = c.party_ids
    names = [[ids[p] for p in members] for members in found.blocs]
    result: dict[str, Any] = {
        "threshold": threshold,
        "linkage": "average",
        "blocs": [
            {"members": members, "internal_gap": num(internal)}
            for members, internal in zip(names, found.internal, strict=True)
        ],
        "between": [[num(float(v)) for v in row] for row in found.between],
        "bridge_builders": [
            {"bloc": b.bloc + 1, "other": b.other + 1, "member": ids[b.member], "gap": num(b.gap)}
            for b in found.bridges
        ],
        "merges": [
            {"a": [ids[p] for p in m.a], "b": [ids[p] for p in m.b], "height": num(m.height)}
            for m in found.merges
        ],
        "order": [ids[p] for p in found.order],
    }
    listed = names if len(names) <= NAMES_SHOWN + 1 else names[:NAMES_SHOWN]
    shown = "; ".join("{" + named(members) + "}" for members in listed)
    if len(names) > len(listed):
        shown += f" and {len(names) - len(listed):,} more"
    summary = f"{loaded.scenario.title}: {len(names)} blocs at threshold {threshold:g}: {shown}."
    if not tables:
        return Report("blocs", result, loaded.scenario, summary, warnings=loaded.warnings)
    wide = width is not None and not fits(ids, width - 12)  # and the bloc column
    heatmap = None if wide else _heatmap(gaps, found, ids)
    built: tuple[Table, ...] = (
        Table(
            f"Blocs at threshold {threshold:g} (average linkage)",
            ("bloc", "members", "internal gap", "closest bloc", "gap", "bridge-builder", "its gap"),
            tuple(_bloc_row(found, names, ids, n) for n in range(len(names))[:rows]),
            note="bridge-builder = the member with the smallest mean gap (its gap) to the "
            "closest bloc.",
            total=len(names),
        ),
        *((heatmap,) if heatmap is not None else ()),
        Table(
            "Merges (the dendrogram), lowest first",
            ("height", "joins", "with", "within threshold"),
            tuple(
                (
                    num(m.height),
                    Names(tuple(ids[p] for p in m.a)),
                    Names(tuple(ids[p] for p in m.b)),
                    "yes" if m.height <= threshold + 1e-12 else "",
                )
                for m in found.merges[:rows]
            ),
            total=len(found.merges),
        ),
    )
    if wide:
        n = len(ids)
        summary += (
            f"\nThe {n} x {n} matrix is too wide for {width} columns: not drawn "
            "(--format markdown has it; gapcli gaps --format csv the matrix)."
        )
    return Report("blocs", result, loaded.scenario, summary, built, warnings=loaded.warnings)


def _heatmap(gaps: Gaps, found: Blocs, ids: tuple[str, ...]) -> Table:
    """The gap matrix in bloc order; past HEATMAP parties, only the most central members of
    each bloc (in proportion to its size), said in a note."""
    from gapcli.analyses.figures import heat_style
    from gapcli.analyses.views import num
    from gapcli.engine.clusters import central_members

    bloc_of = {p: n for n, members in enumerate(found.blocs) for p in members}
    order = found.order if len(ids) <= HEATMAP else central_members(gaps.gap, found, HEATMAP_SHOWN)
    heat_rows: list[tuple[Cell, ...]] = []
    heat_styles: list[tuple[str | None, ...]] = []
    for a in order:
        values = [gaps.value(a, b) for b in order]
        heat_rows.append((bloc_of[a] + 1, ids[a], *(num(v) for v in values)))
        heat_styles.append((None, None, *(heat_style(v) for v in values)))
    note = ""
    if len(order) < len(ids):
        note = (
            f"{len(order)} of the {len(ids):,} parties: the most central members of each "
            "bloc (--json has every party's bloc and the order)."
        )
    return Table(
        "Pair gaps G, parties in bloc order",
        ("bloc", "party", *(ids[p] for p in order)),
        tuple(heat_rows),
        styles=tuple(heat_styles),
        note=note,
    )


def _bloc_row(
    found: Blocs, names: list[list[str]], ids: tuple[str, ...], n: int
) -> tuple[Cell, ...]:
    import math

    from gapcli.analyses.views import num

    others = [
        (float(found.between[n, m]), m)
        for m in range(len(names))
        if m != n and not math.isnan(found.between[n, m])
    ]
    if not others:
        return (n + 1, Names(tuple(names[n])), num(found.internal[n]), "-", None, "-", None)
    gap, closest = min(others)
    bridge = found.bridge(n, closest)
    return (
        n + 1,
        Names(tuple(names[n])),
        num(found.internal[n]),
        closest + 1,
        num(gap),
        ids[bridge.member],
        num(bridge.gap),
    )
