"""Arguments and steps that many commands share."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gapcli.analyses.records import Report
from gapcli.errors import ExitStatus, did_you_mean, one_of
from gapcli.render.output import Format, emit, note
from gapcli.render.output import rows_wanted as rows_wanted  # for the commands

if TYPE_CHECKING:
    from gapcli.io.loader import Loaded


def path_value(text: str) -> Path:
    """A path from the command line; an empty one (``''``, e.g. an unset shell variable) is
    refused rather than read as the current folder."""
    if not text:
        raise typer.BadParameter("an empty path names nothing (use . for the current folder)")
    return Path(text)


def finite(value: float) -> float:
    """A callback for float options: nan (which passes every min and max) is refused."""
    if value != value:
        raise typer.BadParameter("expected a number, not nan")
    return value


ScenarioArg = Annotated[
    Path | None,
    typer.Argument(
        parser=path_value,
        metavar="[PATH]",
        help="Scenario directory or one-file scenario (default: ./positions, its latest scenario).",
        show_default=False,
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Replace the output file(s) if they exist (default: refuse)."),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
AllOpt = Annotated[
    bool,
    typer.Option(
        "--all",
        help="Tables: show every row and every name in a cell (default: at most 50 rows a "
        "table and 8 names a cell, then how many more).",
    ),
]


def full_option(lists: str) -> Any:
    """``--full``, the one option of every command whose JSON leaves out long lists by
    default; ``lists`` names them, for the help."""
    return typer.Option(
        "--full",
        help=f"JSON: also {lists}. Left out by default: they grow with the scenario "
        "(docs/json.md).",
    )


def _check_sets(values: list[str] | None) -> list[str]:
    from gapcli.io.overrides import parse

    for value in values or []:
        try:
            parse(value)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    return values or []


SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="PARTY.ISSUE.FIELD=VALUE",
        help="Change one assumption for this run only, e.g. iran.capability=2, "
        "united-states.assad-tenure.accepts=25..75, opposition.guarantors.reject= "
        "(repeatable; the files are not touched).",
        callback=_check_sets,
        show_default=False,
    ),
]


# -- leaving parties out: --without and --only ------------------------------------------------


def _party_list(values: list[str] | None) -> list[str]:
    """The ids of repeated ``--only a,b`` options, split on commas; an empty id is refused."""
    ids = [p.strip() for value in values or [] for p in value.split(",")]
    if any(not p for p in ids):
        raise typer.BadParameter("expected party ids separated by commas, e.g. --only iran,turkey")
    return ids


WithoutOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--without",
        metavar="PARTY",
        help="Leave this party out of the analysis, as if its file were deleted "
        "(repeatable; the files are not touched).",
        callback=_party_list,
        show_default=False,
    ),
]
OnlyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--only",
        metavar="PARTY,...",
        help="Analyse only these parties, leaving every other out (repeatable).",
        callback=_party_list,
        show_default=False,
    ),
]


def chosen_parties(loaded: Loaded, without: Sequence[str], only: Sequence[str]) -> Loaded:
    """``loaded`` without the parties ``--without`` and ``--only`` leave out; an unknown id,
    or none left, is a usage error (exit 2)."""
    from gapcli.io.loader import PartyChoiceError, leave_out

    try:
        return leave_out(loaded, without, only)
    except PartyChoiceError as exc:
        raise typer.BadParameter(str(exc), param_hint=exc.option) from None


def chosen_in_each(
    scenarios: Sequence[Loaded],
    without: Sequence[str],
    only: Sequence[str],
    what: str = "scenario",
) -> list[Loaded]:
    """Each of several scenarios of one negotiation (``timeline``'s snapshots, ``diff``'s
    two, ``backtest``'s) without the parties ``--without`` and ``--only`` leave out: in
    each, those of them it has, since a party may join or leave the talks between them.
    An id none of them has, or an ``--only`` that leaves one of them no party, is a usage
    error (exit 2). ``what``: a scenario's name in the messages ("snapshot")."""
    if not without and not only:
        return list(scenarios)
    known = {p.id for s in scenarios for p in s.scenario.parties}
    if unknown := sorted((set(without) | set(only)) - known):
        from gapcli.errors import did_you_mean

        hint = did_you_mean(unknown[0], known) if len(unknown) == 1 else ""
        raise typer.BadParameter(
            f"no {what} has a party {', '.join(map(repr, unknown))}{hint}",
            param_hint="--without/--only",
        )
    out = []
    for one in scenarios:
        ids = {p.id for p in one.scenario.parties}
        mine = [p for p in only if p in ids]
        if only and not mine:
            raise typer.BadParameter(
                f"{one.scenario.path or 'a ' + what} has none of {', '.join(only)}",
                param_hint="--only",
            )
        out.append(chosen_parties(one, [p for p in without if p in ids], mine))
    return out


# ---------------------------------------------------------------------------------------------


def output_format(fmt: Format, as_json: bool) -> Format:
    return Format.JSON if as_json else fmt


def protected(loaded: Loaded) -> list[Path]:
    """What a command that writes must never write into: the scenario it read (first), and
    every file and folder of it wherever links lead (a parties/ folder or a party file may
    be a symbolic link to elsewhere)."""
    from gapcli.io.folder import folder_entries

    root = Path(loaded.scenario.path)
    if not root.is_dir():
        return [root]
    found = folder_entries(root)
    parts = [found.main, *found.party_files, found.stances_csv, found.issues_csv]
    folders = [root / "parties"] if (root / "parties").is_dir() else []
    return [root, *(p.resolve() for p in [*parts, *folders] if p is not None)]


def load(
    path: Path | None,
    sets: Sequence[str] = (),
    *,
    note_choice: bool = True,
    without: Sequence[str] | None = (),
    only: Sequence[str] | None = (),
) -> Loaded:
    """Choose and load the scenario a command was pointed at (notes the choice on stderr),
    with the ``--set`` overrides applied and the parties ``--without`` and ``--only`` name
    left out."""
    from gapcli.io.discover import load_chosen

    loaded, chosen = load_chosen(path, sets, running_example())
    if chosen and note_choice:
        note(chosen)
    return chosen_parties(loaded, without or (), only or ())


def running_example() -> str:
    """The command being run, as the hint of a run with no scenario shows it: its name and
    the arguments before the path as given (``gapcli issue assad-tenure {path}``), with
    ``{path}`` where the scenario's path goes."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    if ctx is None:
        return "gapcli validate {path}"
    words = [ctx.command_path]
    for param in ctx.command.get_params(ctx):
        if param.param_type_name != "argument":
            continue
        if param.name == "path":
            break
        value = ctx.params.get(param.name or "")
        words.append(value if isinstance(value, str) else str(param.human_readable_name))
    return " ".join(w.replace("{", "{{").replace("}", "}}") for w in words) + " {path}"


class FailOn(StrEnum):
    DEADLOCK = "deadlock"


FailOnOpt = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on",
        help="Exit with status 3 when the result holds a deadlock (for scripts and CI).",
        case_sensitive=False,
    ),
]


def check_id(kind: str, given: str, valid: Sequence[str], param: str) -> None:
    """A usage error (exit 2) naming the valid ids when ``given`` is not one of them."""
    if given not in valid:
        raise typer.BadParameter(
            f"unknown {kind} '{given}'{did_you_mean(given, valid)} (expected {one_of(valid)})",
            param_hint=param,
        )


def fail_if(fail_on: FailOn | None, found: bool) -> None:
    if fail_on is FailOn.DEADLOCK and found:
        raise typer.Exit(ExitStatus.FAIL_ON)


def emit_then_fail(
    report: Report, fmt: Format, fail_on: FailOn | None, found: bool, *, cut: bool = True
) -> None:
    """Emit the report, then exit with status 3 if ``--fail-on`` found what it looks for,
    even when the reader of stdout quit early (a script's gate must not miss a deadlock)."""
    try:
        emit(report, fmt, cut=cut)
        sys.stdout.flush()
    except BrokenPipeError as exc:
        if not (fail_on is FailOn.DEADLOCK and found):
            raise
        from gapcli.render.streams import environment_status

        environment_status(exc)  # stdout to /dev/null, so the exit's flush cannot fail
    fail_if(fail_on, found)
