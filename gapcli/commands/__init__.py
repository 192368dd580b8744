"""One module per subcommand; each exposes a function that typer registers."""
