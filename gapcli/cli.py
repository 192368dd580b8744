"""The command-line interface: parse arguments, call the core, render, exit.

Every user-input problem arrives here as :class:`~gapcli.errors.InputError` and leaves as one
line per problem on stderr with exit status 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from gapcli._version import __version__
from gapcli.commands import (
    blocs,
    deadlocks,
    diff,
    export,
    forecast,
    gaps,
    importer,
    init,
    issue,
    party,
    report,
    schema,
    sensitivity,
    timeline,
    trades,
    validate,
    watch,
    whatif,
)
from gapcli.errors import ExitStatus, InputError
from gapcli.render.output import print_diagnostics
from gapcli.render.streams import environment_status


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            return result
        except InputError as exc:
            print_diagnostics(exc.diagnostics)
            raise typer.Exit(ExitStatus.BAD_INPUT) from None
        except KeyboardInterrupt:
            raise typer.Exit(ExitStatus.INTERRUPTED) from None
        except OSError as exc:
            status = environment_status(exc)
            if status is None:
                raise  # not the environment's doing: a bug, keep the traceback
            raise typer.Exit(status) from None

    def _main_shell_completion(
        self, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str | None = None
    ) -> None:
        """The shell asks for completions: only then is gapcli.completion imported and the
        ids' completers attached, so a command that runs pays nothing for completion."""
        var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(var):
            from gapcli.completion import prepare

            prepare(self)
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


app = typer.Typer(
    cls=_Group,
    name="gapcli",
    help="Position-gap analysis for multi-party negotiations.\n\n"
    "Reads a scenario (scenario.yaml plus parties/*.yaml) and reports where parties are far "
    "apart, where talks deadlock, who blocks and what move would open a zone of agreement. "
    "With no PATH, commands use ./positions.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rich-formatted help costs ~100 ms of startup
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

app.command("validate")(validate.validate)
app.command("gaps")(gaps.gaps)
app.command("deadlocks")(deadlocks.deadlocks)
app.command("issue")(issue.issue)
app.command("party")(party.party)
app.command("whatif")(whatif.whatif)
app.command("diff")(diff.diff)
app.command("timeline")(timeline.timeline)
app.command("watch")(watch.watch)
app.command("forecast")(forecast.forecast)
app.command("trades")(trades.trades)
app.command("blocs")(blocs.blocs)
app.command("sensitivity")(sensitivity.sensitivity)
app.command("report")(report.report)
app.command("import")(importer.import_)
app.command("export")(export.export)
app.command("schema")(schema.schema)
app.command("init")(init.init)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gapcli {__version__}")
        raise typer.Exit()


def _install_completion(ctx: typer.Context, param: typer.CallbackParam, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from typer.completion import install_callback

        install_callback(ctx, param, value)


def _show_completion(ctx: typer.Context, param: typer.CallbackParam, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from typer.completion import show_callback

        show_callback(ctx, param, value)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=_install_completion,
            is_eager=True,
            expose_value=False,
            help="Install completion of commands, options and the scenario's ids for the "
            "current shell (bash, zsh, fish, PowerShell).",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            callback=_show_completion,
            is_eager=True,
            expose_value=False,
            help="Print the completion script for the current shell, to install by hand.",
        ),
    ] = False,
) -> None:
    """Position-gap analysis for multi-party negotiations."""
