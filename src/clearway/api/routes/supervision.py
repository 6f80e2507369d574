"""Supervision facilities: eligibility, two-step and centralized declaration, breaches."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from sqlalchemy.orm import Session

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas_supervision import (
    BreachPublic,
    ConsolidationPublic,
    EligibilityPublic,
    FilingPublic,
    ListPublic,
    TwoStepPublic,
)
from clearway.bootstrap import Platform
from clearway.declarations.model import Declaration
from clearway.declarations.queries import get_visible
from clearway.shared.bounds import BusinessDate, Id, Limit, Offset
from clearway.shared.errors import NotFound, RuleViolation
from clearway.supervision import breaches, centralized, consolidation, queries, two_step, views
from clearway.supervision.commands import (
    AssessInput,
    CompleteInput,
    ConsolidateInput,
    FilingInput,
    LiftInput,
    ListInput,
    PickupInput,
    SummaryInput,
)
from clearway.supervision.eligibility import Facility
from clearway.supervision.model import TwoStepStatus
from clearway.supervision.rules import local_day

router = APIRouter(tags=["supervision"])


@router.get("/eligibility", response_model=EligibilityPublic)
def eligibility(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    enterprise_id: Id | None = None,
    facility: Facility | None = None,
    on: BusinessDate | None = None,
    tariff_code: Annotated[list[str] | None, Query(max_length=50)] = None,
    office_code: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
) -> queries.EligibilityView:
    """May the enterprise use the facility (every facility when none is named), and why not."""
    day = on or local_day(platform.clock.now(), platform.settings.supervision_timezone)
    return queries.eligibility_for(
        session,
        platform.settings,
        actor,
        enterprise_id,
        [facility] if facility else list(Facility),
        day,
        tariff_codes=tariff_code or (),
        office_code=office_code,
    )


def _summary(session: Session, platform: Platform, declaration: Declaration) -> dict[str, Any]:
    summary = two_step.summary_of(session, declaration)
    if summary is None:
        raise NotFound("two-step summary", declaration.number)
    return views.two_step_view(
        session, summary, declaration, platform.settings, platform.clock.now()
    )


@router.post(
    "/two-step/summaries", status_code=status.HTTP_201_CREATED, response_model=TwoStepPublic
)
def lodge_summary(
    body: SummaryInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> dict[str, Any]:
    """Lodge a two-step summary (imports); taxable goods reserve their tax on a guarantee."""
    declaration, _ = two_step.lodge_summary(
        uow, body, actor, platform.clock, platform.settings, platform.submission
    )
    return _summary(uow.session, platform, declaration)


@router.get("/two-step/summaries", response_model=list[TwoStepPublic])
def list_summaries(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    status_: Annotated[TwoStepStatus | None, Query(alias="status")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Summaries the caller may see, newest first."""
    limit = min(limit, platform.settings.page_size_max)
    rows = queries.summaries(session, actor, status_.value if status_ else None, limit, offset)
    now = platform.clock.now()
    return [views.two_step_view(session, s, d, platform.settings, now) for s, d in rows]


@router.get("/two-step/summaries/{number}", response_model=TwoStepPublic)
def read_summary(
    number: str, actor: ActorDep, session: SessionDep, platform: PlatformDep
) -> dict[str, Any]:
    return _summary(session, platform, get_visible(session, actor, number))


@router.post("/two-step/summaries/{number}/pickup", response_model=TwoStepPublic)
def pickup(
    number: str,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: PickupInput | None = None,
) -> dict[str, Any]:
    """Release the goods once the summary is accepted and any inspection is over."""
    declaration = two_step.pickup(
        uow, number, body or PickupInput(), actor, platform.clock, platform.settings
    )
    return _summary(uow.session, platform, declaration)


@router.post("/two-step/completes", response_model=TwoStepPublic)
def complete(
    body: CompleteInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> dict[str, Any]:
    """The complete declaration under the summary's number: settles the tax and closes."""
    declaration, _ = two_step.complete(uow, body, actor, platform.clock, platform.settings)
    return _summary(uow.session, platform, declaration)


@router.post(
    "/centralized/filings", status_code=status.HTTP_201_CREATED, response_model=FilingPublic
)
def file_for_centralized(
    body: FilingInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> dict[str, Any]:
    """File for centralized declaration with a guarantee running the configured months."""
    filing = centralized.file(uow, body, actor, platform.clock, platform.settings)
    return views.filing_view(uow.session, filing, platform.settings, platform.clock.now())


@router.get("/centralized/filings", response_model=list[FilingPublic])
def list_filings(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    limit = min(limit, platform.settings.page_size_max)
    now = platform.clock.now()
    return [
        views.filing_view(session, f, platform.settings, now)
        for f in queries.filings(session, actor, limit, offset)
    ]


@router.get("/centralized/filings/{number}", response_model=FilingPublic)
def read_filing(
    number: str, actor: ActorDep, session: SessionDep, platform: PlatformDep
) -> dict[str, Any]:
    """A filing with its periods, their deadlines and its lists."""
    try:
        filing = queries.visible_filing(session, actor, number)
    except RuleViolation:
        raise NotFound("centralized filing", number) from None
    return views.filing_view(
        session, filing, platform.settings, platform.clock.now(), with_lists=True
    )


@router.post("/centralized/lists", status_code=status.HTTP_201_CREATED, response_model=ListPublic)
def lodge_list(
    body: ListInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> dict[str, Any]:
    """One shipment's list; its duty and VAT are fixed at today's rates and reserved."""
    listed = centralized.lodge_list(uow, body, actor, platform.clock, platform.settings)
    return views.list_view(uow.session, listed)


def _consolidation(session: Session, declaration: Declaration) -> ConsolidationPublic:
    return ConsolidationPublic(
        declaration=declaration.number,
        status=declaration.status.value,
        lane=declaration.lane.value if declaration.lane else None,
        duty_amount=declaration.duty_amount,
        lists=[x.number for x in queries.lists_of_declaration(session, declaration.id)],
    )


@router.post(
    "/centralized/consolidations",
    status_code=status.HTTP_201_CREATED,
    response_model=ConsolidationPublic,
)
def consolidate(
    body: ConsolidateInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> ConsolidationPublic:
    """Consolidate a month's lists into one customs declaration (facilitation centralized)."""
    declaration = consolidation.consolidate(
        uow, body, actor, platform.clock, platform.settings, platform.submission
    )
    return _consolidation(uow.session, declaration)


@router.post("/centralized/consolidations/{number}/assess", response_model=ConsolidationPublic)
def assess_consolidation(
    number: str,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: AssessInput | None = None,
) -> ConsolidationPublic:
    """Officers assess a checked consolidation at its lists' acceptance-day rates."""
    declaration = consolidation.assess(uow, number, body or AssessInput(), actor, platform.clock)
    return _consolidation(uow.session, declaration)


@router.get("/supervision/breaches", response_model=list[BreachPublic])
def list_breaches(
    actor: ActorDep,
    session: SessionDep,
    enterprise_id: Id | None = None,
    facility: Facility | None = None,
    include_lifted: bool = True,
) -> list[breaches.Breach]:
    """Missed obligations the caller may see, newest first."""
    return breaches.breaches_of(session, actor, enterprise_id, facility, include_lifted)


@router.post("/supervision/breaches/{breach_id}/lift", response_model=BreachPublic)
def lift_breach(
    breach_id: Id, body: LiftInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> breaches.Breach:
    """An officer lifts a breach (a justified delay); it stops counting for eligibility."""
    lifted = breaches.lift(uow.session, breach_id, body.reason, actor, platform.clock.now())
    uow.commit()
    return lifted
