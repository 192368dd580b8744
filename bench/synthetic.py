"""Synthetic scenarios for the benchmark: P parties x I issues of one kind, seeded.

Written as a scenario directory with scenario.yaml, issues.csv and stances.csv (one row a
stance), the format large data comes in. Positions are uniform, accepted ranges around
them, saliences in [0.1, 1], capabilities in [0.2, 2]; choice issues have four options.
"""

from __future__ import annotations

import random
from pathlib import Path


def write(root: Path, parties: int, issues: int, kind: str, seed: int = 1) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "scenario.yaml").write_text(
        f"title: Synthetic {parties} x {issues} {kind}\nas_of: 2020-01-01\n"
    )
    with (root / "issues.csv").open("w") as out:
        out.write("id,kind,lo,hi,options\n")
        for i in range(issues):
            out.write(f"i{i},scale,0,100,\n" if kind == "scale" else f"i{i},choice,,,a;b;c;d\n")
    with (root / "stances.csv").open("w") as out:
        if kind == "scale":
            out.write(
                "party,issue,position,salience,capability,accepts_lo,accepts_hi,uncertainty\n"
            )
        else:
            out.write("party,issue,salience,capability,prefers,accepts,uncertainty\n")
        options = ["a", "b", "c", "d"]
        for p in range(parties):
            capability = f"{rng.uniform(0.2, 2):.3f}"
            for i in range(issues):
                s = f"{rng.uniform(0.1, 1):.2f}"
                if kind == "scale":
                    x = rng.uniform(0, 100)
                    lo, hi = max(0.0, x - rng.uniform(0, 20)), min(100.0, x + rng.uniform(0, 20))
                    out.write(f"p{p},i{i},{x:.1f},{s},{capability},{lo:.1f},{hi:.1f},5\n")
                else:
                    rng.shuffle(options)
                    take = options[: rng.randint(1, 3)]
                    out.write(f"p{p},i{i},{s},{capability},{take[0]},{';'.join(take)},0.1\n")
    return root
