"""`clearway jobs`: list the scheduled jobs and run the due (or named) ones once."""

from __future__ import annotations

import typer

from clearway.cli.common import emit, guarded, platform

app = typer.Typer(
    help="Scheduled jobs (the same ones `clearway serve` runs).", no_args_is_help=True
)


@app.command("list")
@guarded
def list_() -> None:
    """Every registered job, how often it runs and what its last run did."""
    from clearway.jobs.runner import job_states

    emit(
        [
            {
                "name": s.job.name,
                "description": s.job.description,
                "every_seconds": int(s.job.every.total_seconds()),
                "runs": s.runs,
                "last_started_at": s.last_started_at,
                "last_finished_at": s.last_finished_at,
                "last_outcome": s.last_outcome,
                "last_summary": s.last_summary,
            }
            for s in job_states(platform())
        ]
    )


@app.command()
@guarded
def run(
    names: list[str] = typer.Argument(None, help="Jobs to run now; none: every due job."),
) -> None:
    """Run the named jobs now, or every due job; exits non-zero when one fails."""
    from clearway.jobs.runner import run_jobs

    runs = run_jobs(platform(), names or ())
    for r in runs:
        typer.echo(f"{r.name}: {r.outcome}: {r.summary}")
    if any(r.outcome == "failed" for r in runs):
        raise typer.Exit(1)
