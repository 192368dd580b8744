"""Run the Decide exchange model on one input file and print what it did as JSON.

Run by the Python that has Decide installed (PyPI `decide-exchange-model`, Python 3.13), not
by gapcli's: `bench/decide_check.py` and `tests/test_decide_crosscheck.py` call it as

    DECIDE_PYTHON bench/decide_side.py FILE ROUNDS SEED [fixed]

ROUNDS rounds of the equal-gain model; SEED seeds Python's `random`, which Decide uses to
break exact ties; `fixed` turns that off (Decide then takes the first in its list). Prints
{"candidates": round 1's valid candidates, "rounds": the exchanges realised in each round,
"means": each issue's weighted mean position (0-100) at the start and after each round,
"seconds": the time the rounds took}.
"""

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from decide.data.modelfactory import ModelFactory  # type: ignore[import-not-found]
from decide.data.reader import InputDataFile  # type: ignore[import-not-found]
from decide.model import equalgain  # type: ignore[import-not-found]
from decide.model.utils import ModelLoop  # type: ignore[import-not-found]


class Recorder:
    """Decide's event handler: keeps the realised exchanges, ignores every other event."""

    def __init__(self) -> None:
        self.realised: list[Any] = []

    def execute_exchange(self, exchange: Any) -> None:
        self.realised.append(exchange)

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def means(model: Any) -> dict[str, float]:
    out = {}
    for issue, stances in model.actor_issues.items():
        weight = sum(a.salience * a.power for a in stances.values())
        total = sum(a.salience * a.power * a.position for a in stances.values())
        out[issue.name] = float(total / weight)
    return out


def side(e: Any) -> list[Any]:
    return [e.actor.actor_id, e.supply.issue.name, float(e.y)]


def main() -> None:
    path, rounds, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    equalgain.EqualGainModel.ALLOW_RANDOM = sys.argv[4:] != ["fixed"]
    random.seed(seed)
    model = ModelFactory(InputDataFile.open(path))(
        model_klass=equalgain.EqualGainModel, randomized_value=None
    )
    model.calc_nbs()
    model.determine_positions()
    model.calc_combinations()
    model.determine_groups_and_calculate_exchanges()
    candidates = [[*side(e.i), *side(e.j), float(e.gain)] for e in model.exchanges if e.is_valid]
    model.exchanges = []
    recorder = Recorder()
    loop = ModelLoop(model, recorder, 0)
    result: dict[str, Any] = {"candidates": candidates, "rounds": [], "means": [means(model)]}
    start = time.perf_counter()
    for _ in range(rounds):
        recorder.realised = []
        loop.loop()
        done = [[*side(e.i), *side(e.j), float(e.gain)] for e in recorder.realised]
        result["rounds"].append(done)
        result["means"].append(means(model))
    result["seconds"] = time.perf_counter() - start
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
