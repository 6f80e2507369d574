"""Information interaction with customs brokers: import plans, trains, expected arrivals."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas_liaison import BoardRowPublic, ImportPlanPublic, TrainPublic
from clearway.brokerage import queries, services
from clearway.brokerage.commands import (
    CancelInput,
    ImportPlanInput,
    LinkInput,
    TrainEventInput,
    TrainInput,
)
from clearway.brokerage.model import ImportPlan, TrainConsist
from clearway.brokerage.screening import screen_for
from clearway.brokerage.status import ImportPlanStatus, TrainCommand, TrainStatus
from clearway.identity.model import Actor
from clearway.shared.bounds import Id, Limit

router = APIRouter(prefix="/brokerage", tags=["brokerage"])
RISK_FIELDS = ("risk_level", "risk_score", "risk_reasons", "screened_by", "screened_at")


def present_plan(plan: ImportPlan, actor: Actor) -> ImportPlanPublic:
    """A plan; the pre-arrival risk research is shown to customs only."""
    public = ImportPlanPublic.model_validate(plan)
    if not actor.is_customs:
        for name in RISK_FIELDS:
            setattr(public, name, None)
    return public


def present_train(train: TrainConsist) -> TrainPublic:
    return TrainPublic.model_validate(train)


@router.post("/import-plans", status_code=status.HTTP_201_CREATED, response_model=ImportPlanPublic)
def submit_plan(
    body: ImportPlanInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> ImportPlanPublic:
    """A broker announces a principal's import; refused unless the principal mandated it."""
    plan = services.submit_plan(uow, body, actor, platform.clock, screen_for(platform))
    return present_plan(plan, actor)


@router.get("/import-plans", response_model=list[ImportPlanPublic])
def list_plans(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    status_: Annotated[ImportPlanStatus | None, Query(alias="status")] = None,
    principal: Id | None = None,
    limit: Limit = 50,
) -> list[ImportPlanPublic]:
    limit = min(limit, platform.settings.page_size_max)
    rows = queries.list_plans(session, actor, status_.value if status_ else None, principal, limit)
    return [present_plan(p, actor) for p in rows]


@router.get("/import-plans/{plan_id}", response_model=ImportPlanPublic)
def read_plan(plan_id: Id, actor: ActorDep, session: SessionDep) -> ImportPlanPublic:
    return present_plan(queries.get_plan(session, actor, plan_id), actor)


@router.post("/import-plans/{plan_id}/cancel", response_model=ImportPlanPublic)
def cancel_plan(
    plan_id: Id, body: CancelInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> ImportPlanPublic:
    plan = services.cancel_plan(uow, plan_id, body.reason, actor, platform.clock)
    return present_plan(plan, actor)


@router.post("/import-plans/{plan_id}/screen", response_model=ImportPlanPublic)
def rescreen(plan_id: Id, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> ImportPlanPublic:
    """Run the pre-arrival risk research again (risk officers)."""
    plan = services.rescreen(uow, plan_id, actor, platform.clock, screen_for(platform))
    return present_plan(plan, actor)


@router.post("/import-plans/{plan_id}/declaration", response_model=ImportPlanPublic)
def link_plan(
    plan_id: Id, body: LinkInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> ImportPlanPublic:
    """Tie the plan to the declaration lodged for its goods."""
    plan = services.link_declaration(uow, "plan", plan_id, body, actor, platform.clock)
    assert isinstance(plan, ImportPlan)
    return present_plan(plan, actor)


@router.post("/trains", status_code=status.HTTP_201_CREATED, response_model=TrainPublic)
def record_train(
    body: TrainInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> TrainPublic:
    """A train left the origin station: wagons with numbers and weights, ETA at the border."""
    return present_train(
        services.record_train(uow, body, actor, platform.clock, screen_for(platform))
    )


@router.get("/trains", response_model=list[TrainPublic])
def list_trains(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    status_: Annotated[TrainStatus | None, Query(alias="status")] = None,
    limit: Limit = 50,
) -> list[TrainPublic]:
    limit = min(limit, platform.settings.page_size_max)
    rows = queries.list_trains(session, actor, status_.value if status_ else None, limit)
    return [present_train(t) for t in rows]


@router.get("/trains/{train_id}", response_model=TrainPublic)
def read_train(train_id: Id, actor: ActorDep, session: SessionDep) -> TrainPublic:
    return present_train(queries.get_train(session, actor, train_id))


@router.post("/trains/{train_id}/actions/{command}", response_model=TrainPublic)
def train_event(
    train_id: Id,
    command: TrainCommand,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: TrainEventInput | None = None,
) -> TrainPublic:
    """revise_eta, record_arrival or record_transshipment."""
    train = services.train_event(
        uow, train_id, command, body or TrainEventInput(), actor, platform.clock
    )
    return present_train(train)


@router.post("/trains/{train_id}/declaration", response_model=TrainPublic)
def link_train(
    train_id: Id, body: LinkInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> TrainPublic:
    train = services.link_declaration(uow, "train", train_id, body, actor, platform.clock)
    assert isinstance(train, TrainConsist)
    return present_train(train)


@router.get("/arrivals", response_model=list[BoardRowPublic])
def arrivals(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    office: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    day: Annotated[date | None, Query(alias="from", description="First day (UTC)")] = None,
    days: Annotated[int, Query(ge=1, le=31)] = 3,
) -> list[BoardRowPublic]:
    """The expected-arrivals board for inspection planning: trains and plans, soonest first."""
    start, end = queries.day_window(day or platform.clock.now().date(), days)
    rows = queries.arrivals_board(session, actor, office, start, end)
    board = [BoardRowPublic.model_validate(r) for r in rows]
    if not actor.is_customs:
        for row in board:
            row.risk_level = None
    return board
