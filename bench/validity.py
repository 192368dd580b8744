"""The backtest of DEU III behind docs/validity.md: every forecast of the 353 EU legislative
issues with a recorded outcome, with the GDP weights and with equal capabilities, by the
installed `gapcli backtest` (end to end, as a user runs it), then one hold-out check of an
interval rule the data does not tune: the weighted mean +- the 90th percentile of its
errors on the proposals introduced before 2005, tried on those from 2005 on.

    python bench/validity.py [--data ../shared/data/deu3/deu3.csv] [--samples 1000]

Prints Markdown tables (the ones in docs/validity.md) and how long each backtest took.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from commands import gapcli_command  # noqa: E402
from deu3 import DATA, write  # noqa: E402

#: The hold-out split: proposals introduced before this year fit the rule, the rest test it
SPLIT = 2005
LEVEL = 0.9


def backtest(path: Path, *extra: str) -> tuple[dict[str, Any], float]:
    start = time.perf_counter()
    done = subprocess.run(
        [*gapcli_command(), "backtest", str(path), "--json", *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)["result"]
    return result, time.perf_counter() - start


def pct(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.1f}"


def errors_table(runs: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| model | " + " | ".join(f"{name}: mean error (95% CI)" for name in runs) + " | issues |",
        "|---|" + "---|" * len(runs) + "---:|",
    ]
    first = next(iter(runs.values()))
    for row in first["scale"]:
        if row["group"] is not None:
            continue
        cells = []
        for result in runs.values():
            r = next(
                x for x in result["scale"] if x["model"] == row["model"] and x["group"] is None
            )
            ci = "" if r["low"] is None else f" ({pct(r['low'])}-{pct(r['high'])})"
            cells.append(f"{pct(r['error_share'])}{ci}")
        lines.append(f"| {row['model']} | " + " | ".join(cells) + f" | {row['n']} |")
    return "\n".join(lines)


def calibration_table(runs: dict[str, dict[str, Any]]) -> str:
    levels = next(iter(runs.values()))["settings"]["levels"]
    lines = [
        "| capability | model | issues | "
        + " | ".join(f"{round(100 * lv)}% band" for lv in levels)
        + " |",
        "|---|---|---:|" + "---:|" * len(levels),
    ]
    for name, result in runs.items():
        for row in result["calibration"]:
            if row["group"] is not None:
                continue
            cells = " | ".join(f"{100 * lv['share']:.0f}%" for lv in row["levels"])
            lines.append(f"| {name} | {row['model']} | {row['n']} | {cells} |")
    return "\n".join(lines)


def inside_table(runs: dict[str, dict[str, Any]]) -> str:
    """The 90% bands' coverage on the outcomes at an end of the scale and strictly inside it:
    a draw is clipped to the scale, so a band near an end stops short of it."""
    lines = [
        "| capability | model | outcomes at 0 or 100: held | strictly inside: held |",
        "|---|---|---:|---:|",
    ]
    for name, result in runs.items():
        for model in ("mean", "median", "bridge"):
            counts = {True: [0, 0], False: [0, 0]}
            for issue in result["issues"]:
                f = next(x for x in issue["forecasts"] if x["model"] == model)
                if f.get("covered") is None:
                    continue
                end = issue["outcome"] in (0, 100)
                counts[end][0] += bool(f["covered"])
                counts[end][1] += 1
            cells = [
                f"{h} of {n} ({100 * h / max(1, n):.0f}%)" for h, n in (counts[True], counts[False])
            ]
            lines.append(f"| {name} | {model} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def by_year_table(result: dict[str, Any]) -> str:
    lines = ["| year introduced | issues | mean | median | bridge |", "|---|---:|---:|---:|---:|"]
    groups = sorted({r["group"] for r in result["scale"] if r["group"] is not None})
    for group in groups:
        rows = {r["model"]: r for r in result["scale"] if r["group"] == group}
        lines.append(
            f"| {group} | {rows['mean']['n']} | {pct(rows['mean']['error_share'])} | "
            f"{pct(rows['median']['error_share'])} | {pct(rows['bridge']['error_share'])} |"
        )
    return "\n".join(lines)


def hold_out(result: dict[str, Any]) -> str:
    """The weighted mean +- the LEVEL quantile of its absolute errors before SPLIT, and how
    often that interval holds the outcome from SPLIT on (and the sensitivity band there)."""
    import numpy as np

    fit: list[tuple[dict[str, Any], dict[str, Any]]] = []
    test: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for issue in result["issues"]:
        mean = next(f for f in issue["forecasts"] if f["model"] == "mean")
        if mean["error"] is None:
            continue
        year = int(issue["tags"]["year"])
        (fit if year < SPLIT else test).append((issue, mean))
    width = float(np.quantile([m["error"] for _, m in fit], LEVEL))
    held = sum(1 for _, m in test if float(m["error"]) <= width)
    banded = [m for _, m in test if m.get("covered") is not None]
    band_held = sum(1 for m in banded if m["covered"])
    return (
        f"| rule | fitted on | tested on | interval | held on the test issues |\n"
        f"|---|---|---|---|---|\n"
        f"| weighted mean +- the 90th percentile of its errors | {len(fit)} issues before "
        f"{SPLIT} | {len(test)} issues from {SPLIT} | +-{width:.1f} points | "
        f"{held} of {len(test)} ({100 * held / len(test):.0f}%) |\n"
        f"| the sensitivity's 90% band of the mean | (nothing fitted) | the same | "
        f"per issue | {band_held} of {len(banded)} "
        f"({100 * band_held / max(1, len(banded)):.0f}%) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--samples", default="1000")
    args = parser.parse_args()
    common = ["--cluster", "proposal", "--samples", args.samples]
    with tempfile.TemporaryDirectory() as tmp:
        runs: dict[str, dict[str, Any]] = {}
        times: dict[str, float] = {}
        for capability, name in (("weights", "GDP weights"), ("equal", "equal")):
            path = write(Path(tmp) / capability, args.data, capability)
            runs[name], times[name] = backtest(path, *common, "--uncertainty", "0.1")
        by_year, _ = backtest(Path(tmp) / "weights", "--by", "year", "--samples", "0")
        plain, plain_time = backtest(Path(tmp) / "weights", "--samples", "0")
    print("## Error per model (% of the scale; 95% CI, proposals drawn whole)\n")
    print(errors_table(runs))
    print("\n## Calibration of the bands (--uncertainty 0.1)\n")
    print(calibration_table(runs))
    print("\n## The 90% bands at the ends of the scale and inside it\n")
    print(inside_table(runs))
    print("\n## The weighted mean's error by year introduced (GDP weights)\n")
    print(by_year_table(by_year))
    print(f"\n## A hold-out interval rule (GDP weights; fit before {SPLIT})\n")
    print(hold_out(runs["GDP weights"]))
    counts = plain["counts"]
    print(
        f"\n{counts['with_outcome']} issues with an outcome, {counts['unrecorded']} without. "
        + ", ".join(f"{k}: {v:.1f} s" for k, v in times.items())
        + f" (1,000 draws each); without draws {plain_time:.1f} s."
    )


if __name__ == "__main__":
    main()
