"""`clearway post-clearance`: the post-clearance audit queue blue-lane releases open."""

from __future__ import annotations

from dataclasses import asdict

import typer

from clearway.cli.common import acting_user, emit, guarded, platform
from clearway.postclearance import queries, services
from clearway.postclearance.commands import FindingInput
from clearway.postclearance.rules import Finding, FindingKind
from clearway.postclearance.status import AuditStatus

app = typer.Typer(help="Post-clearance audits of blue-lane releases.", no_args_is_help=True)
AS_USER = typer.Option(..., "--as", help="Username of the officer (office tenancy applies).")


@app.command("list")
@guarded
def list_(
    as_user: str = AS_USER,
    status: AuditStatus | None = typer.Option(None),
    limit: int = typer.Option(50, min=1, max=500),
) -> None:
    """The tasks the officer may see, oldest first, as JSON."""
    p = platform()
    with p.reader() as uow:
        total, rows = queries.list_visible(uow.session, acting_user(as_user), status, limit, 0)
    emit({"total": total, "items": [asdict(r) for r in rows]})


@app.command()
@guarded
def take(task_id: int, as_user: str = AS_USER) -> None:
    """Take a task from the queue (or over from a colleague)."""
    p = platform()
    with p.uow() as uow:
        task = services.take(uow, task_id, acting_user(as_user), p.clock)
    typer.echo(f"audit {task.id} taken by {task.assignee}")


@app.command()
@guarded
def close(
    task_id: int,
    finding: Finding,
    as_user: str = AS_USER,
    kind: FindingKind | None = typer.Option(None, help="Kind of irregularity (nonconform)."),
    revenue: str | None = typer.Option(None, help="Revenue raised, CNY (nonconform)."),
    note: str = typer.Option(""),
) -> None:
    """Close the task held with its finding."""
    p = platform()
    data = FindingInput.model_validate(
        {"finding": finding, "kind": kind, "revenue_raised": revenue, "note": note}
    )
    with p.uow() as uow:
        task = services.close(uow, task_id, data, acting_user(as_user), p.clock)
    raised = f", {task.revenue_raised} CNY raised" if task.revenue_raised is not None else ""
    typer.echo(f"audit {task.id} closed: {task.finding.value if task.finding else ''}{raised}")


__all__ = ["app"]
