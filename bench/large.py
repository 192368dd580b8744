"""The benchmark's end-to-end part: every command as a user runs it (bench/commands.py) on
the real data and on large synthetic cases, each row checked against its target.

    python bench/run.py --only-large              # every case
    python bench/run.py --cases 30x400,deu3       # some of them (issue 17's)

Cases: the UN General Assembly's roll calls (bench/unvotes.py), 5,000 parties x 5 scale
issues, 10 parties x 100,000 scale issues, 30 parties x 400 scale issues and DEU III
(bench/deu3.py), written into a temporary folder. A case whose data is absent is left out,
with a line that says so.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from commands import COMMANDS, Run, human_bytes, run_all, table

TRADES = frozenset({"trades --json", "trades --rounds 10"})
DECIDE = "trades --rounds 10 --procedure decide"
#: Only data with outcomes can be backtested (DEU III, issue 16)
BACKTEST = frozenset({"backtest --json", "backtest --uncertainty 0.1"})
ALL_BUT_TRADES = frozenset(label for label, _ in COMMANDS) - TRADES - {DECIDE} - BACKTEST
STDOUT_LIMIT = 10 * 1024**2  # no command's default output over 10 MB
#: A trades row that runs past this stops and shows "timeout" (before issue 17's engine, the
#: exchange model did not finish on 30 x 400 scale issues)
TRADES_TIMEOUT = 90.0


@dataclass(frozen=True)
class Case:
    title: str
    write: Callable[[Path], Path]  # writes the scenario under the folder given
    commands: frozenset[str]  # labels of bench/commands.py
    #: label -> (wall s, peak MiB or None); "*": every command run
    limits: dict[str, tuple[float, float | None]]
    stdout: bool = False  # no stdout over STDOUT_LIMIT
    #: (label, base, factor): the first's wall time at most factor x the second's
    ratios: tuple[tuple[str, str, float], ...] = ()
    timeouts: dict[str, float] = field(default_factory=dict)
    repeat: int = 1  # each command run up to this many times, the fastest kept


def _synthetic(parties: int, issues: int) -> Callable[[Path], Path]:
    from synthetic import write

    return lambda tmp: write(tmp / f"{parties}x{issues}", parties, issues, "scale")


def _un(tmp: Path) -> Path:
    from unvotes import write

    return write(tmp / "un")


def _deu3(tmp: Path) -> Path:
    from deu3 import write

    return write(tmp / "deu3")


#: Issue 17's targets, the same for 30 x 400 synthetic scale issues and for DEU III
ISSUE_17: dict[str, tuple[float, float | None]] = {
    "trades --json": (2.0, 500.0),
    "trades --rounds 10": (10.0, None),
    "report": (3.0, None),
}
#: Issue 16's: a backtest of DEU III in the time of a report, and with 1,000 draws of every
#: stance (each a full issue analysis of 364 issues) in under half a minute
ISSUE_16: dict[str, tuple[float, float | None]] = {
    "backtest --json": (5.0, 500.0),
    "backtest --uncertainty 0.1": (30.0, 1024.0),
}
TRADES_TIMEOUTS = dict.fromkeys(TRADES, TRADES_TIMEOUT)

CASES = {
    "un": Case(
        "UN General Assembly roll calls",
        _un,
        ALL_BUT_TRADES,
        {"*": (3.0, 1024.0)},
        stdout=True,
    ),
    "5000x5": Case(
        "5,000 parties x 5 scale issues",
        _synthetic(5000, 5),
        frozenset({"gaps", "gaps --json", "deadlocks", "deadlocks --json"})
        | frozenset({"blocs", "blocs --json", "report"}),
        {"*": (30.0, 2048.0)},
    ),
    "10x100000": Case(
        "10 parties x 100,000 scale issues",
        _synthetic(10, 100_000),
        frozenset({"validate", "validate --json", "deadlocks", "deadlocks --json"}),
        {"validate": (5.0, 2048.0), "validate --json": (5.0, 2048.0)},
    ),
    "30x400": Case(
        "30 parties x 400 scale issues (issue 17)",
        _synthetic(30, 400),
        TRADES | {"report", "deadlocks", "deadlocks --json"},
        ISSUE_17,
        ratios=(("deadlocks", "deadlocks --json", 2.0),),
        timeouts=TRADES_TIMEOUTS,
        repeat=3,
    ),
    "30x20": Case(
        "30 parties x 20 scale issues, Decide's procedure (issue 14)",
        _synthetic(30, 20),
        frozenset({DECIDE, "trades --rounds 10"}),
        {DECIDE: (4.0, None)},
        timeouts={DECIDE: TRADES_TIMEOUT},
        repeat=3,
    ),
    "deu3": Case(
        "DEU III: 30 actors x 364 scale issues, EU legislation (issues 16, 17)",
        _deu3,
        ALL_BUT_TRADES | TRADES | BACKTEST,
        ISSUE_17 | ISSUE_16,
        ratios=(("deadlocks", "deadlocks --json", 2.0),),
        timeouts=TRADES_TIMEOUTS,
        repeat=3,
    ),
}


def large(keys: list[str] | None = None) -> None:
    """The cases named by ``keys`` (all of them for None), end to end."""
    from deu3 import DATA as DEU3
    from unvotes import DATA as UN

    absent = {"un": (UN / "un_votes.csv.gz", "UN data"), "deu3": (DEU3, "DEU III data")}
    with tempfile.TemporaryDirectory() as tmp:
        for key in keys or list(CASES):
            case = CASES[key]
            if key in absent and not absent[key][0].exists():
                where, what = absent[key]
                print(f"\n{what} not found at {where}: that case is left out of this run")
                continue
            path = case.write(Path(tmp))
            if key == "un":
                print(f"\nUN stances.csv load: {_table_load(path):.2f} s (target 1)")
            runs = run_all(
                path, set(case.commands), 300, timeouts=case.timeouts, repeat=case.repeat
            )
            fastest = f", the fastest of {case.repeat} runs" if case.repeat > 1 else ""
            print(f"\n{case.title}, end to end{fastest} ({_targets(case)}):")
            print(table(runs))
            print("  " + _verdict(case, runs))


def _targets(case: Case) -> str:
    """The targets as one phrase: commands with the same limits together."""
    grouped: dict[tuple[float, float | None], list[str]] = {}
    for label, limit in case.limits.items():
        grouped.setdefault(limit, []).append(label)
    parts = []
    for (wall, mib), labels in grouped.items():
        scope = "each" if labels == ["*"] else ", ".join(labels)
        extra = f", {mib:g} MiB" if mib is not None else ""
        parts.append(f"{scope}: {wall:g} s{extra}")
    if case.stdout:
        parts[-1] += ", stdout 10 MB"
    parts += [f"{a} within {k:g}x of {b}" for a, b, k in case.ratios]
    return "target for " + "; ".join(parts)


def _verdict(case: Case, runs: list[Run]) -> str:
    """What was met: the labels that missed their target, the ratios, the largest stdout."""
    missed = []
    for r in runs:
        limit = case.limits.get(r.label, case.limits.get("*"))
        if limit is None:
            continue
        wall, mib = limit
        if (
            r.status != 0
            or r.wall > wall
            or (mib is not None and r.peak_mib > mib)
            or (case.stdout and r.stdout_bytes > STDOUT_LIMIT)
        ):
            missed.append(r.label + (" (timeout)" if r.status == -1 else ""))
    by_label = {r.label: r for r in runs}
    ratios = []
    for a, b, factor in case.ratios:
        ratio = by_label[a].wall / by_label[b].wall
        ratios.append(f"{a} x{ratio:.2f} of {b}")
        if ratio > factor:
            missed.append(f"{a} (x{ratio:.2f})")
    worst = max(runs, key=lambda r: r.stdout_bytes)
    return (
        f"{'all met' if not missed else 'NOT MET: ' + ', '.join(missed)}; "
        + "".join(f"{text}; " for text in ratios)
        + f"largest stdout {human_bytes(worst.stdout_bytes)} ({worst.label})"
    )


def _table_load(path: Path) -> float:
    """Seconds to read the scenario's stances.csv (the table alone), in a fresh process."""
    code = (
        "import sys, time; from pathlib import Path; "
        "from gapcli.io.loader import load_scenario; import gapcli.io.tabular.stances as s; "
        "import pyarrow.csv; "
        "f = s.read_stances; t = []; "
        "s.read_stances = lambda *a, **k: (t.append(time.perf_counter()), f(*a, **k), "
        "t.append(time.perf_counter()))[1]; "
        "import gapcli.io.tabular as g; g.read_stances = s.read_stances; "
        "load_scenario(Path(sys.argv[1])); print(t[1] - t[0])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    return float(done.stdout)
