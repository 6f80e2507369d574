"""`clearway db`: migrations."""

from __future__ import annotations

import typer

from clearway.cli.common import guarded, platform
from clearway.persistence import migrate

app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)


@app.command()
@guarded
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Bring the database schema up to date."""
    engine = platform().engine
    migrate.upgrade(engine, revision)
    typer.echo(f"database at revision {migrate.current(engine)}")


@app.command()
@guarded
def current() -> None:
    """Show the schema revision of the database."""
    typer.echo(migrate.current(platform().engine) or "empty (run clearway db upgrade)")
