"""gapcli's `trades --procedure decide` side by side with the Decide exchange model itself.

    python bench/decide_check.py --decide-python PY [FILE ...] [--random N] [--size PxI]
                                 [--seeds K]

PY is a Python with Decide installed (PyPI `decide-exchange-model`, which needs Python 3.13):
`python3.13 -m venv V && V/bin/pip install decide-exchange-model`. Each FILE is an input in
Decide's own format (#A/#P/#M/#D rows; Decide's repository publishes some); `--random N`
adds N small scenarios of our own, `--size 30x20` one of that size (for the time). Nothing
is written into the repository.

Each input is imported with `gapcli import decide`, and the scenario written back in Decide's
format, parties and issues in gapcli's order, so that both tools read the same numbers in the
same order (the order decides exact ties). Then, for 10 rounds of the equal-gain model:

- round 1's candidates: the same exchanges, and the largest difference in gain;
- round 1's realised exchanges, Decide taking the first of exact ties (its `ALLOW_RANDOM` off)
  and gapcli by default: how many agree in order, and whether they part at an exact tie;
- the per-issue weighted means (0-100) after 1 and after 10 rounds, the largest difference
  (both tools taking the first of exact ties);
- over `--seeds` random seeds (exact ties broken at random by both), after 10 rounds: the
  largest gap between the two tools' mean positions of an issue, Decide's own spread
  (largest minus smallest of its runs) on that issue, and on how many issues the gap is
  within Decide's spread;
- the time: Decide's rounds alone (in its process, parsing excluded) against gapcli's
  analysis (loading excluded), both for 10 rounds.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROUNDS = 10
HERE = Path(__file__).resolve().parent
SIDE = HERE / "decide_side.py"


def gapcli_import(source: Path, out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "gapcli", "import", "decide", str(source), "-o", str(out)],
        check=True,
        capture_output=True,
    )


def decide_text(scenario_dir: Path) -> str:
    """The scenario in Decide's format: every row with six fields, separated by ';' (Decide
    guesses the separator from the first lines)."""
    import gapcli
    from gapcli.model import ScaleIssue, ScaleStance, capability_of

    loaded = gapcli.load(scenario_dir)
    scenario = loaded.scenario
    rows = [f"#A;{p.id};{p.id};;;" for p in scenario.parties]
    issues = [i for i in scenario.issues if isinstance(i, ScaleIssue)]
    for issue in issues:
        rows += [f"#P;{issue.id};{issue.id};;;"]
        rows += [f"#M;{issue.id};{issue.lo:g};;;", f"#M;{issue.id};{issue.hi:g};;;"]
    for party in scenario.parties:
        for issue in issues:
            stance = party.stances.get(issue.id)
            if isinstance(stance, ScaleStance):
                c = capability_of(party, stance)
                rows.append(f"#D;{party.id};{issue.id};{stance.position};{stance.salience};{c}")
    return "\n".join(rows) + "\n"


def random_decide_file(path: Path, seed: int, size: tuple[int, int] | None = None) -> None:
    """Parties and issues of our own (``size``, or 3-8 by 2-7): positions 0-100, saliences
    0.05-1, capabilities 0.2-2, two decimals and three (continuous: exact ties are rare)."""
    rng = random.Random(seed)
    n_parties, n_issues = size or (rng.randint(3, 8), rng.randint(2, 7))
    rows = [f"#A;a{a:02d};a{a:02d};;;" for a in range(n_parties)]
    for i in range(n_issues):
        rows += [f"#P;i{i:02d};i{i:02d};;;", f"#M;i{i:02d};0;;;", f"#M;i{i:02d};100;;;"]
    for a in range(n_parties):
        c = round(rng.uniform(0.2, 2), 3)
        for i in range(n_issues):
            x, s = round(rng.uniform(0, 100), 2), round(rng.uniform(0.05, 1), 3)
            rows.append(f"#D;a{a:02d};i{i:02d};{x};{s};{c}")
    path.write_text("\n".join(rows) + "\n")


def run_decide(python: str, path: Path, seed: int, fixed: bool) -> dict[str, Any]:
    argv = [python, str(SIDE), str(path), str(ROUNDS), str(seed)] + (["fixed"] if fixed else [])
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def run_gapcli(
    scenario_dir: Path, seed: int | None = None, top: int = 0
) -> tuple[dict[str, Any], float]:
    """gapcli's ROUNDS rounds of Decide's procedure, listing ``top`` trades open at the start
    (0: every one, round 1's candidates), and its time."""
    import gapcli

    loaded = gapcli.load(scenario_dir)
    start = time.perf_counter()
    report = gapcli.trades(
        loaded, rounds=ROUNDS, top=top, procedure="decide", seed=seed, tables=False
    )
    return report.to_dict(), time.perf_counter() - start


def exchange_key(e: list[Any]) -> frozenset[tuple[str, str]]:
    """An exchange of Decide's side program: the two (party, issue it moves on)."""
    return frozenset({(e[0], e[1]), (e[3], e[4])})


def trade_key(t: dict[str, Any]) -> frozenset[tuple[str, str]]:
    return frozenset({(t["a"]["party"], t["a"]["gives"]), (t["b"]["party"], t["b"]["gives"])})


@dataclass
class Row:
    name: str
    candidates: str
    gain_diff: float
    realised: str
    mean1: float
    mean10: float
    apart: float  # the largest gap between the two tools' means over seeds, an issue's
    spread: float  # Decide's spread on that issue
    within: str  # issues whose gap is within Decide's spread
    decide_s: float
    gapcli_s: float


def compare(python: str, source: Path, seeds: int, work: Path) -> Row:
    import gapcli
    from gapcli.model import ScaleIssue

    scenario_dir = work / source.stem
    gapcli_import(source, scenario_dir)
    aligned = work / f"{source.stem}.aligned.csv"
    aligned.write_text(decide_text(scenario_dir))
    fixed = run_decide(python, aligned, 1, fixed=True)
    ours, seconds = run_gapcli(scenario_dir)
    ranges = {
        i.id: (i.lo, i.hi)
        for i in gapcli.load(scenario_dir).scenario.issues
        if isinstance(i, ScaleIssue)
    }

    # round 1's candidates
    theirs = {exchange_key(e): e[6] / 100 for e in fixed["candidates"]}
    one = ours["trades"]  # every trade open at the start, whatever the procedure
    mine = {trade_key(t): t["gain"] for t in one}
    same = set(theirs) & set(mine)
    gain_diff = max((abs(theirs[k] - mine[k]) for k in same), default=0.0)
    candidates = f"{len(theirs)} / {len(mine)} ({len(same)} same)"

    # round 1's realised exchanges, in order
    d1 = [exchange_key(e) for e in fixed["rounds"][0]] if fixed["rounds"] else []
    g1 = [trade_key(t) for t in ours["rounds"][0]] if ours["rounds"] else []
    agree = next((n for n, (a, b) in enumerate(zip(d1, g1, strict=False)) if a != b), None)
    if agree is None and len(d1) == len(g1):
        realised = f"{len(d1)} / {len(g1)}, all in order"
    else:
        at = agree if agree is not None else min(len(d1), len(g1))
        gd = fixed["rounds"][0][at][6] / 100 if at < len(d1) else None
        gg = ours["rounds"][0][at]["gain"] if at < len(g1) else None
        tie = gd is not None and gg is not None and abs(gd - gg) <= 1e-6
        realised = f"{len(d1)} / {len(g1)}, first {at} in order" + (", then a tie" if tie else "")

    def ours_after(doc: dict[str, Any]) -> dict[str, float]:
        return {
            o["issue"]: (o["after"] - ranges[o["issue"]][0])
            * 100
            / (ranges[o["issue"]][1] - ranges[o["issue"]][0])
            for o in doc["outcomes"]
        }

    mine10 = ours_after(ours)
    one_round = gapcli.trades(
        gapcli.load(scenario_dir), rounds=1, procedure="decide", tables=False
    ).to_dict()
    mine1 = ours_after(one_round)
    mean1 = max(abs(fixed["means"][1][k] - mine1[k]) for k in mine1) if fixed["rounds"] else 0.0
    last = fixed["means"][-1]
    mean10 = max(abs(last[k] - mine10[k]) for k in mine10)

    # over seeds (exact ties broken at random by each tool): per issue, the mean of each
    # tool's runs, and Decide's spread (its largest minus its smallest)
    decide_runs = [last] + [
        run_decide(python, aligned, s, fixed=False)["means"][-1] for s in range(seeds)
    ]
    gapcli_runs = [mine10] + [
        ours_after(run_gapcli(scenario_dir, s, top=1)[0]) for s in range(seeds)
    ]
    spread, apart, within = 0.0, 0.0, 0
    for k in mine10:
        theirs_k = [r[k] for r in decide_runs]
        mine_k = [r[k] for r in gapcli_runs]
        gap = abs(sum(mine_k) / len(mine_k) - sum(theirs_k) / len(theirs_k))
        width = max(theirs_k) - min(theirs_k)
        within += gap <= width + 1e-6
        if gap >= apart:
            apart, spread = gap, width
    return Row(
        source.name,
        candidates,
        gain_diff,
        realised,
        mean1,
        mean10,
        apart,
        spread,
        f"{within} / {len(mine10)}",
        fixed["seconds"],
        seconds,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="inputs in Decide's format")
    parser.add_argument("--decide-python", required=True, help="a Python with Decide")
    parser.add_argument("--random", type=int, default=0, help="random scenarios to add")
    parser.add_argument("--seeds", type=int, default=10, help="Decide's random seeds")
    parser.add_argument(
        "--size", action="append", default=[], help="a random scenario of PxI (e.g. 30x20)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inputs = list(args.files)
        for n in range(args.random):
            path = work / f"random-{n:02d}.csv"
            random_decide_file(path, n)
            inputs.append(path)
        for size in args.size:
            path = work / f"synthetic-{size}.csv"
            parties, issues = (int(v) for v in size.split("x"))
            random_decide_file(path, 1, (parties, issues))
            inputs.append(path)
        print(
            "| input | round-1 candidates (Decide / gapcli) | gain diff | round-1 realised "
            "(Decide / gapcli) | means apart, 1 round | 10 rounds | over seeds | Decide's "
            "spread there | issues within Decide's spread | Decide s | gapcli s |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for source in inputs:
            r = compare(args.decide_python, source, args.seeds, work)
            print(
                f"| {r.name} | {r.candidates} | {r.gain_diff:.1e} | {r.realised} | "
                f"{r.mean1:.3f} | {r.mean10:.3f} | {r.apart:.3f} | {r.spread:.3f} | "
                f"{r.within} | {r.decide_s:.2f} | {r.gapcli_s:.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
