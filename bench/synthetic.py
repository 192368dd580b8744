"""Synthetic scenarios for the benchmark: P parties x I issues of one kind, seeded.

Positions are drawn uniformly, accepted ranges around them, saliences in [0.1, 1]; choice
issues have four options, set issues five. Written as a scenario directory (scenario.yaml
plus one YAML file per party).
"""

from __future__ import annotations

import random
from pathlib import Path


def write(root: Path, parties: int, issues: int, kind: str, seed: int = 1) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "parties").mkdir(exist_ok=True)
    lines = [f"title: Synthetic {parties} x {issues} {kind}", "as_of: 2020-01-01", "issues:"]
    for i in range(issues):
        if kind == "scale":
            lines.append(f"  i{i}: {{kind: scale, range: [0, 100]}}")
        elif kind == "choice":
            lines.append(f"  i{i}: {{kind: choice, options: [a, b, c, d]}}")
        else:
            lines.append(f"  i{i}: {{kind: set, options: [a, b, c, d, e]}}")
    (root / "scenario.yaml").write_text("\n".join(lines) + "\n")
    for p in range(parties):
        out = [f"capability: {rng.uniform(0.2, 2):.3f}", "stances:"]
        for i in range(issues):
            s = f"{rng.uniform(0.1, 1):.2f}"
            if kind == "scale":
                x = rng.uniform(0, 100)
                lo, hi = max(0.0, x - rng.uniform(0, 20)), min(100.0, x + rng.uniform(0, 20))
                out.append(
                    f"  i{i}: {{position: {x:.1f}, accepts: [{lo:.1f}, {hi:.1f}], "
                    f"salience: {s}, uncertainty: 5}}"
                )
            elif kind == "choice":
                options = ["a", "b", "c", "d"]
                rng.shuffle(options)
                take = options[: rng.randint(1, 3)]
                out.append(
                    f"  i{i}: {{prefers: {take[0]}, accepts: [{', '.join(take)}], salience: {s}}}"
                )
            else:
                options = ["a", "b", "c", "d", "e"]
                rng.shuffle(options)
                out.append(
                    f"  i{i}: {{require: [{options[0]}], reject: [{options[1]}], salience: {s}}}"
                )
        (root / "parties" / f"p{p}.yaml").write_text("\n".join(out) + "\n")
    return root
