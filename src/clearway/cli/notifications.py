"""`clearway notifications`: deliver the outbox, relay it to the bus, manage dead letters."""

from __future__ import annotations

import time

import typer

from clearway.cli.common import acting_user, emit, fail, guarded, platform
from clearway.identity.model import Actor
from clearway.notifications import queries, services
from clearway.notifications.commands import WebhookInput

app = typer.Typer(help="Inbox, webhooks and the delivery outbox.", no_args_is_help=True)
AS_USER = typer.Option(..., "--as", help="Username to act as (tenancy applies).")


@app.command()
@guarded
def deliver(
    limit: int = typer.Option(500, min=1, help="Most deliveries per pass."),
    loop: float = typer.Option(0.0, help="Keep draining every N seconds (0: one drain)."),
) -> None:
    """Send due webhook deliveries (a scheduler or an operator runs this)."""
    from clearway.notifications.dispatcher import drain_all

    p = platform()
    while True:
        report = drain_all(p, limit)
        typer.echo(
            f"claimed {report.claimed}, delivered {report.delivered}, retry later "
            f"{report.retried}, dead-lettered {report.dead}"
        )
        if loop <= 0:
            return
        time.sleep(loop)


@app.command("relay-bus")
@guarded
def relay_bus(limit: int = typer.Option(500, min=1)) -> None:
    """Publish not-yet-published events to NATS JetStream (CLEARWAY_NATS_URL)."""
    from clearway.notifications.bus import BusUnavailable, publisher_for, relay

    p = platform()
    try:
        publisher = publisher_for(p)
        if publisher is None:
            fail("no message bus configured: set CLEARWAY_NATS_URL")
        count = relay(p, publisher, p.settings.nats_subject_prefix, limit)
    except BusUnavailable as exc:
        fail(str(exc))
    typer.echo(f"{count} event(s) published")


@app.command("dead-letters")
@guarded
def dead_letters(limit: int = typer.Option(50, min=1, max=1000)) -> None:
    """Deliveries that ran out of attempts, newest first, as JSON."""
    with platform().sessions() as session:
        rows = queries.deliveries(session, Actor.system("cli"), "dead", None, limit, 0)
    emit([row.__dict__ for row in rows])


@app.command()
@guarded
def redeliver(
    delivery_ids: list[int] = typer.Argument(None),
    all_dead: bool = typer.Option(False, "--all-dead", help="Every dead delivery."),
    webhook: int | None = typer.Option(None, help="With --all-dead: only this webhook's."),
) -> None:
    """Queue dead (or delivered) deliveries again; an administrator's decision."""
    p = platform()
    with p.uow() as uow:
        ids = list(delivery_ids or [])
        if all_dead:
            ids += services.dead_letters(uow, webhook)
        if not ids:
            fail("name delivery ids or pass --all-dead")
        done = services.redeliver(uow, ids, Actor.system("cli"), p.clock)
    typer.echo(f"{len(done)} delivery(ies) queued again")


@app.command()
@guarded
def subscribe(
    url: str,
    as_user: str = AS_USER,
    topic: list[str] = typer.Option(None, "--topic", help="Event type or prefix.*; repeatable."),
    enterprise: int | None = typer.Option(None, help="Administrators name the enterprise."),
) -> None:
    """Register a webhook; prints the signing secret once."""
    p = platform()
    data = WebhookInput(url=url, topics=topic or ["*"], enterprise_id=enterprise)
    with p.uow() as uow:
        done = services.subscribe(
            uow,
            data,
            acting_user(as_user),
            p.clock,
            p.settings,
        )
    hook = done.subscription
    typer.echo(f"webhook {hook.id} for enterprise {hook.enterprise_id}; secret: {done.secret}")


@app.command()
@guarded
def inbox(
    as_user: str = AS_USER,
    unread: bool = typer.Option(False, "--unread"),
    limit: int = typer.Option(20, min=1, max=1000),
) -> None:
    """The user's inbox, newest first, as JSON."""
    actor = acting_user(as_user)
    with platform().sessions() as session:
        page = queries.inbox(session, actor, unread, limit, 0)
        emit(
            {
                "total": page.total,
                "unread": page.unread,
                "items": [
                    {
                        "id": m.id,
                        "at": m.created_at.isoformat(),
                        "type": m.event_type,
                        "title": m.title,
                        "read": m.read_at is not None,
                    }
                    for m in page.items
                ],
            }
        )
