from __future__ import annotations

from typing import Annotated

import typer

from gapcli.errors import ExitStatus


def schema(
    party: Annotated[bool, typer.Option("--party", help="The schema of a party file.")] = False,
    scenario: Annotated[
        bool, typer.Option("--scenario", help="The schema of scenario.yaml (the default).")
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="The schema inside the JSON envelope every command prints with --json "
            "(result.schema), for scripts; without it the output is the bare schema.",
        ),
    ] = False,
) -> None:
    """Print the JSON Schema of position files, for editors.

    The output is the bare schema (no JSON envelope), so editors can read it directly. Save
    it and point a file at it with a first line such as
    '# yaml-language-server: $schema=../schema/scenario.schema.json'. With --json it is
    the 'result.schema' of the usual envelope (docs/json.md), like every command's --json.

    Example: gapcli schema --party > party.schema.json
    """
    from gapcli.io.schemas import party_schema, scenario_schema, schema_text

    if party and scenario:
        typer.echo("gapcli schema: choose one of --party and --scenario", err=True)
        raise typer.Exit(ExitStatus.USAGE)
    document = party_schema() if party else scenario_schema()
    if as_json:
        from gapcli.analyses.records import Report
        from gapcli.render.output import Format, emit

        which = "party" if party else "scenario"
        emit(Report("schema", {"which": which, "schema": document}), Format.JSON)
        return
    typer.echo(schema_text(document), nl=False)
