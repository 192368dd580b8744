"""The benchmark: prints one table of timings and peak memory, all measured in this run.

    python bench/run.py            # every size
    python bench/run.py --quick    # the smallest size only (CI)

Each size runs in a fresh subprocess (so peak memory is its own); the worked example's
end-to-end `gapcli deadlocks --json` is compared with `python -c pass` in the same run.
"""

from __future__ import annotations

import argparse
import json
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
    (100, 1000, "choice"),
    (200, 2000, "choice"),
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
    parser.add_argument("--samples", type=int, default=1000, help="sensitivity draws per size")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import write

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()}"
    )
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
    print(
        f"sensitivity --samples 10000 on syria-2017-05, end to end: "
        f"{median_time(sensitivity, 3 if not args.quick else 1):.2f} s\n"
    )
    header = (
        "size",
        "kind",
        "stances",
        "load s",
        "compile s",
        "gaps s",
        "deadlocks s",
        "forecast s",
        f"sensitivity x{args.samples} s",
        "peak MiB",
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for parties, issues, kind in SIZES[:1] if args.quick else SIZES:
            path = write(Path(tmp) / f"{parties}x{issues}", parties, issues, kind)
            done = subprocess.run(
                [sys.executable, str(ROOT / "bench" / "measure.py"), str(path), str(args.samples)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            m = json.loads(done.stdout)
            rows.append(
                (
                    f"{parties}x{issues}",
                    kind,
                    f"{parties * issues:,}",
                    *(
                        f"{m[k]:.3f}"
                        for k in ("load", "compile", "gaps", "deadlocks", "forecast", "sensitivity")
                    ),
                    f"{m['peak_mib']:.0f}",
                )
            )
    widths = [max(len(h), *(len(r[n]) for r in rows)) for n, h in enumerate(header)]
    print(" | ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
