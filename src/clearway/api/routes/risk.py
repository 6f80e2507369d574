"""Risk rules, named lists, backtests, screening results and what risk officers watch.

Everything here is for customs; rule and list changes for risk officers and administrators.
Starting the API also screens any declaration left submitted without a screening result.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, status
from pydantic import StringConstraints
from starlette.concurrency import run_in_threadpool

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas_risk import (
    BacktestPublic,
    ImportSummaryPublic,
    LaneSharesPublic,
    LiftPublic,
    NamedListPublic,
    RulePublic,
    RuleStatPublic,
    ScreeningPublic,
    WeekScoresPublic,
)
from clearway.bootstrap import Platform
from clearway.declarations.submission import screen_pending
from clearway.risk import queries, services, transfer
from clearway.risk.backtest import backtest
from clearway.risk.commands import (
    BacktestInput,
    ListValuesInput,
    NamedListInput,
    RuleChange,
    RuleInput,
    RuleSetFile,
)
from clearway.risk.queries import Period
from clearway.risk.rules import RuleStatus
from clearway.shared.bounds import BusinessDate, Id, Input

log = logging.getLogger("clearway.risk")


def _drain(platform: Platform) -> None:
    with platform.uow() as uow:
        done = screen_pending(uow, platform.submission, platform.clock)
    if done:
        log.info("screened %d declarations left pending: %s", len(done), ", ".join(done))


@asynccontextmanager
async def _screen_pending_on_start(app: FastAPI) -> AsyncIterator[None]:
    try:
        await run_in_threadpool(_drain, app.state.platform)
    except Exception:  # start anyway; `clearway risk rules screen-pending` can retry
        log.exception("screening pending declarations at start-up failed")
    yield


router = APIRouter(prefix="/risk", tags=["risk"], lifespan=_screen_pending_on_start)


class RetireInput(Input):
    reason: Annotated[str, StringConstraints(max_length=2000)] = ""


def _period(platform: Platform, date_from: date | None, date_to: date | None) -> Period:
    end = date_to or platform.clock.now().date()
    return Period(date_from or end - timedelta(days=90), end)


@router.post("/rules", status_code=status.HTTP_201_CREATED, response_model=RulePublic)
def create_rule(body: RuleInput, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> RulePublic:
    """Create version 1 of a rule as a draft; 422 names the path of any broken criterion."""
    return RulePublic.of(services.create_rule(uow, body, actor, platform.clock))


@router.get("/rules", response_model=list[RulePublic])
def list_rules(
    actor: ActorDep,
    session: SessionDep,
    status_: Annotated[RuleStatus | None, Query(alias="status")] = None,
    code: str | None = None,
) -> list[RulePublic]:
    """Rule versions, by code then version."""
    return [RulePublic.of(r) for r in services.list_rules(session, actor, status_, code)]


@router.post("/rules/backtest", response_model=BacktestPublic)
def backtest_rule(body: BacktestInput, actor: ActorDep, session: SessionDep) -> BacktestPublic:
    """What a condition would have hit over a past period, and its hit rate on known outcomes."""
    return BacktestPublic.model_validate(backtest(session, actor, body))


@router.get("/rules/{rule_id}", response_model=RulePublic)
def read_rule(rule_id: Id, actor: ActorDep, session: SessionDep) -> RulePublic:
    return RulePublic.of(services.read_rule(session, actor, rule_id))


@router.put("/rules/{rule_id}", response_model=RulePublic)
def change_rule(
    rule_id: Id, body: RuleChange, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> RulePublic:
    """Write the next version of the rule as a draft; the active version keeps running."""
    return RulePublic.of(services.change_rule(uow, rule_id, body, actor, platform.clock))


@router.post("/rules/{rule_id}/activate", response_model=RulePublic)
def activate_rule(rule_id: Id, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> RulePublic:
    """Put a draft in force; the version it replaces is retired."""
    return RulePublic.of(services.activate_rule(uow, rule_id, actor, platform.clock))


@router.post("/rules/{rule_id}/retire", response_model=RulePublic)
def retire_rule(
    rule_id: Id,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: RetireInput | None = None,
) -> RulePublic:
    """Take a version out of force, or discard a draft."""
    reason = body.reason if body else ""
    return RulePublic.of(services.retire_rule(uow, rule_id, actor, platform.clock, reason))


@router.get("/ruleset")
def export_ruleset(actor: ActorDep, session: SessionDep, drafts: bool = False) -> dict[str, Any]:
    """The lists and active rules as a rule-set document (JSON)."""
    return transfer.export_ruleset(session, actor, drafts)


@router.post("/ruleset", response_model=ImportSummaryPublic)
def import_ruleset(
    body: RuleSetFile,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    activate: bool = False,
) -> ImportSummaryPublic:
    """Import a rule-set document; changed rules become drafts unless `activate` is set."""
    summary = transfer.import_ruleset(uow, body, actor, platform.clock, activate)
    return ImportSummaryPublic(**summary.as_dict())


@router.get("/lists", response_model=list[NamedListPublic])
def list_lists(actor: ActorDep, session: SessionDep) -> list[NamedListPublic]:
    return [NamedListPublic.of(n) for n in services.list_lists(session, actor)]


@router.post("/lists", status_code=status.HTTP_201_CREATED, response_model=NamedListPublic)
def create_list(
    body: NamedListInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> NamedListPublic:
    """A named list rules can refer to (enterprises, countries, tariff lines, bands, …)."""
    return NamedListPublic.of(services.create_list(uow, body, actor, platform.clock))


@router.get("/lists/{name}", response_model=NamedListPublic)
def read_list(name: str, actor: ActorDep, session: SessionDep) -> NamedListPublic:
    return NamedListPublic.of(services.get_list(session, actor, name))


@router.put("/lists/{name}", response_model=NamedListPublic)
def replace_list(
    name: str, body: ListValuesInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> NamedListPublic:
    """Replace a list's values; every rule naming it sees them at the next screening."""
    return NamedListPublic.of(services.replace_list(uow, name, body, actor, platform.clock))


@router.get("/declarations/{ref}/screening", response_model=ScreeningPublic)
def screening(ref: str, actor: ActorDep, session: SessionDep) -> ScreeningPublic:
    """Lane, score, reasons and instructions of a declaration's screening, with re-routes."""
    return ScreeningPublic.model_validate(queries.screening_of(session, actor, ref))


PeriodFrom = Annotated[
    BusinessDate | None, Query(description="First screening day (default: 90 days ago)")
]
PeriodTo = Annotated[BusinessDate | None, Query(description="Last screening day (default: today)")]


@router.get("/stats/rules", response_model=list[RuleStatPublic])
def rule_stats(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    date_from: PeriodFrom = None,
    date_to: PeriodTo = None,
) -> list[RuleStatPublic]:
    """Hits and hit rate per rule."""
    period = _period(platform, date_from, date_to)
    return [RuleStatPublic.model_validate(r) for r in queries.rule_stats(session, actor, period)]


@router.get("/stats/lanes", response_model=list[LaneSharesPublic])
def lane_stats(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    date_from: PeriodFrom = None,
    date_to: PeriodTo = None,
) -> list[LaneSharesPublic]:
    """Lane rates per office and credit level."""
    period = _period(platform, date_from, date_to)
    return [LaneSharesPublic.model_validate(r) for r in queries.lane_rates(session, actor, period)]


@router.get("/stats/lift", response_model=LiftPublic)
def lift_stats(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    date_from: PeriodFrom = None,
    date_to: PeriodTo = None,
) -> LiftPublic:
    """Hit rate of targeted selections against random picks."""
    period = _period(platform, date_from, date_to)
    return LiftPublic.model_validate(queries.lift(session, actor, period))


@router.get("/stats/drift", response_model=list[WeekScoresPublic])
def drift_stats(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    date_from: PeriodFrom = None,
    date_to: PeriodTo = None,
) -> list[WeekScoresPublic]:
    """Score distribution per ISO week."""
    period = _period(platform, date_from, date_to)
    return [WeekScoresPublic.model_validate(w) for w in queries.score_drift(session, actor, period)]
