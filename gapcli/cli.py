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
from typer._click import Context, HelpFormatter
from typer._click.formatting import iter_rows, measure_table
from typer.completion import install_callback, show_callback
from typer.core import TyperCommand, TyperGroup

from gapcli._version import __version__
from gapcli.commands import (
    backtest,
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


def _wrap(text: str, width: int, first: str = "", rest: str = "", paragraphs: bool = False) -> str:
    """Text wrapped at spaces only: never inside a word (``united-states.assad-tenure`` or
    ``positions/my-talks`` stay whole, for copy and paste, even past the width). With
    ``paragraphs``, blank lines separate paragraphs, and a paragraph of examples (its first
    line starting ``Example``) keeps its lines as written, one command a line."""
    from textwrap import TextWrapper

    wrapper = TextWrapper(
        max(width, 10),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )
    if not paragraphs:
        return wrapper.fill(text)
    out = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip() != "\b"]
        if not lines:
            continue
        if lines[0].startswith("Example") or block.lstrip("\n").startswith("\b"):
            out.append(
                "\n".join(f"{first if i == 0 else rest}{line}" for i, line in enumerate(lines))
            )
        else:
            out.append(wrapper.fill(" ".join(" ".join(lines).split())))
    return "\n\n".join(out)


class _Formatter(HelpFormatter):
    """click's help layout with :func:`_wrap`: no word broken at a hyphen, examples whole."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        lead = f"{prefix or 'Usage: ':>{self.current_indent}}{prog} "
        self.write(_wrap(args, self.width - self.current_indent, lead, " " * len(lead)) + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(_wrap(text, self.width, indent, indent, paragraphs=True) + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(measure_table(rows)[0], col_max) + col_spacing
        for first, second in iter_rows(rows, 2):
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            pad = " " * (first_col + self.current_indent)
            width = self.width - len(pad)
            if max(map(len, second.split())) > width:  # a word too long for the column:
                pad = " " * (self.current_indent + 4)  # the help under the term, wider
                width = self.width - len(pad)
                self.write("\n" + pad)
            elif len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - len(first)))
            else:
                self.write("\n" + pad)
            lines = _wrap(second, width).splitlines()
            self.write("\n".join([lines[0], *(pad + line for line in lines[1:])]) + "\n")


class _Context(Context):
    formatter_class = _Formatter


def _usage(pieces: list[str]) -> list[str]:
    """Usage words as click writes them: a required argument bare (``ISSUE``, not typer's
    ``{ISSUE}``), an optional one in brackets."""
    return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


def _metavar(param: Any) -> str | None:
    """An option's value as a word: ``[table|json]``, ``N``, ``NUMBER``, ``PATH``, or the
    option's name (``--view VIEW``), instead of ``<str>`` or ``<path_value>``."""
    kind = param.type
    choices = getattr(kind, "choices", None)
    if choices:
        return f"[{'|'.join(str(getattr(c, 'value', c)) for c in choices)}]"
    if kind.name.startswith("int"):
        return "N"
    if kind.name.startswith("float"):
        return "NUMBER"
    if kind.name == "path_value":
        return "PATH"
    return str(param.name).upper()


class _Command(TyperCommand):
    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.param_type_name == "option" and param.metavar is None:
                if not getattr(param, "is_flag", False):
                    param.metavar = _metavar(param)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage(super().collect_usage_pieces(ctx))


class _Group(TyperGroup):
    context_class = _Context

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

app.command("validate", cls=_Command)(validate.validate)
app.command("gaps", cls=_Command)(gaps.gaps)
app.command("deadlocks", cls=_Command)(deadlocks.deadlocks)
app.command("issue", cls=_Command)(issue.issue)
app.command("party", cls=_Command)(party.party)
app.command("whatif", cls=_Command)(whatif.whatif)
app.command("diff", cls=_Command)(diff.diff)
app.command("timeline", cls=_Command)(timeline.timeline)
app.command("watch", cls=_Command)(watch.watch)
app.command("forecast", cls=_Command)(forecast.forecast)
app.command("trades", cls=_Command)(trades.trades)
app.command("blocs", cls=_Command)(blocs.blocs)
app.command("sensitivity", cls=_Command)(sensitivity.sensitivity)
app.command("backtest", cls=_Command)(backtest.backtest)
app.command("report", cls=_Command)(report.report)
app.command("import", cls=_Command)(importer.import_)
app.command("export", cls=_Command)(export.export)
app.command("schema", cls=_Command)(schema.schema)
app.command("init", cls=_Command)(init.init)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gapcli {__version__}")
        raise typer.Exit()


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
            callback=install_callback,
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
            callback=show_callback,
            is_eager=True,
            expose_value=False,
            help="Print the completion script for the current shell, to install by hand.",
        ),
    ] = False,
) -> None:
    """Position-gap analysis for multi-party negotiations."""
