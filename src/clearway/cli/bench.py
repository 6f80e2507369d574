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


@app.command()
def statistics(
    n: int = typer.Option(1_000_000, "--n", min=10, help="Declarations to generate."),
    database_url: str = typer.Option(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", "--database-url"
    ),
    batch: int = typer.Option(20_000, min=1, help="Declarations per COPY."),
    repetitions: int = typer.Option(25, min=1, help="Timed runs per query."),
) -> None:
    """Dashboard queries (trade, release time) over N generated declarations on PostgreSQL."""
    import json

    from clearway.benchmarks.statistics import run

    typer.echo(json.dumps(run(n, database_url, batch, repetitions), indent=2, default=str))
