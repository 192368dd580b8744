"""JSON at thousands of parties: the gap matrix written as text row by row is the same
document as the lists; past PAIRS_LISTED pairs, gaps lists the extremes and counts the rest."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gapcli.analyses import gaps as gaps_analysis
from gapcli.analyses import views
from gapcli.analyses.records import RawJSON
from gapcli.render.output import json_text

from conftest import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "positions" / "syria-2017-05"

values = st.one_of(
    st.just(np.nan), st.just(-0.0), st.floats(0, 1), st.sampled_from([0.1234565, 1 / 3])
)


@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=values))
def test_the_matrix_as_text_is_the_same_json(matrix: np.ndarray) -> None:
    as_lists = views.matrix_json(matrix)
    views_limit = views.MATRIX_AS_TEXT
    try:
        views.MATRIX_AS_TEXT = 0
        as_text = views.matrix_json(matrix)
    finally:
        views.MATRIX_AS_TEXT = views_limit
    assert not isinstance(as_lists, RawJSON) and isinstance(as_text, RawJSON)
    for pretty in (False, True):
        doc = json.loads(json_text({"m": as_text, "x": "\x00"}, pretty=pretty))
        assert doc == {"m": as_lists, "x": "\x00"}
    compact = json_text({"m": as_text}, pretty=False)
    assert compact == json_text({"m": as_lists}, pretty=False)


def test_past_the_limit_gaps_lists_the_extreme_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    every = json.loads(run("gaps", EXAMPLE, "--json").stdout)["result"]
    monkeypatch.setattr(gaps_analysis, "PAIRS_LISTED", 10)
    monkeypatch.setattr(gaps_analysis, "EXTREME", 3)
    cut = json.loads(run("gaps", EXAMPLE, "--json").stdout)["result"]
    pairs = every["pairs"]
    defined = [p for p in pairs if p["gap"] is not None]
    closest = sorted(defined, key=lambda p: p["gap"])[:3]  # stable: ties in ranked order
    assert cut["pair_count"] == every["pair_count"] == len(pairs) > 10
    assert cut["pairs"] == defined[:3] + [p for p in closest if p not in defined[:3]]
    assert cut["matrix"] == every["matrix"]
    full = json.loads(run("gaps", EXAMPLE, "--json", "--full").stdout)["result"]
    assert [(p["a"], p["b"]) for p in full["pairs"]] == [(p["a"], p["b"]) for p in pairs]
