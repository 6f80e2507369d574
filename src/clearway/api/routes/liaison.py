"""Customs–enterprise liaison: officers per enterprise, requests with deadlines and escalation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas_liaison import (
    AssignmentPublic,
    CoordinatorSyncPublic,
    HistoryPublic,
    RequestEntryPublic,
    RequestPage,
    RequestPublic,
    RequestSummary,
)
from clearway.liaison import queries, services
from clearway.liaison.commands import AssignmentInput, RequestActionInput, RequestInput
from clearway.liaison.model import LiaisonAssignment, LiaisonRequest
from clearway.liaison.policy import ensure_assigns_officers
from clearway.liaison.status import REQUEST_TRANSITIONS, RequestCommand, RequestStatus
from clearway.shared.bounds import Id, Limit, Offset
from clearway.shared.clock import Clock

router = APIRouter(prefix="/liaison", tags=["liaison"])


def present(request: LiaisonRequest, clock: Clock) -> RequestPublic:
    """A request with its timeline, whether it is overdue and what can be done next."""
    return RequestPublic(
        **RequestSummary.model_validate(request).model_dump(),
        overdue=request.overdue(clock.now()),
        allowed_commands=[c.value for c in REQUEST_TRANSITIONS.allowed(request.status)],
        entries=[RequestEntryPublic.model_validate(e) for e in request.entries],
    )


@router.get("/assignments", response_model=list[AssignmentPublic])
def assignments(
    actor: ActorDep,
    session: SessionDep,
    enterprise: Id | None = None,
    active: bool = True,
) -> list[LiaisonAssignment]:
    """Who looks after which enterprise (an enterprise sees its own officers)."""
    return queries.assignments(session, actor, enterprise, active)


@router.post("/assignments", status_code=status.HTTP_201_CREATED, response_model=AssignmentPublic)
def assign(
    body: AssignmentInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> LiaisonAssignment:
    """Name an enterprise's liaison officer or coordinator; the previous holder is relieved."""
    return services.assign_officer(uow, body, actor, platform.clock)


@router.post("/assignments/{assignment_id}/end", response_model=AssignmentPublic)
def end_assignment(
    assignment_id: Id,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    reason: Annotated[str, Query(max_length=500)] = "",
) -> LiaisonAssignment:
    return services.end_assignment(uow, assignment_id, reason, actor, platform.clock)


@router.post("/coordinators/sync", response_model=CoordinatorSyncPublic)
def sync_coordinators(actor: ActorDep, uow: UowDep, platform: PlatformDep) -> CoordinatorSyncPublic:
    """Give every advanced certified enterprise a coordinator; end those no longer entitled."""
    ensure_assigns_officers(actor)
    done = services.sync_coordinators(uow, actor, platform.clock)
    return CoordinatorSyncPublic(assigned=done.assigned, ended=done.ended, unstaffed=done.unstaffed)


@router.post("/requests", status_code=status.HTTP_201_CREATED, response_model=RequestPublic)
def open_request(
    body: RequestInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> RequestPublic:
    """An enterprise asks customs; the deadline follows the category."""
    terms = services.terms_of(platform.settings)
    return present(services.open_request(uow, body, actor, platform.clock, terms), platform.clock)


@router.get("/requests", response_model=RequestPage)
def list_requests(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    status_: Annotated[RequestStatus | None, Query(alias="status")] = None,
    enterprise: Id | None = None,
    assignee: Id | None = None,
    overdue: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> RequestPage:
    """Requests the caller may see, soonest deadline first."""
    limit = min(limit, platform.settings.page_size_max)
    f = queries.RequestFilter(
        status=status_.value if status_ else None,
        enterprise_id=enterprise,
        assignee_id=assignee,
        overdue_at=platform.clock.now() if overdue else None,
    )
    total, rows = queries.list_visible(session, actor, f, limit, offset)
    return RequestPage(
        total=total,
        limit=limit,
        offset=offset,
        items=[RequestSummary.model_validate(r) for r in rows],
    )


@router.get("/requests/{request_id}", response_model=RequestPublic)
def read_request(
    request_id: Id, actor: ActorDep, session: SessionDep, platform: PlatformDep
) -> RequestPublic:
    return present(queries.get_visible(session, actor, request_id), platform.clock)


@router.post("/requests/{request_id}/actions/{command}", response_model=RequestPublic)
def act(
    request_id: Id,
    command: RequestCommand,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: RequestActionInput | None = None,
) -> RequestPublic:
    """assign, answer, follow_up, escalate or close; 409 when the status does not allow it."""
    terms = services.terms_of(platform.settings)
    request = services.act(
        uow, request_id, command, body or RequestActionInput(), actor, platform.clock, terms
    )
    return present(request, platform.clock)


@router.get("/enterprises/{enterprise_id}/history", response_model=HistoryPublic)
def history(enterprise_id: Id, actor: ActorDep, session: SessionDep) -> HistoryPublic:
    """Every officer an enterprise has had and every request it made."""
    found = queries.history(session, actor, enterprise_id)
    return HistoryPublic(
        enterprise_id=found.enterprise_id,
        assignments=[AssignmentPublic.model_validate(a) for a in found.assignments],
        requests=[RequestSummary.model_validate(r) for r in found.requests],
    )
