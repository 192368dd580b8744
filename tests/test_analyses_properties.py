"""Every analysis on random scenarios: the table options (``tables``, ``rows``) change the
tables only, never the result, and a cut table is the first rows of the whole one with
the rest counted (but for gaps, which shows the extremes of a long ranking when cut, as
``gapcli gaps`` does without --all); the result is plain JSON data."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable
from typing import Any

from brute import random_scenario
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcli.analyses.blocs import blocs
from gapcli.analyses.deadlocks import deadlocks
from gapcli.analyses.diff import diff, whatif
from gapcli.analyses.forecast import forecast
from gapcli.analyses.gaps import gaps
from gapcli.analyses.issue import issue
from gapcli.analyses.party import party
from gapcli.analyses.records import Report
from gapcli.analyses.sensitivity import sensitivity
from gapcli.analyses.timeline import timeline
from gapcli.analyses.trades import trades
from gapcli.analyses.validate import validate
from gapcli.io.loader import Loaded

Analysis = Callable[..., Report]


def analyses(rng: random.Random) -> dict[str, Analysis]:
    """Each analysis of a random scenario (and of a second one, for diff and timeline), as
    a function of the table options alone."""
    one = Loaded(dataclasses.replace(random_scenario(rng), as_of="2017-03-31"), ())
    two = Loaded(dataclasses.replace(random_scenario(rng), as_of="2017-05-16"), ())
    some_issue = rng.choice(one.scenario.issues).id
    some_party = rng.choice(one.scenario.parties).id
    full = rng.random() < 0.5
    width = rng.choice([None, 40, 200])
    rounds, top, threshold = rng.randint(0, 3), rng.randint(0, 4), rng.choice([0.0, 0.3, 1.0])
    return {
        "gaps": lambda **o: gaps(one, full=full, width=width, **o),
        "gaps --issue": lambda **o: gaps(one, issue=some_issue, **o),
        "deadlocks": lambda **o: deadlocks(one, full=full, **o),
        "issue": lambda **o: issue(one, some_issue, **o),
        "party": lambda **o: party(one, some_party, **o),
        "forecast": lambda **o: forecast(one, full=full, **o),
        "trades": lambda **o: trades(one, rounds=rounds, top=top, **o),
        "blocs": lambda **o: blocs(one, threshold=threshold, **o),
        "sensitivity": lambda **o: sensitivity(one, samples=40, seed=3, full=full, **o),
        "diff": lambda **o: diff(one, two, **o),
        "whatif": lambda **o: whatif(one, two, **o),
        "timeline": lambda **o: timeline([two, one], **o),
        "validate": lambda **o: validate(one, full=full, **o),
    }


def same_tables(cut: Report, whole: Report, rows: int) -> None:
    for short, long in zip(cut.tables, whole.tables, strict=True):
        assert (short.title, short.columns) == (long.title, long.columns)
        assert short.rows == long.rows[: len(short.rows)]
        assert len(short.rows) >= min(rows, long.count)
        assert short.count == long.count  # what is left out is counted


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 3))
def test_table_options_change_the_tables_only(seed: int, rows: int) -> None:
    for name, analysis in analyses(random.Random(seed)).items():
        whole = analysis()
        bare = analysis(tables=False)
        cut = analysis(rows=rows)
        result = whole.to_dict()
        assert json.loads(json.dumps(result, allow_nan=False)) == result, name
        assert bare.to_dict() == result, name
        assert not bare.tables and not bare.figures, name
        assert cut.to_dict() == result and cut.summary == whole.summary, name
        if not name.startswith("gaps"):  # gaps: ranked extremes when cut, every pair when not
            same_tables(cut, whole, rows)


def _plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_results_are_plain_data(seed: int) -> None:
    for name, analysis in analyses(random.Random(seed)).items():
        assert _plain(analysis(tables=False).to_dict()), name
