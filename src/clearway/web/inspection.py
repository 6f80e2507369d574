"""Inspection from the portal: the officers' day, records, bookings and appointments.

Every write goes through the inspection services the API calls (``bookings``, ``records``,
``appointments``), so the same rules refuse the same things: a refusal comes back on the
declaration page beside the form that caused it, naming the field and the rule (a full slot
says ``slot.full``), and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from starlette.datastructures import FormData

from clearway.api.deps import PlatformDep, SessionDep
from clearway.bootstrap import Platform
from clearway.declarations.queries import get_visible
from clearway.declarations.tables import declarations
from clearway.inspection import appointments, bookings, queries, records, slots
from clearway.inspection.commands import (
    AppointmentInput,
    BookingInput,
    CancelInput,
    RecordResultInput,
    RecordStartInput,
    RescheduleInput,
)
from clearway.shared.errors import FieldError, RuleViolation
from clearway.web.auth import Viewer, ViewerDep, ensure_area
from clearway.web.csrf import web_router
from clearway.web.detail import ATTACHMENT_ROWS, panel_write
from clearway.web.forms import FormDep, pydantic_errors, text
from clearway.web.queries import enterprise_names
from clearway.web.templating import render

router = web_router()
ATTACHMENT_FIELDS = ("file_name", "media_type", "size_bytes", "sha256")


M = TypeVar("M", bound=BaseModel)


def typed(model: type[M], raw: dict[str, Any]) -> M:
    """The API's input model, or its shape errors worded as the API words them."""
    try:
        return model.model_validate(raw)
    except ValidationError as invalid:
        raise RuleViolation(pydantic_errors(list(invalid.errors()))) from invalid


def _write(
    request: Request,
    platform: Platform,
    viewer: Viewer,
    ref: str,
    form_key: str,
    main_field: str,
    done: str,
    change: Callable[[], object],
    values: dict[str, str] | None = None,
) -> Response:
    """A form of the inspection panel: back to the panel when done."""
    done_url = f"/declarations/{ref}?done={done}#inspection"
    return panel_write(
        request, platform, viewer, ref, form_key, main_field, change, done_url, values
    )


@router.post("/declarations/{ref}/inspection/book")
def book(
    request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep, form: FormDep
) -> Response:
    def change() -> None:
        data = typed(BookingInput, {"declaration": ref, "slot_id": text(form, "slot_id")})
        with platform.uow() as uow:
            bookings.book(uow, data, viewer.actor, platform.clock)

    return _write(request, platform, viewer, ref, "book", "slot_id", "booked", change)


@router.post("/declarations/{ref}/inspection/bookings/{booking_id}/reschedule")
def reschedule(
    request: Request,
    ref: str,
    booking_id: int,
    platform: PlatformDep,
    viewer: ViewerDep,
    form: FormDep,
) -> Response:
    def change() -> None:
        raw = {"slot_id": text(form, "slot_id"), "expected_version": text(form, "version") or None}
        data = typed(RescheduleInput, raw)
        with platform.uow() as uow:
            bookings.reschedule(uow, booking_id, data, viewer.actor, platform.clock)

    return _write(request, platform, viewer, ref, "reschedule", "slot_id", "rescheduled", change)


@router.post("/declarations/{ref}/inspection/bookings/{booking_id}/cancel")
def cancel(
    request: Request,
    ref: str,
    booking_id: int,
    platform: PlatformDep,
    viewer: ViewerDep,
    form: FormDep,
) -> Response:
    def change() -> None:
        data = typed(CancelInput, {"reason": text(form, "reason")})
        with platform.uow() as uow:
            bookings.cancel(uow, booking_id, data, viewer.actor, platform.clock)

    return _write(request, platform, viewer, ref, "cancel", "reason", "cancelled", change)


@router.post("/declarations/{ref}/inspection/records")
def start_record(
    request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep, form: FormDep
) -> Response:
    def change() -> None:
        data = typed(RecordStartInput, {"declaration": ref, "kind": text(form, "kind")})
        with platform.uow() as uow:
            records.start(uow, data, viewer.actor, platform.clock)

    return _write(request, platform, viewer, ref, "record", "kind", "record_started", change)


def attachment_rows(form: FormData) -> list[dict[str, str]]:
    """Filled attachment rows (``attachments.N.file_name`` …); empty rows are ignored."""
    rows = []
    for n in range(ATTACHMENT_ROWS):
        row = {k: text(form, f"attachments.{n}.{k}").strip() for k in ATTACHMENT_FIELDS}
        if any(row.values()):
            rows.append(row)
    return rows


@router.post("/declarations/{ref}/inspection/records/{record_id}/complete")
def complete_record(
    request: Request,
    ref: str,
    record_id: int,
    platform: PlatformDep,
    viewer: ViewerDep,
    form: FormDep,
) -> Response:
    raw = {
        "result": text(form, "result"),
        "findings": text(form, "findings"),
        "attachments": attachment_rows(form),
    }
    values = {k: text(form, k) for k in form if k != "csrf_token"}

    def change() -> None:
        data = typed(RecordResultInput, raw)
        with platform.uow() as uow:
            records.complete(uow, record_id, data, viewer.actor, platform.clock)

    return _write(
        request, platform, viewer, ref, "complete", "result", "record_completed", change, values
    )


def local_instant(value: str, zone: str, path: str) -> datetime:
    """A ``datetime-local`` input read in the office's time zone."""
    try:
        naive = datetime.fromisoformat(value)
    except ValueError:
        raise RuleViolation.single(path, "datetime", "enter a date and time") from None
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=ZoneInfo(zone))


@router.post("/declarations/{ref}/appointments")
def request_appointment(
    request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep, form: FormDep
) -> Response:
    values = {k: text(form, k) for k in ("starts_at", "ends_at", "goods_category", "note")}

    def change() -> None:
        with platform.read_session() as db:
            office = get_visible(db, viewer.actor, ref).office_code
            zone = queries.office_zone(db, office, platform.settings.office_timezone)
        errors: list[FieldError] = []
        instants: dict[str, datetime] = {}
        for name in ("starts_at", "ends_at"):
            try:
                instants[name] = local_instant(values[name], zone, name)
            except RuleViolation as bad:
                errors += bad.errors
        if errors:
            raise RuleViolation(errors)
        raw = {"declaration": ref, "goods_category": values["goods_category"], **instants}
        data = typed(AppointmentInput, {**raw, "note": values["note"]})
        with platform.uow() as uow:
            appointments.request(uow, data, viewer.actor, platform.clock, platform.settings)

    return _write(
        request, platform, viewer, ref, "appointment", "starts_at", "appointment", change, values
    )


@router.get("/inspection/schedule")
def schedule(
    request: Request,
    platform: PlatformDep,
    viewer: ViewerDep,
    db: SessionDep,
    day: str = "",
    site: str = "",
) -> Response:
    """Every slot of the day at each site, who is booked in it, and the appointments."""
    ensure_area(viewer, "schedule")
    zone = platform.settings.office_timezone
    today = queries.local_date(platform.clock.now(), zone)
    bad = ""
    try:
        chosen = date.fromisoformat(day) if day else today
    except ValueError:
        chosen, bad = today, f"'{day}' is not a date (YYYY-MM-DD); today is shown"
    found = queries.day_schedule(db, chosen, site or None, None, zone)
    return render(
        request,
        "inspection/schedule.html",
        viewer,
        active="schedule",
        schedule=found,
        day=chosen,
        site=site,
        sites=slots.sites(db),
        bad=bad,
        names=enterprise_names(db, [a.enterprise_id for a in found.appointments]),
    )


@router.get("/inspection/mine")
def mine(request: Request, platform: PlatformDep, viewer: ViewerDep, db: SessionDep) -> Response:
    """A declarant's bookings and appointment requests, newest first."""
    ensure_area(viewer, "bookings")
    booked = queries.bookings(db, viewer.actor, limit=50)
    d = declarations.c
    wanted = {b.declaration_id for b in booked}
    numbers = {i: n for i, n in db.execute(select(d.id, d.number).where(d.id.in_(wanted)))}
    return render(
        request,
        "inspection/mine.html",
        viewer,
        active="bookings",
        bookings=booked,
        numbers=numbers,
        appointments=appointments.list_visible(db, viewer.actor, limit=50),
        tz=platform.settings.office_timezone,
    )
