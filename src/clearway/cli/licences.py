"""`clearway licences`: record a licence the issuing authority sent, list and show them, and
the supervision-condition table they are judged by."""

from __future__ import annotations

from datetime import datetime

import typer

from clearway.cli.common import acting_user, emit, guarded, platform
from clearway.licensing import queries, services
from clearway.licensing.commands import LicenceInput
from clearway.licensing.conditions import licence_conditions
from clearway.licensing.model import Licence

app = typer.Typer(help="Licences and permits from supervision conditions.", no_args_is_help=True)
AS_USER = typer.Option(..., "--as", help="Username to act as (customs records; holders read).")


def _shown(licence: Licence) -> dict[str, object]:
    return {
        "number": licence.number,
        "condition_code": licence.condition_code,
        "issuer": licence.issuer,
        "holder_id": licence.holder_id,
        "hs_scope": licence.hs_scope,
        "valid_from": licence.valid_from,
        "valid_to": licence.valid_to,
        "quantity_granted": licence.quantity_granted,
        "drawn_down": licence.drawn_down,
        "balance": licence.balance,
        "unit": licence.unit,
    }


@app.command()
@guarded
def record(
    number: str,
    condition_code: str = typer.Option(..., "--code", help="Supervision condition, e.g. 7."),
    issuer: str = typer.Option(...),
    holder_id: int = typer.Option(..., "--holder", help="Enterprise id the licence is for."),
    hs_scope: list[str] = typer.Option(..., "--scope", help="Tariff-code prefix (repeat)."),
    valid_from: datetime = typer.Option(..., formats=["%Y-%m-%d"]),
    valid_to: datetime = typer.Option(..., formats=["%Y-%m-%d"]),
    quantity: str = typer.Option(..., help="Quantity granted."),
    unit: str = typer.Option(...),
    as_user: str = AS_USER,
) -> None:
    """Record a licence as its issuing authority sent it (administrators, inspection officers)."""
    data = LicenceInput.model_validate(
        {
            "number": number,
            "condition_code": condition_code,
            "issuer": issuer,
            "holder_id": holder_id,
            "hs_scope": hs_scope,
            "valid_from": valid_from.date(),
            "valid_to": valid_to.date(),
            "quantity_granted": quantity,
            "unit": unit,
        }
    )
    p = platform()
    with p.uow() as uow:
        done = services.record_licence(uow, data, acting_user(as_user), p.clock)
    typer.echo(f"licence {done.number} recorded: {done.quantity_granted} {done.unit}")


@app.command("list")
@guarded
def list_(as_user: str = AS_USER, holder: int | None = typer.Option(None)) -> None:
    """The licences the user may read, with their balance."""
    with platform().sessions() as session:
        emit([_shown(x) for x in queries.licences(session, acting_user(as_user), holder)])


@app.command()
@guarded
def show(number: str, as_user: str = AS_USER) -> None:
    """One licence and every write-off against it."""
    with platform().sessions() as session:
        licence = queries.licence(session, acting_user(as_user), number)
        writeoffs = [
            {
                "declaration_id": d.declaration_id,
                "line_no": d.line_no,
                "quantity": d.quantity,
                "drawn_at": d.drawn_at,
                "restored_at": d.restored_at,
                "restored_reason": d.restored_reason,
            }
            for d in queries.drawdowns(session, licence)
        ]
        emit(_shown(licence) | {"drawdowns": writeoffs})


@app.command()
def conditions() -> None:
    """The supervision-condition codes, the documents they call for, and their periods."""
    emit(
        [
            {
                "code": c.code,
                "document": c.name,
                "issuer": c.issuer,
                "number_required": c.number_required,
                "valid_from": c.valid_from,
                "valid_to": c.valid_to,
            }
            for c in licence_conditions()
        ]
    )
