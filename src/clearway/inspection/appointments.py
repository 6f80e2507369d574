"""Appointment clearance (GACC 2018 No.109): customs work outside office hours, booked ahead.

An enterprise or its broker asks for a declaration, or for a shipment not yet declared; the
request is refused, naming every broken rule and writing nothing, when it is inside the lead
time for the enterprise's credit level on the day it asks (24 h, 8 h for advanced certified;
``CLEARWAY_APPOINTMENT_LEAD_HOURS``), when it touches the office's working hours (then it is
ordinary clearance), or when the enterprise or the goods are not eligible (the one eligibility
decision of :mod:`clearway.supervision.eligibility`). Inspection officers confirm or decline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal

from sqlalchemy import ColumnElement, false, select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.config import Settings
from clearway.declarations.model import Declaration, FacilitationMode
from clearway.declarations.queries import get_visible as visible_declaration
from clearway.enterprises.model import Enterprise
from clearway.enterprises.services import broker_mandate
from clearway.identity.model import Actor, Role
from clearway.identity.queries import office_clause
from clearway.inspection import policy
from clearway.inspection.calendars import calendar_for
from clearway.inspection.commands import AppointmentInput, DecisionInput
from clearway.inspection.model import ClearanceAppointment
from clearway.inspection.notices import tell_enterprise
from clearway.inspection.rules import check_appointment_time, lead_hours_for
from clearway.inspection.status import AppointmentCommand, AppointmentStatus
from clearway.inspection.tables import clearance_appointments
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, Conflict, NotFound, RuleViolation
from clearway.supervision.eligibility import Facility, ensure_eligible

a = clearance_appointments.c


@dataclass(frozen=True)
class _Subject:
    """What the appointment is for: whose goods, which office, which tariff lines."""

    trader_id: int
    broker_id: int | None
    office_code: str
    tariff_codes: tuple[str, ...]
    declaration: Declaration | None


def _subject(session: Session, data: AppointmentInput, actor: Actor) -> _Subject:
    enterprise_id = policy.ensure_enterprise(actor, "appointment requests")
    if data.declaration is not None:
        try:
            declaration = visible_declaration(session, actor, data.declaration)
        except NotFound as exc:
            raise RuleViolation.single(
                "declaration", "unknown_declaration", f"no declaration {data.declaration} of yours"
            ) from exc
        policy.ensure_books_for(actor, declaration)
        if declaration.status.is_final or declaration.released_at is not None:
            raise RuleViolation.single(
                "declaration",
                "appointment.declaration_status",
                f"declaration {declaration.number} is {declaration.status.value}",
            )
        codes = tuple(sorted({item.tariff_code for item in declaration.items}))
        return _Subject(
            declaration.trader_id,
            declaration.broker_id,
            declaration.office_code,
            codes,
            declaration,
        )
    errors = Collector()
    if data.office_code is None:
        errors.add("office_code", "required", "name the office, or the declaration")
    if not data.tariff_codes:
        errors.add("tariff_codes", "required", "name the goods' tariff lines, or the declaration")
    if not data.shipment.strip():
        errors.add("shipment", "required", "describe the shipment (train, vehicle, waybill)")
    trader_id, broker_id = enterprise_id, None
    if actor.role is Role.BROKER_USER:
        broker_id = enterprise_id
        if data.trader_id is None:
            errors.add("trader_id", "required", "a broker names its principal")
        else:
            trader_id = data.trader_id
    elif data.trader_id not in (None, enterprise_id):
        errors.add("trader_id", "own_enterprise", "an enterprise asks only for itself")
    errors.raise_if_any()
    assert data.office_code is not None
    return _Subject(trader_id, broker_id, data.office_code, tuple(data.tariff_codes), None)


def request(
    uow: UnitOfWork, data: AppointmentInput, actor: Actor, clock: Clock, settings: Settings
) -> ClearanceAppointment:
    """Ask for customs work outside office hours; every broken rule is named, nothing written."""
    session = uow.session
    subject = _subject(session, data, actor)
    calendar = calendar_for(session, subject.office_code)
    now = clock.now()
    today = calendar.local_date(now)
    if subject.broker_id is not None and subject.declaration is None:
        mandate = broker_mandate(session, subject.broker_id, subject.trader_id, "import", today)
        mandate = mandate or broker_mandate(
            session, subject.broker_id, subject.trader_id, "export", today
        )
        if mandate is None:
            raise RuleViolation.single(
                "trader_id",
                "broker_authorisation",
                f"enterprise {subject.trader_id} has not authorised this broker",
            )
    enterprise = session.get(Enterprise, subject.trader_id)
    if enterprise is None:
        raise RuleViolation.single("trader_id", "unknown_enterprise", "no such enterprise")
    level = enterprise.credit_level_on(today)
    lead = lead_hours_for(level, settings.appointment_lead_hours)
    errors = Collector()
    check_appointment_time(errors, calendar, data.starts_at, data.ends_at, now, lead)
    try:
        ensure_eligible(
            session,
            settings,
            subject.trader_id,
            Facility.APPOINTMENT_CLEARANCE,
            today,
            tariff_codes=subject.tariff_codes,
            office_code=subject.office_code,
            field="declaration" if subject.declaration is not None else "trader_id",
        )
    except RuleViolation as refused:
        errors.errors.extend(refused.errors)
    errors.raise_if_any()
    _ensure_no_overlap(session, subject, data)
    appointment = ClearanceAppointment(
        office_code=subject.office_code,
        enterprise_id=subject.trader_id,
        broker_id=subject.broker_id,
        declaration_id=subject.declaration.id if subject.declaration else None,
        shipment=data.shipment,
        tariff_codes=",".join(subject.tariff_codes),
        goods_category=data.goods_category,
        starts_at=data.starts_at.astimezone(UTC),
        ends_at=data.ends_at.astimezone(UTC),
        credit_level=level.value,
        lead_hours=Decimal(str(lead)).quantize(Decimal("0.01")),
        note=data.note,
        requested_by=actor.username,
        requested_at=now,
        updated_at=now,
    )
    session.add(appointment)
    uow.flush()
    record(
        session,
        actor,
        now,
        "inspection.appointment_requested",
        "clearance_appointment",
        appointment.id,
        {"starts_at": data.starts_at.isoformat(), "lead_hours": lead, "level": level.value},
    )
    uow.commit()
    return appointment


def _ensure_no_overlap(session: Session, subject: _Subject, data: AppointmentInput) -> None:
    clash = select(a.id).where(
        a.enterprise_id == subject.trader_id,
        a.status.in_([s.value for s in AppointmentStatus if s.is_open]),
        a.starts_at < data.ends_at,
        a.ends_at > data.starts_at,
    )
    if subject.declaration is not None:
        clash = clash.where(a.declaration_id == subject.declaration.id)
    else:
        clash = clash.where(a.shipment == data.shipment)
    found = session.scalar(clash)
    if found is not None:
        raise Conflict(
            f"appointment {found} already covers this time for the same goods",
            rule="appointment.duplicate",
            appointment_id=found,
        )


def visibility(actor: Actor) -> ColumnElement[bool] | None:
    """District-wide customs see every appointment, an office-bound officer its office's; a
    trader its own; a broker those it asked for."""
    if actor.is_customs:
        return office_clause(actor, a.office_code)
    if actor.enterprise_id is None:
        return false()
    if actor.role is Role.BROKER_USER:
        return a.broker_id == actor.enterprise_id
    return a.enterprise_id == actor.enterprise_id


def get_visible(session: Session, actor: Actor, appointment_id: int) -> ClearanceAppointment:
    stmt = select(ClearanceAppointment).where(a.id == appointment_id)
    if (clause := visibility(actor)) is not None:
        stmt = stmt.where(clause)
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("appointment", appointment_id)
    return found


def list_visible(
    session: Session,
    actor: Actor,
    status: str | None = None,
    office_code: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[ClearanceAppointment]:
    stmt = select(ClearanceAppointment)
    if (clause := visibility(actor)) is not None:
        stmt = stmt.where(clause)
    if status is not None:
        stmt = stmt.where(a.status == status)
    if office_code is not None:
        stmt = stmt.where(a.office_code == office_code)
    return list(session.scalars(stmt.order_by(a.starts_at, a.id).limit(limit).offset(offset)))


def act(
    uow: UnitOfWork,
    appointment_id: int,
    command: AppointmentCommand,
    data: DecisionInput,
    actor: Actor,
    clock: Clock,
) -> ClearanceAppointment:
    """Officers confirm or decline; the enterprise (or customs) cancels."""
    session = uow.session
    appointment = get_visible(session, actor, appointment_id)
    if command is AppointmentCommand.CANCEL:
        if actor.is_customs:
            policy.ensure_inspection_officer(actor, "cancel appointments")
    else:
        policy.ensure_inspection_officer(actor, f"{command.value} appointments")
    if data.expected_version is not None and data.expected_version != appointment.version:
        raise Conflict(
            f"appointment {appointment.id} is at version {appointment.version}, not "
            f"{data.expected_version}: it changed meanwhile",
            current_version=appointment.version,
        )
    now = clock.now()
    if command is AppointmentCommand.CONFIRM and appointment.starts_at <= now:
        raise RuleViolation.single(
            "appointment", "appointment.started", "the appointment's time has already begun"
        )
    appointment.apply(command, actor.username, now, data.reason)
    if command is AppointmentCommand.CONFIRM and appointment.declaration_id is not None:
        _mark_declaration(session, appointment.declaration_id)
    record(
        session,
        actor,
        now,
        f"inspection.appointment_{command.value}",
        "clearance_appointment",
        appointment.id,
        {"reason": data.reason},
    )
    uow.flush()
    if actor.is_customs:
        tell_enterprise(
            session.connection(),
            (appointment.enterprise_id, appointment.broker_id),
            f"inspection.appointment_{appointment.status.value}",
            f"clearance_appointment:{appointment.id}",
            appointment.version,
            now,
            f"Appointment {appointment.id} ({appointment.starts_at.isoformat()}) "
            f"{appointment.status.value}",
            data.reason,
            f"/api/v1/inspection/appointments/{appointment.id}",
            {"appointment_id": appointment.id, "status": appointment.status.value},
        )
    uow.commit()
    return appointment


def _mark_declaration(session: Session, declaration_id: int) -> None:
    """A confirmed appointment makes the declaration an appointment clearance, so release-time
    statistics count it under that facilitation mode."""
    declaration = session.get(Declaration, declaration_id)
    if declaration is not None:
        declaration.clear_by(FacilitationMode.APPOINTMENT)
