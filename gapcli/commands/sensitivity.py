from __future__ import annotations

from typing import Annotated

import typer

from gapcli.commands._common import (
    AllOpt,
    FormatOpt,
    JsonOpt,
    OnlyOpt,
    ScenarioArg,
    SetOpt,
    WithoutOpt,
    full_option,
    load,
    output_format,
    rows_wanted,
)
from gapcli.render.output import Format, emit

MAX_SAMPLES = 1_000_000


def sensitivity(
    path: ScenarioArg = None,
    samples: Annotated[
        int,
        typer.Option(
            "--samples", "-n", min=1, max=MAX_SAMPLES, help="How many draws (1 to 1,000,000)."
        ),
    ] = 2000,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Random seed: the same seed, the same output.")
    ] = 1,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    full: Annotated[
        bool,
        full_option(
            "each party's share of draws blocking each issue (parties[].blocks; P x I) and "
            "each pair's on each issue (pairs; P^2 x I, computed up to 2,000,000 cells)"
        ),
    ] = False,
    sets: SetOpt = None,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
) -> None:
    """How much the results hang on uncertain estimates: Monte Carlo over each stance's
    uncertainty.

    Each draw shifts every uncertain scale stance (position and accepted range together,
    uniformly within its uncertainty) and misreads choice and set stances with their
    uncertainty as probability, then reruns the analysis. Reports the probability that each
    issue is deadlocked, the 5th, 50th and 95th percentiles of each bridge and forecast, how
    often each party blocks, and which pairs may or may not be compatible. A progress bar
    shows on stderr when a run takes over a second.

    Example: gapcli sensitivity positions/syria-2017-05 --samples 10000 --seed 7
    """
    from gapcli.analyses import sensitivity as analysis
    from gapcli.render.progress import progress_bar

    fmt = output_format(fmt, as_json)
    report = analysis.sensitivity(
        load(path, sets or (), without=without, only=only),
        samples=samples,
        seed=seed,
        full=full,
        tables=fmt is not Format.JSON,
        rows=rows_wanted(fmt, show_all),
        progress=progress_bar(samples, "sampling"),
    )
    emit(report, fmt, cut=not show_all)
