"""Inspection records, one transaction each: an officer begins a document check or a physical
inspection, then ends it with a result, findings and the evidence's metadata.

The record and the declaration's lifecycle move together: beginning gives
``begin_document_check`` (E5) or ``begin_inspection`` (E6), ending gives the command of
:func:`.rules.record_outcome` (``assess_duty`` — E6_END after an inspection —, ``suspend`` or
``request_amendment``), all through ``declarations.services.act`` in the record's transaction;
if the lifecycle refuses the move, the record is not written either. Only inspection officers
record; an enterprise reads the records of its own declarations.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.audit.services import record as audit
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Declaration
from clearway.declarations.queries import get_visible as visible_declaration
from clearway.declarations.status import Command
from clearway.identity.model import Actor
from clearway.inspection import policy
from clearway.inspection.commands import AttachmentInput, RecordResultInput, RecordStartInput
from clearway.inspection.notices import tell_enterprise
from clearway.inspection.queries import declaration_scope, open_order_of
from clearway.inspection.results import Attachment, InspectionRecord, RecordKind, Result
from clearway.inspection.rules import record_outcome
from clearway.inspection.status import RECORD_TRANSITIONS, RecordCommand, RecordStatus
from clearway.inspection.tables import inspection_records
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.controls import ControlConcluded, ControlSource
from clearway.shared.errors import Collector, Conflict, NotFound

r = inspection_records.c
BEGIN = {
    RecordKind.DOCUMENT_CHECK: Command.BEGIN_DOCUMENT_CHECK,
    RecordKind.PHYSICAL_INSPECTION: Command.BEGIN_INSPECTION,
}


def start(uow: UnitOfWork, data: RecordStartInput, actor: Actor, clock: Clock) -> InspectionRecord:
    """Begin a check: the record opens and the declaration enters the check's stage."""
    policy.ensure_records(actor)
    session = uow.session
    declaration = visible_declaration(session, actor, data.declaration)
    already = session.scalar(
        select(r.id).where(
            r.declaration_id == declaration.id,
            r.kind == data.kind.value,
            r.status == RecordStatus.OPEN.value,
        )
    )
    if already is not None:
        raise Conflict(
            f"{data.kind.value.replace('_', ' ')} of {declaration.number} is already under "
            f"way (record {already})",
            rule="inspection_record.open",
            record_id=already,
        )
    order = open_order_of(session, declaration.id)
    now = clock.now()
    found = InspectionRecord(
        declaration.id,
        data.kind,
        order.id if order and data.kind is RecordKind.PHYSICAL_INSPECTION else None,
        actor.user_id,
        actor.username,
        now,
    )
    session.add(found)
    uow.flush()
    audit(
        session,
        actor,
        now,
        "inspection.record_started",
        "inspection_record",
        found.id,
        {"declaration": declaration.number, "kind": data.kind.value},
    )
    if declaration.status is data.kind.stage:  # begun through the lifecycle already
        uow.commit()
        return found
    reason = f"inspection record {found.id}: {data.kind.value.replace('_', ' ')} begun"
    declarations.act(
        uow, declaration.id, BEGIN[data.kind], ActionInput(reason=reason), actor, clock
    )
    return found


def _attachments(
    errors: Collector, given: list[AttachmentInput], kept: list[Attachment], path: str
) -> None:
    seen = {a.sha256 for a in kept}
    for n, item in enumerate(given):
        if item.sha256 in seen:
            errors.add(f"{path}.{n}.sha256", "attachment.duplicate", "this file is already kept")
        seen.add(item.sha256)


def _add(found: InspectionRecord, given: list[AttachmentInput], actor: Actor, clock: Clock) -> None:
    now = clock.now()
    found.attachments.extend(
        Attachment(a.file_name, a.media_type, a.size_bytes, a.sha256, now, actor.username)
        for a in given
    )


def complete(
    uow: UnitOfWork, record_id: int, data: RecordResultInput, actor: Actor, clock: Clock
) -> InspectionRecord:
    """End a check with its result; the declaration moves on, is suspended or sent back."""
    policy.ensure_records(actor)
    session = uow.session
    found = get_visible(session, actor, record_id)
    # A closed record is refused before its result is checked (409 before 422).
    RECORD_TRANSITIONS.move(found.status, RecordCommand.CLOSE, f"inspection record {found.id}")
    errors = Collector()
    if data.result is Result.NONCONFORM and not data.findings.strip():
        errors.add(
            "findings", "inspection_record.findings", "a nonconform result says what was found"
        )
    _attachments(errors, data.attachments, found.attachments, "attachments")
    errors.raise_if_any()
    declaration = session.get(Declaration, found.declaration_id)
    assert declaration is not None
    now = clock.now()
    found.close(data.result, data.findings, now)
    _add(found, data.attachments, actor, clock)
    uow.flush()
    nonconform = data.result is Result.NONCONFORM
    uow.record(
        ControlConcluded(
            declaration.id,
            ControlSource(found.kind.value),
            found.id,
            nonconform,
            "discrepancy" if nonconform else "",
            now,
        )
    )
    audit(
        session,
        actor,
        now,
        "inspection.record_completed",
        "inspection_record",
        found.id,
        {"result": data.result.value, "attachments": len(data.attachments)},
    )
    tell_enterprise(
        session.connection(),
        (declaration.trader_id, declaration.broker_id),
        "inspection.record_completed",
        f"inspection_record:{found.id}",
        2,
        now,
        f"{declaration.number}: {found.kind.value.replace('_', ' ')} {data.result.value}",
        data.findings,
        f"/api/v1/inspection/records/{found.id}",
        {"record_id": found.id, "declaration": declaration.number, "result": data.result.value},
    )
    outcome = record_outcome(
        found.kind, data.result, declaration.status, declaration.lane, data.findings.strip()
    )
    if outcome is None:
        uow.commit()
        return found
    command, reason = outcome
    declarations.act(uow, declaration.id, command, ActionInput(reason=reason), actor, clock)
    return found


def add_attachments(
    uow: UnitOfWork, record_id: int, given: list[AttachmentInput], actor: Actor, clock: Clock
) -> InspectionRecord:
    """Keep more evidence on a record (a lab photo, a weighbridge ticket arriving later)."""
    policy.ensure_records(actor)
    found = get_visible(uow.session, actor, record_id)
    errors = Collector()
    if not given:
        errors.add("attachments", "required", "send at least one attachment")
    _attachments(errors, given, found.attachments, "attachments")
    errors.raise_if_any()
    _add(found, given, actor, clock)
    audit(
        uow.session,
        actor,
        clock.now(),
        "inspection.attachments_added",
        "inspection_record",
        found.id,
        {"files": [a.file_name for a in given]},
    )
    uow.commit()
    return found


def records_of(session: Session, declaration_id: int, limit: int = 50) -> list[InspectionRecord]:
    """The records of a declaration its caller has already loaded and authorised, newest first
    (a page that shows them beside the declaration loads it once)."""
    stmt = select(InspectionRecord).where(r.declaration_id == declaration_id)
    return list(session.scalars(stmt.order_by(r.id.desc()).limit(limit)))


def get_visible(session: Session, actor: Actor, record_id: int) -> InspectionRecord:
    """A record; one on a declaration the actor may not see answers 404."""
    found = session.scalars(
        select(InspectionRecord).where(
            r.id == record_id, declaration_scope(actor, r.declaration_id)
        )
    ).first()
    if found is None:
        raise NotFound("inspection record", record_id)
    return found


def list_visible(
    session: Session,
    actor: Actor,
    declaration: str | None = None,
    kind: RecordKind | None = None,
    result: Result | None = None,
    open_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[InspectionRecord]:
    """Records the actor may see, newest first."""
    stmt = select(InspectionRecord).where(declaration_scope(actor, r.declaration_id))
    if declaration is not None:
        stmt = stmt.where(r.declaration_id == visible_declaration(session, actor, declaration).id)
    if kind is not None:
        stmt = stmt.where(r.kind == kind.value)
    if result is not None:
        stmt = stmt.where(r.result == result.value)
    if open_only:
        stmt = stmt.where(r.status == RecordStatus.OPEN.value)
    return list(session.scalars(stmt.order_by(r.id.desc()).limit(limit).offset(offset)))
