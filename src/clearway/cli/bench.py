"""`clearway bench`: benchmarks that print their figures as JSON."""

from __future__ import annotations

import typer

app = typer.Typer(help="Benchmarks (figures printed as JSON).", no_args_is_help=True)


@app.command()
def ingest(
    n: int = typer.Option(20000, "--n", min=10),
    database_url: str = typer.Option(..., "--database-url"),
    batch: int = typer.Option(500, min=1),
    as_json: bool = typer.Option(True, "--json/--table"),
) -> None:
    """Declarations of 3 items through the service layer vs raw driver inserts, same run."""
    from clearway.benchmarks.ingest import run

    run(n=n, database_url=database_url, batch=batch, as_json=as_json)
