"""One size of the benchmark, in its own process: prints a JSON line of timings (seconds)
and the peak resident memory (MiB). Usage: python bench/measure.py SCENARIO SAMPLES"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def main() -> None:
    from gapcli.analyses import compiled as compiled_arrays
    from gapcli.analyses.forecast import forecast
    from gapcli.engine import analyse_issues, gap_matrix
    from gapcli.engine.sensitivity import run
    from gapcli.io.loader import load_scenario

    path, samples = Path(sys.argv[1]), int(sys.argv[2])
    out: dict[str, float] = {}

    def timed(name: str, step: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        value = step()
        out[name] = time.perf_counter() - start
        return value

    loaded = timed("load", lambda: load_scenario(path))
    # compiled through the analyses' cache, so the forecast below does not compile again
    compiled = timed("compile", lambda: compiled_arrays(loaded))
    timed("gaps", lambda: gap_matrix(compiled))
    out["load+gaps"] = out["load"] + out["compile"] + out["gaps"]
    timed("deadlocks", lambda: analyse_issues(compiled))
    timed("forecast", lambda: forecast(loaded))
    timed("sensitivity", lambda: run(compiled, samples, 1))
    out["sensitivity"] *= 100 / samples  # per 100 draws
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


if __name__ == "__main__":
    main()
