"""How much the results hang on uncertain estimates: Monte Carlo draws over each stance's
uncertainty, then the probability that each issue is deadlocked, the spread of each bridge
and forecast, how often each party blocks, and which pairs may or may not be compatible."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from gapcli.analyses import compiled as compiled_arrays
from gapcli.analyses.records import NAMES_SHOWN, Cell, Names, Report, Table, named

if TYPE_CHECKING:
    from gapcli.engine import Compiled
    from gapcli.engine.sensitivity import Samples
    from gapcli.io.loader import Loaded

PERCENTILES = (5, 50, 95)
TOP_PAIRS = 15


def sensitivity(
    loaded: Loaded,
    *,
    samples: int = 2000,
    seed: int = 1,
    full: bool = False,
    tables: bool = True,
    rows: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """``samples`` draws of ``loaded`` from the random ``seed`` (the same seed, the same
    result). ``full``: the result has each party's share of draws blocking each issue
    (``parties[].blocks``) and every pair's on each issue (``pairs``). ``progress`` is
    called with the number of draws done as the run goes.

    ``rows``: a table for a person: at most that many rows of the issues and the parties,
    and at most NAMES_SHOWN issues named in a party's cell (the rest counted); None: every
    row and name.
    """
    from gapcli.engine.sensitivity import run

    scenario = loaded.scenario
    compiled = compiled_arrays(loaded)
    drawn = run(compiled, samples, seed, progress)
    issues = _issues_json(compiled, drawn)
    index = [*compiled.scale.index, *compiled.choice.index, *compiled.sets.index]
    issues = [issues[k] for k in sorted(range(len(issues)), key=index.__getitem__)]
    blocks = _Blocks(compiled, drawn)
    parties: list[dict[str, Any]] = [
        {
            "party": party,
            "expected_blocked": blocks.expected(p),
            "blocks_count": blocks.count(p),
        }
        for p, party in enumerate(compiled.party_ids)
    ]
    if full:
        for p, doc in enumerate(parties):
            doc["blocks"] = blocks.shares(p)
    result: dict[str, Any] = {
        "samples": samples,
        "seed": seed,
        "issues": issues,
        "parties": parties,
    }
    if full:
        result["pairs"] = _pairs(compiled, drawn)
    stuck = sum(i["deadlock"] for i in issues)
    unsettled = [i["issue"] for i in issues if 0 < i["deadlock"] < 1]
    summary = (
        f"{scenario.title}: {samples} draws (seed {seed}); expected deadlocks "
        f"{stuck:.2f} of {len(issues)}; uncertain: {named(unsettled)}."
    )
    built = _tables(compiled, drawn, issues, blocks, rows) if tables else ()
    return Report("sensitivity", result, scenario, summary, built, warnings=loaded.warnings)


def _tables(
    compiled: Compiled,
    drawn: Samples,
    issues: list[dict[str, Any]],
    blocks: _Blocks,
    rows: int | None,
) -> tuple[Table, ...]:
    names = None if rows is None else NAMES_SHOWN
    parties = [(p, blocks.expected(p)) for p in range(len(compiled.party_ids))]
    unsure = _unsure(compiled, drawn)
    issue_rows: list[tuple[Cell, ...]] = [
        (i["issue"], i["kind"], i["deadlock"], _bridge_text(i), _forecast_text(i))
        for i in sorted(issues, key=lambda i: -i["deadlock"])[:rows]
    ]
    party_rows: list[tuple[Cell, ...]] = [
        (compiled.party_ids[p], expected, blocks.most(p, names))
        for p, expected in sorted(parties, key=lambda pe: -pe[1])[:rows]
    ]
    pair_rows: list[tuple[Cell, ...]] = [
        (x["a"], x["b"], x["issue"], x["incompatible"]) for x in (unsure or [])[:TOP_PAIRS]
    ]
    return (
        Table(
            "Issues by probability of deadlock: bridge and forecast spread",
            ("issue", "kind", "P(deadlock)", "bridge 5% / 50% / 95%", "median forecast 5/50/95"),
            tuple(issue_rows),
            note="choice: the bridge's most frequent options; set: how often each option is in.",
            total=len(issues),
        ),
        Table(
            "How often each party blocks",
            ("party", "issues blocked (expected)", "per issue"),
            tuple(party_rows),
            total=len(parties),
        ),
        Table(
            "Pairs whose compatibility is uncertain, most likely apart first",
            ("party", "party", "issue", "P(nothing in common)"),
            tuple(pair_rows),
            note=f"{min(len(unsure), TOP_PAIRS)} of {len(unsure)} shown; --json --full lists "
            "every pair."
            if unsure is not None
            else "left out: parties x parties x issues is too large for this table",
        ),
    )


def _quantiles(values: Any) -> dict[str, float | None]:
    import numpy as np

    from gapcli.analyses.views import num

    finite = values[np.isfinite(values)]
    if not len(finite):
        return {f"p{q}": None for q in PERCENTILES}
    return {f"p{q}": num(float(np.percentile(finite, q))) for q in PERCENTILES}


def _shares(counts: Any, ids: tuple[str, ...]) -> dict[str, float]:
    total = float(counts.sum()) or 1.0
    return {ids[k]: round(float(counts[k]) / total, 4) for k in range(len(ids)) if counts[k]}


def _issues_json(c: Compiled, d: Samples) -> list[dict[str, Any]]:
    import numpy as np

    out: list[dict[str, Any]] = []
    for i, issue in enumerate(c.scale.issues):
        out.append(
            {
                "issue": issue.id,
                "kind": "scale",
                "deadlock": round(float(d.scale_deadlock[i].mean()), 4),
                "bridge": _quantiles(d.scale_bridge[i]),
                "forecast": {
                    "mean": _quantiles(d.scale_mean[i]),
                    "median": _quantiles(d.scale_median[i]),
                },
            }
        )
    for i, choice in enumerate(c.choice.issues):
        counts = np.bincount(d.choice_bridge[i], minlength=len(choice.options))
        out.append(
            {
                "issue": choice.id,
                "kind": "choice",
                "deadlock": round(float(d.choice_deadlock[i].mean()), 4),
                "bridge": _shares(counts, choice.option_ids),
                "forecast": None,
            }
        )
    for i, group in enumerate(c.sets.issues):
        include = d.set_include[i]
        out.append(
            {
                "issue": group.id,
                "kind": "set",
                "deadlock": round(float(d.set_deadlock[i].mean()), 4),
                "bridge": {o: round(float(include[k]), 4) for k, o in enumerate(group.option_ids)},
                "forecast": None,
            }
        )
    return out


class _Blocks:
    """How often each party blocks each issue it takes a stance on, as one (P, I) array
    (the kinds side by side: scale, choice, set), never a dict per party and issue unless
    the JSON asks for every share."""

    def __init__(self, c: Compiled, d: Samples) -> None:
        import numpy as np

        self.ids = [issue.id for _, block in c.kinds for issue in block.issues]
        kinds = [(d.blocks[kind], block.mask) for kind, block in c.kinds]
        self.share = np.concatenate([share for share, _ in kinds], axis=1)
        self.mask = np.concatenate([mask for _, mask in kinds], axis=1)

    def expected(self, p: int) -> float:
        """The sum of the shares, in the order of the JSON's ``blocks``."""
        return round(float(sum(self.share[p, self.mask[p]].tolist())), 4)

    def count(self, p: int) -> int:
        return int((self.share[p, self.mask[p]] > 0).sum())

    def shares(self, p: int) -> dict[str, float]:
        import numpy as np

        found = np.flatnonzero(self.mask[p])
        values = self.share[p, found].tolist()
        return {self.ids[k]: round(v, 4) for k, v in zip(found.tolist(), values, strict=True)}

    def most(self, p: int, limit: int | None) -> Names:
        """The issues it blocks, most often first (shares as printed, ties in JSON order)."""
        import numpy as np

        found = np.flatnonzero(self.mask[p] & (self.share[p] > 0))
        rounded = [round(v, 4) for v in self.share[p, found].tolist()]
        ranked = sorted(
            ((k, v) for k, v in zip(found.tolist(), rounded, strict=True) if v),
            key=lambda kv: -kv[1],
        )
        shown = ranked if limit is None else ranked[: limit + 1]
        items = tuple(f"{self.ids[k]} {_pct(v)}" for k, v in shown)
        return Names(items, "-", len(ranked) - len(shown))


def _pair_cells(c: Compiled, d: Samples) -> Iterator[tuple[int, int, int, float]]:
    """(a, b, issue position in its kind's block, share) of each pair a < b and issue where
    both take a stance, in the order kind, issue, a, b; ``d.apart`` must be there."""
    import numpy as np

    assert d.apart is not None
    offset = 0
    for kind, block in c.kinds:
        share = d.apart[kind]
        both = block.mask[:, None, :] & block.mask[None, :, :]
        both &= np.triu(np.ones(both.shape[:2], dtype=bool), k=1)[:, :, None]
        i, a, b = np.nonzero(both.transpose(2, 0, 1))
        values = share[a, b, i].tolist()
        for a_, b_, i_, v in zip(a.tolist(), b.tolist(), i.tolist(), values, strict=True):
            yield a_, b_, offset + i_, v
        offset += len(block.issues)


def _pairs(c: Compiled, d: Samples) -> list[dict[str, Any]] | None:
    if d.apart is None:
        return None
    ids, issues = c.party_ids, [issue.id for _, block in c.kinds for issue in block.issues]
    return [
        {"a": ids[a], "b": ids[b], "issue": issues[i], "incompatible": round(v, 4)}
        for a, b, i, v in _pair_cells(c, d)
    ]


def _unsure(c: Compiled, d: Samples) -> list[dict[str, Any]] | None:
    """The pairs and issues whose compatibility is uncertain, most likely apart first."""
    if d.apart is None:
        return None
    ids, issues = c.party_ids, [issue.id for _, block in c.kinds for issue in block.issues]
    found = [
        {"a": ids[a], "b": ids[b], "issue": issues[i], "incompatible": round(v, 4)}
        for a, b, i, v in _pair_cells(c, d)
        if 0 < v < 1 and 0 < round(v, 4) < 1
    ]
    return sorted(found, key=lambda x: -x["incompatible"])


def _bridge_text(i: dict[str, Any]) -> str:
    b = i["bridge"]
    if i["kind"] == "scale":
        return " / ".join(_pt(b[f"p{q}"]) for q in PERCENTILES)
    items = sorted(b.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{k} {_pct(v)}" for k, v in items if v) or "-"


def _forecast_text(i: dict[str, Any]) -> str:
    if i["forecast"] is None:
        return "-"
    m = i["forecast"]["median"]
    return " / ".join(_pt(m[f"p{q}"]) for q in PERCENTILES)


def _pt(value: float | None) -> str:
    from gapcli.analyses.views import fmt_pt

    return "-" if value is None else fmt_pt(value)


def _pct(share: float) -> str:
    """A share as a person reads it: a rare event stays visible as "<1%"."""
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"
