from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gapcli.analyses.trades import MAX_ROUNDS
from gapcli.commands._common import (
    AllOpt,
    FormatOpt,
    JsonOpt,
    OnlyOpt,
    WithoutOpt,
    chosen_in_each,
    output_format,
    path_value,
    rows_wanted,
)
from gapcli.render.output import Format, emit, note


def backtest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            parser=path_value,
            metavar="[SCENARIO]...",
            help="Scenarios whose issues record an outcome, or folders of them (default: "
            "every scenario in ./positions).",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="FIELD",
            help="Split every average by FIELD: scenario, kind, outcome_year, or one of the "
            "issues' tags (e.g. year or proposal).",
        ),
    ] = None,
    rounds: Annotated[
        int,
        typer.Option(
            "--rounds",
            "-r",
            min=0,
            max=MAX_ROUNDS,
            help="Rounds of the exchange model before its forecast, the weighted mean after "
            "them, is taken (0: no exchange forecast).",
        ),
    ] = 10,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            "-n",
            min=0,
            help="Sensitivity draws for the bands (0: no bands). Only stances with an "
            "uncertainty are drawn; see --uncertainty.",
        ),
    ] = 1000,
    uncertainty: Annotated[
        float | None,
        typer.Option(
            "--uncertainty",
            min=0.0,
            max=1.0,
            help="Give every stance without an uncertainty this one for the bands: a share "
            "of the scale on a scale issue (0.1: 10 points of 0-100), a probability of a "
            "misread on a choice or set issue.",
        ),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            metavar="FIELD",
            help="Draw whole groups of issues in the bootstrap (e.g. proposal: the issues "
            "of one proposal are not independent). FIELD as for --by.",
        ),
    ] = None,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", min=0, help="Bootstrap draws for the 95% intervals.")
    ] = 2000,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Random seed of the draws and the bootstrap.")
    ] = 1,
    fmt: FormatOpt = Format.TABLE,
    as_json: JsonOpt = False,
    show_all: AllOpt = False,
    without: WithoutOpt = None,
    only: OnlyOpt = None,
) -> None:
    """How good the forecasts were: each forecast against the outcome the files record.

    For every issue with an 'outcome' (docs/format.md): on a scale issue the status quo
    (no change), the weighted mean, the weighted median, the Nash point, the bridge and the
    weighted mean after --rounds of the exchange model, each with its absolute error (as a
    share of the scale and in points); on a choice or set issue whether the bridge (and
    the status quo) was the outcome. Averages come with 95% bootstrap intervals, and the
    sensitivity bands with how often they held the outcome (a 90% band should hold about
    90%). See docs/validity.md.

    Example: gapcli backtest positions
    Example: gapcli backtest deu3 --by year --cluster proposal --uncertainty 0.1
    """
    from gapcli.analyses import backtest as analysis
    from gapcli.errors import InputError, Location
    from gapcli.io.snapshots import load_snapshots
    from gapcli.render.progress import progress_bar

    fmt = output_format(fmt, as_json)
    snapshots = load_snapshots(paths or [], note, command="backtest", dated=False)
    snapshots = chosen_in_each(snapshots, without or [], only or [])
    settings = analysis.Settings(rounds, samples, seed, bootstrap, uncertainty, by, cluster)
    try:
        report = analysis.backtest(
            snapshots,
            settings,
            tables=fmt is not Format.JSON,
            rows=rows_wanted(fmt, show_all),
            progress=lambda path: progress_bar(samples, f"drawing {path}"),
        )
    except analysis.UnknownField as exc:
        raise typer.BadParameter(str(exc), param_hint="--by/--cluster") from None
    except analysis.NoOutcome as exc:
        raise InputError.at(Location(snapshots[-1].scenario.path), str(exc)) from None
    emit(report, fmt, cut=not show_all)
