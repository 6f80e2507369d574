"""`clearway declarations`: lodge, list, show and move declarations."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from clearway.api.routes.declarations import present
from clearway.cli.common import acting_user, emit, guarded, platform
from clearway.declarations import bulk, services
from clearway.declarations.commands import ActionInput, BatchInput, DeclarationInput
from clearway.declarations.model import Lane
from clearway.declarations.queries import DeclarationFilter, get_visible, list_visible
from clearway.declarations.status import Command, Status

app = typer.Typer(help="Declarations and their lifecycle.", no_args_is_help=True)
AS_USER = typer.Option(..., "--as", help="Username to act as (tenancy applies).")


@app.command("list")
@guarded
def list_(
    as_user: str = AS_USER,
    status: Status | None = typer.Option(None),
    lane: Lane | None = typer.Option(None),
    tariff_code: str | None = typer.Option(None, "--tariff"),
    limit: int = typer.Option(50, min=1, max=1000),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Declarations the user may see, newest first."""
    actor = acting_user(as_user)
    with platform().sessions() as session:
        total, rows = list_visible(
            session,
            actor,
            DeclarationFilter(status=status, lane=lane, tariff_code=tariff_code),
            limit,
            0,
        )
        if as_json:
            emit(
                {
                    "total": total,
                    "items": [
                        {
                            "number": d.number,
                            "flow": d.flow.value,
                            "status": d.status.value,
                            "lane": d.lane.value if d.lane else None,
                            "total_value": str(d.total_value),
                            "currency": d.currency,
                            "declaration_date": d.declaration_date.isoformat(),
                        }
                        for d in rows
                    ],
                }
            )
            return
        table = Table("number", "flow", "status", "lane", "date", "value", title=f"{total} found")
        for d in rows:
            table.add_row(
                d.number,
                d.flow.value,
                d.status.value,
                d.lane.value if d.lane else "",
                d.declaration_date.isoformat(),
                f"{d.total_value:,.2f} {d.currency}",
            )
        Console().print(table)


@app.command()
@guarded
def show(number: str, as_user: str = AS_USER) -> None:
    """One declaration with items, documents and timeline, as JSON."""
    actor = acting_user(as_user)
    with platform().sessions() as session:
        emit(present(get_visible(session, actor, number), actor).model_dump(mode="json"))


@app.command()
@guarded
def lodge(
    file: Path,
    as_user: str = AS_USER,
    submit: bool = typer.Option(False, help="Submit at once in the same transaction."),
) -> None:
    """Lodge a declaration from a JSON file shaped like the API's POST body."""
    data = DeclarationInput.model_validate(json.loads(file.read_text("utf-8")))
    p = platform()
    with p.uow() as uow:
        d = services.create(
            uow,
            data,
            acting_user(as_user),
            p.clock,
            p.settings.max_items,
            submit=p.submission if submit else None,
            settings=p.settings,
        )
    typer.echo(f"{d.number} lodged as {d.status.value}")


@app.command("lodge-batch")
@guarded
def lodge_batch(
    file: Path,
    as_user: str = AS_USER,
    submit: bool = typer.Option(False, help="Submit (and screen) them in the same transaction."),
) -> None:
    """Lodge the declarations of a JSON file ({"declarations": [...]}, the API's batch body),
    all or none."""
    data = BatchInput.model_validate(json.loads(file.read_text("utf-8")) | {"submit": submit})
    p = platform()
    with p.uow() as uow:
        numbers = bulk.lodge_batch(
            uow,
            data.declarations,
            acting_user(as_user),
            p.clock,
            p.settings.max_items,
            p.submission if data.submit else None,
            p.settings.max_batch,
            p.settings,
        )
    typer.echo(f"{len(numbers)} declarations lodged: {', '.join(numbers)}")


@app.command()
@guarded
def act(
    number: str,
    command: Command,
    as_user: str = AS_USER,
    reason: str = typer.Option(""),
    lane: Lane | None = typer.Option(None),
) -> None:
    """Give a lifecycle command (accept, assign_lane, release, …)."""
    _act(number, command, as_user, reason, lane)


@app.command()
@guarded
def submit(number: str, as_user: str = AS_USER) -> None:
    """Submit a draft (or an amended) declaration to customs."""
    _act(number, Command.SUBMIT, as_user, "", None)


def _act(number: str, command: Command, as_user: str, reason: str, lane: Lane | None) -> None:
    p = platform()
    actor = acting_user(as_user)
    with p.uow() as uow:
        d = services.act(
            uow,
            number,
            command,
            ActionInput(reason=reason, lane=lane),
            actor,
            p.clock,
            p.submission,
        )
    lane_text = f" ({d.lane.value} lane)" if d.lane else ""
    typer.echo(f"{d.number}: {command.value} -> {d.status.value}{lane_text}")
