"""The benchmark: prints one table of timings and peak memory, all measured in this run.

    python bench/run.py            # every size, then the real data and the large cases
    python bench/run.py --quick    # the smallest size only (CI)
    python bench/run.py --cases 30x400,deu3   # some end-to-end cases only (bench/large.py)

Each size runs in a fresh subprocess (so peak memory is its own); the worked example's
end-to-end `gapcli deadlocks --json` is compared with `python -c pass` in the same run.
Then every command runs end to end, as a user runs it (bench/commands.py, bench/large.py),
on the UN General Assembly's roll calls (bench/unvotes.py, from ../shared/data/unvotes), on
5,000 parties x 5 issues, on 10 parties x 100,000 issues, on 30 parties x 400 scale issues
and on DEU III (bench/deu3.py, from ../shared/data/deu3): `--only-large` runs that part
alone, `--cases 30x400,deu3` some of its cases. `--quick` runs none of it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [  # parties, issues, kind
    (7, 10, "scale"),
    (30, 100, "scale"),
    (30, 400, "scale"),
    (60, 400, "scale"),
    (100, 1000, "choice"),
    (200, 1000, "choice"),
    (200, 2000, "choice"),
    (200, 6000, "choice"),
]
TARGETS = [  # what, the column, the size, the limit
    ("30 x 400 scale: forecast", "forecast", (30, 400), 1.0),
    ("200 x 6000 choice: load + gaps", "load+gaps", (200, 6000), 5.0),
    ("200 x 6000 choice: peak memory (MiB)", "peak_mib", (200, 6000), 2048.0),
]
STARTUP_RUNS = 21


def median_time(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the smallest size only")
    parser.add_argument(
        "--cells", type=int, default=2_000_000, help="party x issue x draw cells per size"
    )
    parser.add_argument(
        "--only-large", action="store_true", help="only the end-to-end runs on large data"
    )
    parser.add_argument(
        "--cases",
        help="only these end-to-end cases, comma-separated (un, 5000x5, 10x100000, 30x400, "
        "30x20, deu3; bench/large.py)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from large import CASES, large
    from synthetic import write

    cases = [c.strip() for c in args.cases.split(",") if c.strip()] if args.cases else None
    if cases and (unknown := [c for c in cases if c not in CASES]):
        parser.error(f"unknown case {', '.join(unknown)} (expected {', '.join(CASES)})")

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()}"
    )
    if args.only_large or cases:
        large(cases)
        return
    script = Path(sys.executable).parent / "gapcli"  # the installed entry point, as users run it
    gapcli = [str(script)] if script.exists() else [sys.executable, "-m", "gapcli"]
    example = [*gapcli, "deadlocks", "positions/syria-2017-05", "--json"]
    runs = 5 if args.quick else STARTUP_RUNS
    base = median_time([sys.executable, "-c", "pass"], runs)
    end_to_end = median_time(example, runs)
    print(
        f"\nstartup (median of {runs}): python -c pass {base * 1000:.0f} ms; "
        f"gapcli deadlocks --json on syria-2017-05 {end_to_end * 1000:.0f} ms "
        f"(x{end_to_end / base:.1f})"
    )
    sensitivity = [
        *gapcli,
        "sensitivity",
        "positions/syria-2017-05",
        "--samples",
        "10000",
        "--json",
    ]
    sens = median_time(sensitivity, 3 if not args.quick else 1)
    print(f"sensitivity --samples 10000 on syria-2017-05, end to end: {sens:.2f} s\n")
    header = (
        "size",
        "kind",
        "stances",
        "load s",
        "compile s",
        "gaps s",
        "load+gaps s",
        "deadlocks s",
        "forecast s",
        "sensitivity s/100 draws",
        "peak MiB",
    )
    keys = ("load", "compile", "gaps", "load+gaps", "deadlocks", "forecast", "sensitivity")
    rows, measured = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for parties, issues, kind in SIZES[:1] if args.quick else SIZES:
            path = write(Path(tmp) / f"{parties}x{issues}", parties, issues, kind)
            samples = max(10, min(1000, args.cells // (parties * issues)))
            done = subprocess.run(
                [sys.executable, str(ROOT / "bench" / "measure.py"), str(path), str(samples)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            m = json.loads(done.stdout)
            measured[(parties, issues)] = m
            rows.append(
                (
                    f"{parties}x{issues}",
                    kind,
                    f"{parties * issues:,}",
                    *(f"{m[k]:.3f}" for k in keys),
                    f"{m['peak_mib']:.0f}",
                )
            )
    widths = [max(len(h), *(len(r[n]) for r in rows)) for n, h in enumerate(header)]
    print(" | ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)))
    if args.quick:
        return
    print("\ntargets:")
    for what, key, size, limit in TARGETS:
        value = measured[size][key]
        print(f"  {what}: {value:.2f} (target {limit:g}) {'met' if value <= limit else 'NOT MET'}")
    print(
        f"  worked example, deadlocks --json: {end_to_end * 1000:.0f} ms (target 150) "
        f"{'met' if end_to_end <= 0.150 else 'NOT MET'}"
    )
    print(
        f"  sensitivity --samples 10000 on the worked example: {sens:.2f} s (target 2) "
        f"{'met' if sens <= 2 else 'NOT MET'}"
    )
    print("\ngrowth (fitted exponent: time ~ size^k):")
    for label, pairs in (
        ("parties, 400 scale issues (30 -> 60)", [(30, 400), (60, 400)]),
        ("parties, 1000 choice issues (100 -> 200)", [(100, 1000), (200, 1000)]),
        ("issues, 30 parties, scale (100 -> 400)", [(30, 100), (30, 400)]),
        ("issues, 200 parties, choice (1000 -> 6000)", [(200, 1000), (200, 2000), (200, 6000)]),
    ):
        varying = 0 if pairs[0][0] != pairs[-1][0] else 1
        xs = [math.log(p[varying]) for p in pairs]
        fits = []
        for key in ("load", "gaps", "deadlocks", "forecast", "sensitivity"):
            ys = [math.log(max(measured[p][key], 1e-6)) for p in pairs]
            fits.append(f"{key} {_slope(xs, ys):.2f}")
        print(f"  {label}: " + ", ".join(fits))
    large()


def _slope(xs: list[float], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


if __name__ == "__main__":
    main()
