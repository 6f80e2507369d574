"""`clearway demo`: the demo district."""

from __future__ import annotations

import typer

from clearway.cli.common import fail, guarded, platform
from clearway.demo import loader
from clearway.demo.district import DEMO_PASSWORD

app = typer.Typer(help="Demo district for Ordos and Horgos.", no_args_is_help=True)


@app.command()
@guarded
def load(
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Do nothing when the database has data."
    ),
) -> None:
    """Load the deterministic demo district into an empty database (never in production)."""
    p = platform()
    refused = loader.refusal(p)
    if refused and p.settings.env != "production" and if_empty:
        typer.echo("database already has data; demo not loaded")
        print_logins()  # `make demo` on a database the demo filled earlier
        return
    if refused:
        fail(refused)
    summary = loader.load(p)
    typer.echo(
        f"demo district loaded: {summary.enterprises} enterprises, "
        f"{summary.declarations} declarations"
    )
    print_logins()


def print_logins() -> None:
    from clearway.demo.district import USERS

    typer.echo(f"demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role, _key, name in USERS:
        typer.echo(f"  {username:<15} {role:<20} {name}")
