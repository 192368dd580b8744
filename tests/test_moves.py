"""results.Moves: the moves of an issue kept as arrays behave as the tuple of Move objects
they stand for."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from gapcli.engine.results import Move, Moves

IDS = ("a", "b", "c", "d", "e", "f")


@st.composite
def moves(draw: st.DrawFn) -> tuple[Moves, tuple[Move, ...]]:
    parties = sorted(draw(st.sets(st.integers(0, len(IDS) - 1), min_size=1)))
    distance = [draw(st.sampled_from([0.0, 0.25, 0.5, 1.0])) for _ in parties]
    weighted = [d * draw(st.sampled_from([0.5, 1.0, 2.0])) for d in distance]
    as_tuple = tuple(
        Move(IDS[p], d, w) for p, d, w in zip(parties, distance, weighted, strict=True)
    )
    arrays = Moves(IDS, np.array(parties), np.array(distance), np.array(weighted))
    return arrays, as_tuple


@given(moves())
def test_the_same_as_the_tuple(pair: tuple[Moves, tuple[Move, ...]]) -> None:
    arrays, as_tuple = pair
    assert arrays == as_tuple and tuple(arrays) == as_tuple and len(arrays) == len(as_tuple)
    assert [arrays[n] for n in range(len(arrays))] == list(as_tuple)
    assert arrays[-1] == as_tuple[-1] and arrays[1:] == as_tuple[1:]
    assert arrays.total() == sum(m.weighted for m in as_tuple)
    assert arrays.must_move_count() == sum(m.must_move for m in as_tuple)
    assert hash(arrays) == hash(as_tuple)


@given(moves(), st.integers(0, 7))
def test_moving_names_the_largest_in_party_order(
    pair: tuple[Moves, tuple[Move, ...]], limit: int
) -> None:
    arrays, as_tuple = pair
    moving = [m for m in as_tuple if m.must_move]
    largest = set(sorted(range(len(moving)), key=lambda k: -moving[k].weighted)[:limit])
    expected = tuple(m for k, m in enumerate(moving) if k in largest)
    assert arrays.moving(limit) == (expected, len(moving))


def test_a_hand_worked_case() -> None:
    arrays = Moves(IDS, np.array([0, 2, 3]), np.array([0.5, 0.0, 1.0]), np.array([1.0, 0.0, 0.5]))
    assert arrays.moving(1) == ((Move("a", 0.5, 1.0),), 2)
    assert arrays.moving(5) == ((Move("a", 0.5, 1.0), Move("d", 1.0, 0.5)), 2)
    assert arrays.total() == 1.5 and arrays.must_move_count() == 2
