"""`clearway inspection appointments|plans|records`: appointment clearance outside office hours,
tailored inspection plans and inspection records."""

from __future__ import annotations

from datetime import datetime

import typer
from sqlalchemy import func, select

from clearway.api.schemas_inspection import (
    RecordPublic,
    SlotPublic,
    present_appointment,
    present_plan,
)
from clearway.cli.common import acting_user, emit, fail, guarded, platform
from clearway.inspection import appointments, plans, records
from clearway.inspection.commands import (
    AppointmentInput,
    AttachmentInput,
    DecisionInput,
    PlanInput,
    RecordResultInput,
    RecordStartInput,
)
from clearway.inspection.model import GoodsCategory
from clearway.inspection.results import RecordKind, Result
from clearway.inspection.status import AppointmentCommand
from clearway.inspection.tables import inspection_slots

AS_USER = typer.Option(..., "--as", help="Username to act as (tenancy applies).")
appointments_app = typer.Typer(help="Appointment clearance outside office hours.")
plans_app = typer.Typer(help="Tailored inspection plans and their standing windows.")
records_app = typer.Typer(help="Document checks and physical inspections.")


@appointments_app.command("request")
@guarded
def request(
    starts_at: datetime = typer.Option(..., "--start", help="With offset: 2026-11-21T22:00+08:00"),
    ends_at: datetime = typer.Option(..., "--end"),
    category: GoodsCategory = typer.Option(GoodsCategory.DANGEROUS_GOODS),
    declaration: str | None = typer.Option(None, help="Declaration number or id."),
    office: str | None = typer.Option(None, help="For a shipment not yet declared."),
    tariff: list[str] = typer.Option([], help="Tariff line (repeat) for a shipment."),
    shipment: str = typer.Option("", help="Train, vehicle or waybill of the shipment."),
    trader: int | None = typer.Option(None, help="A broker's principal."),
    note: str = typer.Option(""),
    as_user: str = AS_USER,
) -> None:
    """Ask for customs work outside office hours (24 h ahead, 8 h if advanced certified)."""
    p = platform()
    data = AppointmentInput(
        declaration=declaration,
        trader_id=trader,
        office_code=office,
        shipment=shipment,
        tariff_codes=tariff,
        goods_category=category,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note,
    )
    with p.uow() as uow:
        done = appointments.request(uow, data, acting_user(as_user), p.clock, p.settings)
        emit(present_appointment(done).model_dump(mode="json"))


@appointments_app.command("list")
@guarded
def list_appointments(as_user: str = AS_USER, status: str | None = typer.Option(None)) -> None:
    with platform().sessions() as session:
        rows = appointments.list_visible(session, acting_user(as_user), status, None, 200, 0)
        emit([present_appointment(a).model_dump(mode="json") for a in rows])


@appointments_app.command("act")
@guarded
def act(
    appointment: int,
    command: AppointmentCommand,
    as_user: str = AS_USER,
    reason: str = typer.Option(""),
) -> None:
    """confirm or decline (officers), cancel (the enterprise or customs)."""
    p = platform()
    with p.uow() as uow:
        done = appointments.act(
            uow, appointment, command, DecisionInput(reason=reason), acting_user(as_user), p.clock
        )
    typer.echo(f"appointment {done.id} {done.status.value}")


@plans_app.command("file")
@guarded
def file_plan(
    site: str,
    weekdays: str = typer.Option(..., help="ISO weekdays, comma-separated (1 Monday)."),
    window: str = typer.Option(..., help="Local window, e.g. 15:00-17:00."),
    lots: int = typer.Option(..., help="Lots ready for inspection per window."),
    valid_from: datetime = typer.Option(..., "--from"),
    valid_to: datetime = typer.Option(..., "--to"),
    enterprise: int | None = typer.Option(None, help="Customs filing for an enterprise."),
    description: str = typer.Option(""),
    as_user: str = AS_USER,
) -> None:
    """File a tailored inspection plan; its standing windows open at once."""
    p = platform()
    start, _, end = window.partition("-")
    data = PlanInput.model_validate(
        {
            "enterprise_id": enterprise,
            "site": site,
            "weekdays": [int(d) for d in weekdays.split(",") if d],
            "window_start": start.strip(),
            "window_end": end.strip(),
            "expected_lots": lots,
            "valid_from": valid_from.date(),
            "valid_to": valid_to.date(),
            "description": description,
        }
    )
    with p.uow() as uow:
        plan = plans.file_plan(uow, data, acting_user(as_user), p.clock)
        count = uow.session.scalar(
            select(func.count()).where(inspection_slots.c.plan_id == plan.id)
        )
        emit(present_plan(plan, int(count or 0)).model_dump(mode="json"))


@plans_app.command("windows")
@guarded
def windows(plan: int, as_user: str = AS_USER) -> None:
    """A plan's standing inspection windows."""
    with platform().sessions() as session:
        found = plans.windows(session, acting_user(as_user), plan)
        emit([SlotPublic.model_validate(s).model_dump(mode="json") for s in found])


@records_app.command("start")
@guarded
def start(declaration: str, kind: RecordKind, as_user: str = AS_USER) -> None:
    """Begin a document check (E5) or a physical inspection (E6)."""
    p = platform()
    with p.uow() as uow:
        found = records.start(
            uow, RecordStartInput(declaration=declaration, kind=kind), acting_user(as_user), p.clock
        )
    typer.echo(f"record {found.id}: {kind.value} of {declaration} begun")


def _attachment(spec: str) -> AttachmentInput:
    """``name|media/type|size|sha256``."""
    parts = spec.split("|")
    if len(parts) != 4:
        fail(f"attachment {spec!r}: give name|media type|size|sha256")
    name, media, size, digest = parts
    return AttachmentInput(file_name=name, media_type=media, size_bytes=int(size), sha256=digest)


@records_app.command("complete")
@guarded
def complete(
    record: int,
    result: Result,
    findings: str = typer.Option(""),
    attach: list[str] = typer.Option([], help="name|media type|size|sha256 (repeat)."),
    as_user: str = AS_USER,
) -> None:
    """End a check with its result; the declaration moves on, is suspended or sent back."""
    p = platform()
    data = RecordResultInput(
        result=result, findings=findings, attachments=[_attachment(a) for a in attach]
    )
    with p.uow() as uow:
        found = records.complete(uow, record, data, acting_user(as_user), p.clock)
    typer.echo(f"record {found.id}: {found.kind.value} {result.value}")


@records_app.command("list")
@guarded
def list_records(as_user: str = AS_USER, declaration: str | None = typer.Option(None)) -> None:
    with platform().sessions() as session:
        rows = records.list_visible(session, acting_user(as_user), declaration, limit=200)
        emit([RecordPublic.model_validate(r).model_dump(mode="json") for r in rows])
