"""Arrivals of trains and vehicles at the site; direct pickup / direct loading on arrival."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import AwareDatetime

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas_ore import ArrivalPublic, arrival_out
from clearway.arrivals import queries, services
from clearway.arrivals.commands import ArrivalInput
from clearway.shared.bounds import Id, Limit

router = APIRouter(prefix="/arrivals", tags=["arrivals"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ArrivalPublic)
def record(
    body: ArrivalInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> ArrivalPublic:
    """Record an arrival (E1); direct-pickup declarations that qualify are released (E8).

    Each declaration carried is listed with its outcome — ``released``, ``not_released`` or
    ``arrival_recorded`` — and every reason.
    """
    arrival = services.record_arrival(uow, body, actor, platform.clock, platform.settings)
    return arrival_out(arrival, list(arrival.declarations))


@router.get("", response_model=list[ArrivalPublic])
def list_arrivals(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    office: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    since: AwareDatetime | None = None,
    limit: Limit = 50,
) -> list[ArrivalPublic]:
    limit = min(limit, platform.settings.page_size_max)
    found = queries.list_arrivals(session, actor, office, since, limit)
    return [arrival_out(v.arrival, v.lines) for v in found]


@router.get("/{arrival_id}", response_model=ArrivalPublic)
def read(arrival_id: Id, actor: ActorDep, session: SessionDep) -> ArrivalPublic:
    view = queries.get_arrival(session, actor, arrival_id)
    return arrival_out(view.arrival, view.lines)
