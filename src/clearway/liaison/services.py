"""Liaison use cases, one transaction each: assign officers, keep coordinators in step with
credit levels, and carry enterprise requests from opening to closing.

Coordinators are kept in step by :func:`sync_coordinators`, a job rather than a hook on the
enterprise services: a credit level takes effect on a date that may lie in the future, so the
question "who is advanced certified today" has to be asked again every day, and the job asks it
for the whole register at once (the CLI, the demo loader and a scheduler call it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from clearway.audit.services import record
from clearway.config import Settings
from clearway.declarations.queries import get_visible as visible_declaration
from clearway.enterprises.model import Enterprise
from clearway.enterprises.services import get as get_enterprise
from clearway.enterprises.tables import enterprises
from clearway.identity.model import Actor, Role, User
from clearway.identity.tables import users
from clearway.liaison import policy
from clearway.liaison.commands import AssignmentInput, RequestActionInput, RequestInput
from clearway.liaison.model import Duty, LiaisonAssignment, LiaisonRequest
from clearway.liaison.notices import notify_assignment, notify_request
from clearway.liaison.queries import active_assignment, get_visible
from clearway.liaison.rules import due_at, least_loaded, needs_coordinator
from clearway.liaison.status import AWAITING_CUSTOMS, RequestCommand, RequestStatus
from clearway.liaison.tables import liaison_assignments, liaison_requests
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Conflict, NotFound, RuleViolation

DESK = Actor.system("liaison-desk")


@dataclass(frozen=True)
class LiaisonTerms:
    """The district's service levels: answer deadlines by category, escalation windows."""

    deadline_hours: Mapping[str, float]
    escalation_hours: float
    max_escalations: int


def terms_of(settings: Settings) -> LiaisonTerms:
    return LiaisonTerms(
        settings.liaison_deadline_hours,
        settings.liaison_escalation_hours,
        settings.liaison_max_escalations,
    )


def _officer(uow: UnitOfWork, user_id: int, path: str) -> User:
    officer = uow.session.get(User, user_id)
    if officer is None or not officer.active or officer.role is not Role.LIAISON_OFFICER:
        raise RuleViolation.single(
            path, "liaison_officer", f"user {user_id} is not a liaison officer"
        )
    return officer


def _assign(
    uow: UnitOfWork,
    enterprise_id: int,
    officer_id: int,
    duty: Duty,
    reason: str,
    actor: Actor,
    now: datetime,
) -> LiaisonAssignment:
    """End whoever held this duty, then record the new holder, audited and announced."""
    current = active_assignment(uow.session, enterprise_id, duty)
    if current is not None:
        if current.officer_id == officer_id:
            raise Conflict(
                f"user {officer_id} is already {duty.value} of enterprise {enterprise_id}"
            )
        current.end(now, f"replaced by user {officer_id}")
    assignment = LiaisonAssignment(enterprise_id, officer_id, duty, now, actor.username, reason)
    uow.session.add(assignment)
    uow.flush()
    record(
        uow.session,
        actor,
        now,
        "liaison.assigned",
        "enterprise",
        enterprise_id,
        {"officer_id": officer_id, "duty": duty.value, "reason": reason},
    )
    notify_assignment(uow.session.connection(), assignment)
    return assignment


def assign_officer(
    uow: UnitOfWork, data: AssignmentInput, actor: Actor, clock: Clock
) -> LiaisonAssignment:
    """An administrator names an enterprise's liaison officer or coordinator."""
    policy.ensure_assigns_officers(actor)
    get_enterprise(uow.session, data.enterprise_id)
    _officer(uow, data.officer_id, "officer_id")
    assignment = _assign(
        uow, data.enterprise_id, data.officer_id, data.duty, data.reason, actor, clock.now()
    )
    uow.commit()
    return assignment


def end_assignment(
    uow: UnitOfWork, assignment_id: int, reason: str, actor: Actor, clock: Clock
) -> LiaisonAssignment:
    policy.ensure_assigns_officers(actor)
    assignment = uow.session.get(LiaisonAssignment, assignment_id)
    if assignment is None:
        raise NotFound("liaison assignment", assignment_id)
    now = clock.now()
    assignment.end(now, reason or "ended")
    record(
        uow.session,
        actor,
        now,
        "liaison.assignment_ended",
        "enterprise",
        assignment.enterprise_id,
        {"assignment_id": assignment_id, "reason": reason},
    )
    uow.commit()
    return assignment


@dataclass
class CoordinatorSync:
    assigned: list[tuple[int, int]] = field(default_factory=list)  # (enterprise, officer)
    ended: list[int] = field(default_factory=list)  # enterprises no longer entitled
    unstaffed: list[int] = field(default_factory=list)  # entitled, but no officer to give


def sync_coordinators(uow: UnitOfWork, actor: Actor, clock: Clock) -> CoordinatorSync:
    """Give every advanced certified enterprise a coordinator; end those no longer entitled."""
    now = clock.now()
    today = now.date()
    a = liaison_assignments.c
    u = users.c
    pool = list(
        uow.session.scalars(
            select(u.id).where(u.role == Role.LIAISON_OFFICER.value, u.active.is_(True))
        )
    )
    loads: dict[int, int] = dict.fromkeys(pool, 0)
    for officer_id, count in uow.session.execute(
        select(a.officer_id, func.count()).where(a.ended_at.is_(None)).group_by(a.officer_id)
    ):
        if officer_id in loads:
            loads[officer_id] = int(count)
    result = CoordinatorSync()
    for enterprise in uow.session.scalars(select(Enterprise).order_by(enterprises.c.id)):
        level = enterprise.credit_level_on(today)
        current = active_assignment(uow.session, enterprise.id, Duty.COORDINATOR)
        if needs_coordinator(level) and current is None:
            officer_id = least_loaded(loads)
            if officer_id is None:
                result.unstaffed.append(enterprise.id)
                continue
            _assign(
                uow,
                enterprise.id,
                officer_id,
                Duty.COORDINATOR,
                "advanced certified enterprise: coordinator assigned automatically",
                actor,
                now,
            )
            loads[officer_id] += 1
            result.assigned.append((enterprise.id, officer_id))
        elif current is not None and not needs_coordinator(level):
            current.end(now, f"credit level is now {level.value}")
            record(
                uow.session,
                actor,
                now,
                "liaison.assignment_ended",
                "enterprise",
                enterprise.id,
                {"assignment_id": current.id, "reason": f"credit level {level.value}"},
            )
            result.ended.append(enterprise.id)
    uow.commit()
    return result


def open_request(
    uow: UnitOfWork, data: RequestInput, actor: Actor, clock: Clock, terms: LiaisonTerms
) -> LiaisonRequest:
    """An enterprise asks; the request goes to its liaison officer (else its coordinator)."""
    enterprise_id = policy.ensure_opens_requests(actor)
    declaration_id = None
    if data.declaration:
        try:
            declaration_id = visible_declaration(uow.session, actor, data.declaration).id
        except NotFound as exc:
            raise RuleViolation.single(
                "declaration", "unknown_declaration", f"no declaration {data.declaration} of yours"
            ) from exc
    now = clock.now()
    request = LiaisonRequest(
        enterprise_id=enterprise_id,
        category=data.category,
        subject=data.subject,
        body=data.body,
        declaration_id=declaration_id,
        actor=actor,
        at=now,
        due_at=due_at(data.category.value, now, terms.deadline_hours),
    )
    holder = active_assignment(uow.session, enterprise_id, Duty.LIAISON_OFFICER) or (
        active_assignment(uow.session, enterprise_id, Duty.COORDINATOR)
    )
    if holder is not None:
        request.apply(
            RequestCommand.ASSIGN,
            DESK,
            now,
            "routed to the enterprise's officer",
            assignee_id=holder.officer_id,
        )
    uow.session.add(request)
    uow.flush()
    record(
        uow.session,
        actor,
        now,
        "liaison.request_opened",
        "liaison_request",
        request.id,
        {
            "category": data.category.value,
            "subject": data.subject,
            "due_at": request.due_at.isoformat(),
        },
    )
    coordinator = _coordinator(uow, request)
    for entry in request.entries:  # opened, and routed when an officer holds the enterprise
        notify_request(uow.session.connection(), request, entry, coordinator)
    uow.commit()
    return request


def _coordinator(uow: UnitOfWork, request: LiaisonRequest) -> int | None:
    held = active_assignment(uow.session, request.enterprise_id, Duty.COORDINATOR)
    return held.officer_id if held else None


def act(
    uow: UnitOfWork,
    request_id: int,
    command: RequestCommand,
    data: RequestActionInput,
    actor: Actor,
    clock: Clock,
    terms: LiaisonTerms,
) -> LiaisonRequest:
    """Assign, answer, follow up, escalate or close; the status table and the role decide."""
    request = get_visible(uow.session, actor, request_id)
    policy.ensure_may(actor, command, request)
    if data.expected_version is not None and data.expected_version != request.version:
        raise Conflict(
            f"liaison request {request_id} is at version {request.version}, not "
            f"{data.expected_version}: it changed meanwhile",
            current_version=request.version,
        )
    now = clock.now()
    new_due = None
    if command is RequestCommand.ASSIGN and data.assignee_id is not None:
        _officer(uow, data.assignee_id, "assignee_id")
    if command is RequestCommand.FOLLOW_UP and request.status is RequestStatus.ANSWERED:
        new_due = due_at(request.category.value, now, terms.deadline_hours)
    elif command is RequestCommand.ESCALATE:
        new_due = now + timedelta(hours=terms.escalation_hours)
    entry = request.apply(command, actor, now, data.body, data.assignee_id, new_due)
    record(
        uow.session,
        actor,
        now,
        f"liaison.{command.value}",
        "liaison_request",
        request.id,
        {"from": entry.from_status, "to": entry.to_status, "assignee_id": request.assignee_id},
    )
    uow.flush()
    notify_request(uow.session.connection(), request, entry, _coordinator(uow, request))
    uow.commit()
    return request


def escalate_overdue(
    uow: UnitOfWork, clock: Clock, terms: LiaisonTerms, limit: int = 500
) -> list[int]:
    """The escalation job: every request past its deadline goes up one level, with a new window.

    Safe to run as often as a scheduler likes: an escalated request gets a fresh deadline, so it
    is escalated again only if that one passes too, and never beyond ``max_escalations``.
    """
    now = clock.now()
    r = liaison_requests.c
    overdue = list(
        uow.session.scalars(
            select(LiaisonRequest)
            .where(
                r.status.in_([s.value for s in AWAITING_CUSTOMS]),
                r.due_at < now,
                r.escalation_level < terms.max_escalations,
            )
            .order_by(r.due_at, r.id)
            .limit(limit)
        )
    )
    for request in overdue:
        late = request.due_at
        entry = request.apply(
            RequestCommand.ESCALATE,
            DESK,
            now,
            f"no answer by {late.isoformat()}: escalated to level {request.escalation_level + 1}",
            due_at=now + timedelta(hours=terms.escalation_hours),
        )
        record(
            uow.session,
            DESK,
            now,
            "liaison.escalate",
            "liaison_request",
            request.id,
            {"level": request.escalation_level, "was_due": late.isoformat()},
        )
        uow.flush()
        notify_request(uow.session.connection(), request, entry, _coordinator(uow, request))
    uow.commit()
    return [request.id for request in overdue]
