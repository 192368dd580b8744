from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gapcli.commands._common import (
    FormatOpt,
    JsonOpt,
    ScenarioArg,
    SetOpt,
    load_compiled,
    output_format,
)
from gapcli.output import Cell, Format, Report, Table, emit

if TYPE_CHECKING:
    from gapcli.engine import Compiled
    from gapcli.engine.sensitivity import Samples
    from gapcli.loader import Loaded
    from gapcli.model import Issue

MAX_SAMPLES = 1_000_000
PERCENTILES = (5, 50, 95)
TOP_PAIRS = 15


def sensitivity(
    path: ScenarioArg = None,
    samples: Annotated[
        int,
        typer.Option(
            "--samples", "-n", min=1, max=MAX_SAMPLES, help="How many draws (1 to 1,000,000)."
        ),
    ] = 2000,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Random seed: the same seed, the same output.")
    ] = 1,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    sets: SetOpt = None,
) -> None:
    """How much the results hang on uncertain estimates: Monte Carlo over each stance's
    uncertainty.

    Each draw shifts every uncertain scale stance (position and accepted range together,
    uniformly within its uncertainty) and misreads choice and set stances with their
    uncertainty as probability, then reruns the analysis. Reports the probability that each
    issue is deadlocked, the 5th, 50th and 95th percentiles of each bridge and forecast, how
    often each party blocks, and which pairs may or may not be compatible. A progress bar
    shows on stderr when a run takes over a second.

    Example: gapcli sensitivity positions/syria-2017-05 --samples 10000 --seed 7
    """
    loaded, compiled = load_compiled(path, sets or ())
    report = build(loaded, compiled, samples, seed, _progress(samples))
    emit(report, output_format(fmt, as_json))


def _progress(total: int) -> Callable[[int], None] | None:
    """A callback that shows a bar on stderr once the run has taken a second (terminal only)."""
    if not sys.stderr.isatty():
        return None
    start = time.perf_counter()
    state: dict[str, Any] = {}

    def update(done: int) -> None:
        if "bar" not in state and time.perf_counter() - start > 1.0 and done < total:
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(console=Console(stderr=True), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("sampling", total=total)
        if "bar" in state:
            state["bar"].update(state["task"], completed=done)
            if done >= total:
                state["bar"].stop()

    return update


def build(
    loaded: Loaded,
    compiled: Compiled,
    samples: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> Report:
    from gapcli.engine import analyse_issues
    from gapcli.engine.sensitivity import run

    scenario = loaded.scenario
    drawn = run(compiled, samples, seed, progress)
    issues = _issues_json(compiled, drawn)
    order = {r.issue: n for n, r in enumerate(analyse_issues(compiled))}
    issues.sort(key=lambda i: order[i["issue"]])
    blocks = _blocks(compiled, drawn)
    parties: list[dict[str, Any]] = [
        {
            "party": party,
            "blocks": {k: round(v, 4) for k, v in blocks[party].items()},
            "expected_blocked": round(float(sum(blocks[party].values())), 4),
        }
        for party in compiled.party_ids
    ]
    pairs = _pairs(compiled, drawn)
    result = {
        "samples": samples,
        "seed": seed,
        "issues": issues,
        "parties": parties,
        "pairs": pairs,
    }
    issue_rows: list[tuple[Cell, ...]] = [
        (i["issue"], i["kind"], i["deadlock"], _bridge_text(i), _forecast_text(i)) for i in issues
    ]
    party_rows: list[tuple[Cell, ...]] = [
        (
            p["party"],
            p["expected_blocked"],
            ", ".join(
                f"{k} {_pct(v)}" for k, v in sorted(p["blocks"].items(), key=lambda kv: -kv[1]) if v
            )
            or "-",
        )
        for p in sorted(parties, key=lambda p: -p["expected_blocked"])
    ]
    unsure = sorted(
        (x for x in pairs or () if 0 < x["incompatible"] < 1), key=lambda x: -x["incompatible"]
    )
    pair_rows: list[tuple[Cell, ...]] = [
        (x["a"], x["b"], x["issue"], x["incompatible"]) for x in unsure[:TOP_PAIRS]
    ]
    stuck = sum(i["deadlock"] for i in issues)
    unsettled = [i["issue"] for i in issues if 0 < i["deadlock"] < 1]
    summary = (
        f"{scenario.title}: {samples} draws (seed {seed}); expected deadlocks "
        f"{stuck:.2f} of {len(issues)}; uncertain: {', '.join(unsettled) or 'none'}."
    )
    tables = (
        Table(
            "Issues: probability of deadlock, bridge and forecast spread",
            ("issue", "kind", "P(deadlock)", "bridge 5% / 50% / 95%", "median forecast 5/50/95"),
            tuple(issue_rows),
            note="choice: the bridge's most frequent options; set: how often each option is in.",
        ),
        Table(
            "How often each party blocks",
            ("party", "issues blocked (expected)", "per issue"),
            tuple(party_rows),
        ),
        Table(
            "Pairs whose compatibility is uncertain, most likely apart first",
            ("party", "party", "issue", "P(nothing in common)"),
            tuple(pair_rows),
            note=f"{min(len(unsure), TOP_PAIRS)} of {len(unsure)} shown; JSON lists every pair."
            if pairs is not None
            else "left out: parties x parties x issues is too large for this table",
        ),
    )
    return Report("sensitivity", result, scenario, summary, tables, warnings=loaded.warnings)


def _quantiles(values: Any) -> dict[str, float | None]:
    import numpy as np

    from gapcli.views import num

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


def _blocks(c: Compiled, d: Samples) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {p: {} for p in c.party_ids}
    for kind, block in c.kinds:
        share = d.blocks[kind]
        issues: tuple[Issue, ...] = block.issues
        for i, issue in enumerate(issues):
            for p, party in enumerate(c.party_ids):
                if block.mask[p, i]:
                    out[party][issue.id] = float(share[p, i])
    return out


def _pairs(c: Compiled, d: Samples) -> list[dict[str, Any]] | None:
    if d.apart is None:
        return None
    out: list[dict[str, Any]] = []
    ids = c.party_ids
    for kind, block in c.kinds:
        share = d.apart[kind]
        issues: tuple[Issue, ...] = block.issues
        for i, issue in enumerate(issues):
            for a in range(len(ids)):
                for b in range(a + 1, len(ids)):
                    if block.mask[a, i] and block.mask[b, i]:
                        out.append(
                            {
                                "a": ids[a],
                                "b": ids[b],
                                "issue": issue.id,
                                "incompatible": round(float(share[a, b, i]), 4),
                            }
                        )
    return out


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
    return "-" if value is None else f"{value:.1f}".removesuffix(".0")


def _pct(share: float) -> str:
    """A share as a person reads it: a rare event stays visible as "<1%"."""
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"
