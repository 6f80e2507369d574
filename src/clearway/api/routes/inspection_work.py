"""Inspection work under ``/inspection``: appointment clearance outside office hours, tailored
inspection plans and inspection records (document checks and physical inspections).

An appointment inside the lead time, inside office hours or for ineligible goods is a 422
naming each broken rule; only inspection officers record checks, and an enterprise reads the
records of its own declarations.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep, settled
from clearway.api.schemas_inspection import (
    AppointmentPublic,
    PlanPublic,
    RecordPublic,
    SlotPublic,
    present_appointment,
    present_plan,
)
from clearway.inspection import appointments, plans, records
from clearway.inspection.commands import (
    AppointmentInput,
    AttachmentsInput,
    DecisionInput,
    PlanInput,
    RecordResultInput,
    RecordStartInput,
)
from clearway.inspection.queries import plan_window_count
from clearway.inspection.results import RecordKind, Result
from clearway.inspection.status import AppointmentCommand, AppointmentStatus
from clearway.shared.bounds import Id, Limit, Offset

router = APIRouter()


@router.post("/appointments", status_code=status.HTTP_201_CREATED, response_model=AppointmentPublic)
def request_appointment(
    body: AppointmentInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> AppointmentPublic:
    """Ask for customs work outside office hours (24 h ahead; 8 h if advanced certified)."""
    done = appointments.request(uow, body, actor, platform.clock, platform.settings)
    return settled(uow, present_appointment(done))


@router.get("/appointments", response_model=list[AppointmentPublic])
def list_appointments(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    status_: Annotated[AppointmentStatus | None, Query(alias="status")] = None,
    office: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[AppointmentPublic]:
    limit = min(limit, platform.settings.page_size_max)
    rows = appointments.list_visible(
        session, actor, status_.value if status_ else None, office, limit, offset
    )
    return [present_appointment(a) for a in rows]


@router.get("/appointments/{appointment_id}", response_model=AppointmentPublic)
def read_appointment(appointment_id: Id, actor: ActorDep, session: SessionDep) -> AppointmentPublic:
    found = appointments.get_visible(session, actor, appointment_id)
    return present_appointment(found)


@router.post("/appointments/{appointment_id}/actions/{command}", response_model=AppointmentPublic)
def decide_appointment(
    appointment_id: Id,
    command: AppointmentCommand,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: DecisionInput | None = None,
) -> AppointmentPublic:
    """confirm or decline (officers), cancel (the enterprise or customs)."""
    done = appointments.act(
        uow, appointment_id, command, body or DecisionInput(), actor, platform.clock
    )
    return settled(uow, present_appointment(done))


@router.post("/plans", status_code=status.HTTP_201_CREATED, response_model=PlanPublic)
def file_plan(body: PlanInput, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> PlanPublic:
    """File a tailored inspection plan; its standing windows open at once."""
    plan = plans.file_plan(uow, body, actor, platform.clock)
    return settled(uow, present_plan(plan, plan_window_count(uow.session, plan)))


@router.get("/plans", response_model=list[PlanPublic])
def list_plans(
    actor: ActorDep, session: SessionDep, enterprise: Id | None = None
) -> list[PlanPublic]:
    found = plans.list_visible(session, actor, enterprise)
    return [present_plan(p, plan_window_count(session, p)) for p in found]


@router.get("/plans/{plan_id}", response_model=PlanPublic)
def read_plan(plan_id: Id, actor: ActorDep, session: SessionDep) -> PlanPublic:
    plan = plans.get_visible(session, actor, plan_id)
    return present_plan(plan, plan_window_count(session, plan))


@router.get("/plans/{plan_id}/windows", response_model=list[SlotPublic])
def planplan_window_count(plan_id: Id, actor: ActorDep, session: SessionDep) -> list[SlotPublic]:
    """The plan's standing inspection windows, earliest first."""
    found = plans.windows(session, actor, plan_id)
    return [SlotPublic.model_validate(s) for s in found]


@router.post("/plans/{plan_id}/withdraw", response_model=PlanPublic)
def withdraw_plan(plan_id: Id, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> PlanPublic:
    plan = plans.withdraw(uow, plan_id, actor, platform.clock)
    return settled(uow, present_plan(plan, plan_window_count(uow.session, plan)))


@router.post("/records", status_code=status.HTTP_201_CREATED, response_model=RecordPublic)
def start_record(
    body: RecordStartInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> RecordPublic:
    """Begin a document check (E5) or a physical inspection (E6) of a declaration."""
    found = records.start(uow, body, actor, platform.clock)
    return settled(uow, RecordPublic.model_validate(found))


@router.get("/records", response_model=list[RecordPublic])
def list_records(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    declaration: str | None = None,
    kind: RecordKind | None = None,
    result: Result | None = None,
    open_: Annotated[bool, Query(alias="open")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[RecordPublic]:
    limit = min(limit, platform.settings.page_size_max)
    found = records.list_visible(session, actor, declaration, kind, result, open_, limit, offset)
    return [RecordPublic.model_validate(r) for r in found]


@router.get("/records/{record_id}", response_model=RecordPublic)
def read_record(record_id: Id, actor: ActorDep, session: SessionDep) -> RecordPublic:
    return RecordPublic.model_validate(records.get_visible(session, actor, record_id))


@router.post("/records/{record_id}/complete", response_model=RecordPublic)
def complete_record(
    record_id: Id, body: RecordResultInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> RecordPublic:
    """End a check with its result: conform moves the declaration on (E6_END after an
    inspection); nonconform suspends it (inspection) or requests an amendment (documents)."""
    found = records.complete(uow, record_id, body, actor, platform.clock)
    return settled(uow, RecordPublic.model_validate(found))


@router.post("/records/{record_id}/attachments", response_model=RecordPublic)
def add_attachments(
    record_id: Id, body: AttachmentsInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> RecordPublic:
    """Keep more evidence (metadata only: name, media type, size, SHA-256)."""
    found = records.add_attachments(uow, record_id, body.attachments, actor, platform.clock)
    return settled(uow, RecordPublic.model_validate(found))
