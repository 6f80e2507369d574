"""`clearway audit`: verify the hash chains of the audit trail and the declaration timelines."""

from __future__ import annotations

from dataclasses import asdict

import typer

from clearway.cli.common import emit, guarded, platform

app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)


@app.command()
@guarded
def verify() -> None:
    """Check every chain; print what was checked and the first broken link (exit 1 if any)."""
    from clearway.audit.verification import verify as verify_chains

    with platform().read_session() as session:
        result = verify_chains(session)
    broken = asdict(result.broken) if result.broken else None
    emit({"intact": result.intact, "checked": result.checked, "broken": broken})
    if broken:
        typer.echo(
            f"broken link: {broken['table']} row {broken['row_id']} ({broken['stream']}): "
            f"{broken['problem']}",
            err=True,
        )
        raise typer.Exit(1)
