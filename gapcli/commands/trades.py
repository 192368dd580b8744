from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from gapcli.analyses.trades import MAX_ROUNDS
from gapcli.commands._common import (
    AllOpt,
    FormatOpt,
    JsonOpt,
    OnlyOpt,
    ScenarioArg,
    SetOpt,
    WithoutOpt,
    load,
    output_format,
    rows_wanted,
)
from gapcli.render.output import Format, emit


class Procedure(StrEnum):
    ONCE = "once"
    DECIDE = "decide"


def trades(
    path: ScenarioArg = None,
    rounds: Annotated[
        int,
        typer.Option(
            "--rounds",
            "-r",
            min=0,
            max=MAX_ROUNDS,
            help="Realise trades for up to N rounds (until none is left; at most 100) and "
            "report the new expected outcomes. 0: only list the trades open now.",
        ),
    ] = 0,
    top: Annotated[
        int,
        typer.Option("--top", "-n", min=0, help="How many trades to list (0: all)."),
    ] = 10,
    procedure: Annotated[
        Procedure,
        typer.Option(
            "--procedure",
            help="How a round realises trades: 'once', the best first, each party's position "
            "on each issue traded once per round; 'decide', the Decide exchange model's "
            "rounds (realise the best, work the rest out again, repeat; between rounds each "
            "mover keeps part of its move; one round is worked out even without --rounds, "
            "to mark the listed trades it realises). See docs/model.md.",
        ),
    ] = Procedure.ONCE,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            help="With --procedure decide: break exact ties between the best trades as "
            "Decide does, a coin between the first two, drawn from this seed (default: the "
            "first in Decide's order).",
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    sets: SetOpt = None,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
) -> None:
    """Logrolls that would pay off for both sides: the exchange model of Stokman and Van
    Oosten on the scale issues.

    Two parties on opposite sides of the expected outcome (the weighted mean) on two issues,
    each caring relatively more about one of them, trade: each moves its position on the
    issue it cares less about toward the other, at the rate that gives both the same gain.
    Trades are ranked by gain; 'opens' marks a trade that would end a deadlock between the
    two parties or on an issue (each mover takes its accepted range along).

    Example: gapcli trades positions/syria-2017-05 --rounds 3
    Example: gapcli trades decide-data --rounds 10 --procedure decide
    """
    from gapcli.analyses import trades as analysis

    fmt = output_format(fmt, as_json)
    loaded = load(path, sets or (), without=without, only=only)
    report = analysis.trades(
        loaded,
        rounds=rounds,
        top=top,
        procedure=procedure.value,
        seed=seed,
        tables=fmt is not Format.JSON,
        rows=rows_wanted(fmt, show_all),
    )
    emit(report, fmt, cut=not show_all)
