"""Entry point of the `clearway` command."""

from __future__ import annotations

import typer

from clearway.cli import (
    arrivals,
    audit,
    bonded,
    brokerage,
    dangerous_goods,
    db,
    declarations,
    demo,
    inspection,
    jobs,
    liaison,
    licences,
    notifications,
    ore,
    ore_pricing,
    post_clearance,
    reference,
    setup,
    simulate,
    stats,
    supervision,
    users,
)
from clearway.cli.common import guarded

app = typer.Typer(
    help="Clearway customs clearance platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(demo.app, name="demo")
app.add_typer(users.app, name="users")
app.add_typer(reference.app, name="reference")
app.add_typer(declarations.app, name="declarations")
app.add_typer(bonded.app, name="bonded")
app.add_typer(liaison.app, name="liaison")
app.add_typer(licences.app, name="licences")
app.add_typer(inspection.app, name="inspection")
app.add_typer(brokerage.app, name="brokerage")
app.add_typer(notifications.app, name="notifications")
app.add_typer(stats.app, name="stats")
app.add_typer(dangerous_goods.app, name="dg")
app.add_typer(jobs.app, name="jobs")
app.add_typer(supervision.app, name="supervision")
ore_pricing.register(ore.app)
app.add_typer(ore.app, name="ore")
app.add_typer(arrivals.app, name="arrivals")
app.add_typer(audit.app, name="audit")
app.add_typer(simulate.app, name="simulate")
app.add_typer(post_clearance.app, name="post-clearance")
app.command("setup")(setup.setup)


def _mount_optional() -> None:
    """Sub-commands whose modules pull heavy libraries are imported only when present."""
    from clearway.cli import bench

    app.add_typer(bench.app, name="bench")
    try:
        from clearway.cli import risk
    except ImportError:  # pragma: no cover - the risk engine ships with the package
        return
    from clearway.cli import risk_rules

    risk.app.add_typer(risk_rules.app, name="rules")
    app.add_typer(risk.app, name="risk")


@app.command()
@guarded
def serve(
    host: str | None = typer.Option(None),
    port: int | None = typer.Option(None),
    workers: int | None = typer.Option(
        None, min=1, max=64, help="Server processes (PostgreSQL only); default from settings."
    ),
) -> None:
    """Serve the API and web pages (uvicorn); the outbox relay and job scheduler run beside."""
    import uvicorn

    from clearway.api.serving import FACTORY, prepared_app
    from clearway.cli.common import fail, platform
    from clearway.config import server_processes_refusal
    from clearway.jobs.scheduler import start_scheduler
    from clearway.notifications.worker import start_background

    p = platform()
    processes = workers or p.settings.serve_workers
    refusal = server_processes_refusal(p.settings.database_url, processes)
    if refusal:
        fail(refusal)
    outbox = start_background(p)  # None when CLEARWAY_NOTIFY_BACKGROUND_SECONDS=0
    scheduler = start_scheduler(p)  # None when CLEARWAY_JOBS_SCHEDULER_SECONDS=0
    address, number = host or p.settings.host, port or p.settings.port
    try:
        if processes == 1:
            uvicorn.run(prepared_app(p), host=address, port=number, log_level="info")
        else:  # each worker builds its own platform from the same CLEARWAY_* settings
            uvicorn.run(
                FACTORY,
                factory=True,
                workers=processes,
                host=address,
                port=number,
                log_level="info",
            )
    finally:
        if outbox is not None:
            outbox.stop()
        if scheduler is not None:
            scheduler.stop()


_mount_optional()
