"""`clearway liaison`: officers per enterprise, requests, and the escalation job."""

from __future__ import annotations

import typer

from clearway.cli.common import acting_user, emit, guarded, platform
from clearway.identity.model import Actor
from clearway.liaison import queries, services
from clearway.liaison.commands import AssignmentInput, RequestActionInput, RequestInput
from clearway.liaison.model import Duty, RequestCategory
from clearway.liaison.status import RequestCommand, RequestStatus

app = typer.Typer(help="Customs–enterprise liaison.", no_args_is_help=True)
AS_USER = typer.Option(..., "--as", help="Username to act as (tenancy applies).")


@app.command()
@guarded
def escalate(limit: int = typer.Option(500, min=1)) -> None:
    """Escalate every request past its deadline (run it from a scheduler; safe to repeat)."""
    p = platform()
    with p.uow() as uow:
        ids = services.escalate_overdue(uow, p.clock, services.terms_of(p.settings), limit)
    typer.echo(f"{len(ids)} overdue request(s) escalated" + (f": {ids}" if ids else ""))


@app.command("sync-coordinators")
@guarded
def sync_coordinators() -> None:
    """Give each advanced certified enterprise a coordinator; relieve those no longer entitled."""
    p = platform()
    with p.uow() as uow:
        done = services.sync_coordinators(uow, Actor.system("cli"), p.clock)
    typer.echo(
        f"{len(done.assigned)} coordinator(s) assigned, {len(done.ended)} relieved, "
        f"{len(done.unstaffed)} enterprise(s) without a liaison officer to give"
    )


@app.command()
@guarded
def assign(
    enterprise_id: int,
    officer: str = typer.Argument(..., help="Username of the liaison officer."),
    duty: Duty = typer.Option(Duty.LIAISON_OFFICER),
    reason: str = typer.Option(""),
) -> None:
    """Name an enterprise's liaison officer or coordinator (administrator task)."""
    p = platform()
    officer_actor = acting_user(officer)
    with p.uow() as uow:
        done = services.assign_officer(
            uow,
            AssignmentInput(
                enterprise_id=enterprise_id,
                officer_id=int(officer_actor.user_id or 0),
                duty=duty,
                reason=reason,
            ),
            Actor.system("cli"),
            p.clock,
        )
    typer.echo(f"{officer} is {done.duty.value} of enterprise {enterprise_id}")


@app.command("open")
@guarded
def open_(
    subject: str,
    body: str,
    as_user: str = AS_USER,
    category: RequestCategory = typer.Option(RequestCategory.QUESTION),
    declaration: str | None = typer.Option(None),
) -> None:
    """Open a request as an enterprise user."""
    p = platform()
    data = RequestInput(category=category, subject=subject, body=body, declaration=declaration)
    with p.uow() as uow:
        request = services.open_request(
            uow, data, acting_user(as_user), p.clock, services.terms_of(p.settings)
        )
    typer.echo(f"request {request.id} {request.status.value}, due {request.due_at.isoformat()}")


@app.command()
@guarded
def act(
    request_id: int,
    command: RequestCommand,
    as_user: str = AS_USER,
    body: str = typer.Option(""),
    assignee: int | None = typer.Option(None, help="Officer user id (assign)."),
) -> None:
    """assign, answer, follow_up, escalate or close a request."""
    p = platform()
    with p.uow() as uow:
        request = services.act(
            uow,
            request_id,
            command,
            RequestActionInput(body=body, assignee_id=assignee),
            acting_user(as_user),
            p.clock,
            services.terms_of(p.settings),
        )
    typer.echo(f"request {request.id}: {command.value} -> {request.status.value}")


@app.command("list")
@guarded
def list_(
    as_user: str = AS_USER,
    status: RequestStatus | None = typer.Option(None),
    overdue: bool = typer.Option(False, "--overdue"),
    limit: int = typer.Option(50, min=1, max=1000),
) -> None:
    """Requests the user may see, soonest deadline first, as JSON."""
    p = platform()
    actor = acting_user(as_user)
    f = queries.RequestFilter(
        status=status.value if status else None, overdue_at=p.clock.now() if overdue else None
    )
    with p.sessions() as session:
        total, rows = queries.list_visible(session, actor, f, limit, 0)
        emit(
            {
                "total": total,
                "items": [
                    {
                        "id": r.id,
                        "enterprise_id": r.enterprise_id,
                        "category": r.category.value,
                        "subject": r.subject,
                        "status": r.status.value,
                        "assignee_id": r.assignee_id,
                        "due_at": r.due_at.isoformat(),
                        "escalation_level": r.escalation_level,
                    }
                    for r in rows
                ],
            }
        )
