"""Iron ore: classification, on-site inspection and first release, lab results, disposal."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlalchemy.orm import Session

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas_ore import (
    ClassificationPublic,
    DisposalCasePage,
    DisposalCasePublic,
    LabOutcomePublic,
    LimitsPublic,
    OnsiteInspectionPublic,
    OnsiteResultPublic,
    OnsiteWaiverPublic,
    OnsiteWaiverResultPublic,
    OreRecordPublic,
    SamplePublic,
    case_out,
    lab_out,
    limits_out,
    onsite_out,
    record_out,
    sample_out,
    state,
)
from clearway.declarations.queries import get_visible
from clearway.identity.model import Actor
from clearway.ore import cases, first_release, queries, results, services, waivers
from clearway.ore.classify import classify_on_demand
from clearway.ore.commands import (
    DisposalOutcomeInput,
    LabResultInput,
    OnsiteInput,
    ReleaseInput,
    WaiverInput,
)
from clearway.ore.disposal import DisposalStatus
from clearway.ore.model import DisposalCase
from clearway.ore.terms import terms_of
from clearway.shared.bounds import Id, Limit, Offset
from clearway.shared.errors import NotFound

router = APIRouter(prefix="/ore", tags=["ore"])


@router.get("/limits", response_model=LimitsPublic)
def limits(platform: PlatformDep, _actor: ActorDep) -> LimitsPublic:
    """The district's on-site and lab limits and the disposal deadline in force."""
    return limits_out(terms_of(platform.settings))


@router.get("/declarations/{ref}", response_model=OreRecordPublic)
def read(ref: str, actor: ActorDep, session: SessionDep, platform: PlatformDep) -> OreRecordPublic:
    """A declaration's ore record: category and why, inspections, samples and results, cases."""
    found = queries.visible_record(session, actor, ref)
    return record_out(found, platform.clock.now())


@router.post("/declarations/{ref}/classify", response_model=ClassificationPublic)
def classify(ref: str, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> ClassificationPublic:
    """(Re)classify an ore declaration now; the screening's instructions follow."""
    row = classify_on_demand(uow, ref, actor, platform.clock, platform.settings)
    return ClassificationPublic.model_validate(row)


@router.post(
    "/declarations/{ref}/onsite-inspections",
    status_code=status.HTTP_201_CREATED,
    response_model=OnsiteResultPublic,
)
def record_onsite(
    ref: str, body: OnsiteInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> OnsiteResultPublic:
    """Record the on-site inspection: detained, waiting, or released first (see release_note)."""
    done = services.record_onsite(uow, ref, body, actor, platform.clock, platform.settings)
    return onsite_out(done, queries.record_of(uow.session, done.declaration).samples)


@router.post(
    "/declarations/{ref}/onsite-waiver",
    status_code=status.HTTP_201_CREATED,
    response_model=OnsiteWaiverResultPublic,
)
def waive_onsite(
    ref: str, body: WaiverInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> OnsiteWaiverResultPublic:
    """Waive the train-side on-site inspection of a direct-pickup declaration, with a reason.

    When the train has arrived, the declaration is judged for direct pickup at once; the
    waiver's ``release_note`` says what followed.
    """
    waiver = waivers.waive_onsite(uow, ref, body, actor, platform.clock, platform.settings)
    declaration = queries.visible_ore_declaration(uow.session, actor, ref)
    return OnsiteWaiverResultPublic(
        declaration=state(declaration), waiver=OnsiteWaiverPublic.model_validate(waiver)
    )


@router.post("/declarations/{ref}/first-release", response_model=OnsiteInspectionPublic)
def release_on_site_result(
    ref: str,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: ReleaseInput | None = None,
) -> OnsiteInspectionPublic:
    """Release on the conforming on-site result once duty and VAT are covered."""
    inspection = first_release.release_first(
        uow, ref, body or ReleaseInput(), actor, platform.clock, platform.settings
    )
    return OnsiteInspectionPublic.model_validate(inspection)


@router.post("/lab-results", status_code=status.HTTP_201_CREATED, response_model=LabOutcomePublic)
def record_lab_result(
    body: LabResultInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> LabOutcomePublic:
    """A lab result for a sample taken on site; 422 ``ore.unknown_sample`` for any other."""
    done = results.record_result(uow, body, actor, platform.clock, platform.settings)
    return lab_out(done, body.sample_id, platform.clock.now())


@router.get("/samples/{sample_id}", response_model=SamplePublic)
def read_sample(sample_id: str, actor: ActorDep, session: SessionDep) -> SamplePublic:
    sample = queries.sample_by_code(session, sample_id)
    if sample is None:
        raise NotFound("ore sample", sample_id)
    try:
        found = queries.visible_record(session, actor, sample.declaration_id)
    except NotFound:
        raise NotFound("ore sample", sample_id) from None
    return sample_out(sample, found.results.get(sample.id))


@router.get("/disposal-cases", response_model=DisposalCasePage)
def list_cases(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    status_: Annotated[DisposalStatus | None, Query(alias="status")] = None,
    overdue: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DisposalCasePage:
    """Disposal cases the caller may see, soonest deadline first."""
    limit = min(limit, platform.settings.page_size_max)
    now = platform.clock.now() if overdue else None
    total, rows = queries.list_cases(session, actor, status_, now, limit, offset)
    return DisposalCasePage(
        total=total,
        limit=limit,
        offset=offset,
        items=[case_out(c, _number(session, actor, c), platform.clock.now()) for c in rows],
    )


def _number(session: Session, actor: Actor, case: DisposalCase) -> str:
    return get_visible(session, actor, case.declaration_id).number


@router.get("/disposal-cases/{case_id}", response_model=DisposalCasePublic)
def read_case(
    case_id: Id, actor: ActorDep, session: SessionDep, platform: PlatformDep
) -> DisposalCasePublic:
    case = queries.get_case(session, actor, case_id)
    return case_out(case, _number(session, actor, case), platform.clock.now())


@router.post("/disposal-cases/{case_id}/outcome", response_model=DisposalCasePublic)
def record_outcome(
    case_id: Id,
    body: DisposalOutcomeInput,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
) -> DisposalCasePublic:
    """The goods were returned, destroyed or rectified: the officer closes the case."""
    case = cases.record_outcome(uow, case_id, body, actor, platform.clock)
    return case_out(case, _number(uow.session, actor, case), platform.clock.now())
