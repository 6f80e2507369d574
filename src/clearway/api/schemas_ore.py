"""Response shapes of ore supervision and arrivals, and how the records become them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from clearway.arrivals.model import ArrivalDeclaration, ArrivalRecord
from clearway.declarations.measures import mode_of, sorted_measures
from clearway.declarations.model import Declaration
from clearway.ore.model import DisposalCase, LabResult, OreSample
from clearway.ore.queries import OreRecord
from clearway.ore.results import LabOutcome
from clearway.ore.services import OnsiteResult
from clearway.ore.terms import OreTerms
from clearway.persistence.rows import attributes_of


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ClassificationPublic(_Out):
    category: str
    reasons: list[str]
    instructions: list[str]
    sampling_required: bool
    sampling_rate: Decimal
    credit_level: str
    supplier: str
    supplier_nonconformities: int
    trigger: str
    classified_at: datetime
    classified_by: str


class OnsiteInspectionPublic(_Out):
    id: int
    seq: int
    started_at: datetime
    ended_at: datetime
    officer: str
    location: str
    nuclide_bq_per_g: Decimal | None
    portal_usv_per_h: Decimal | None
    radiation_limit_bq_per_g: Decimal
    foreign_inclusions: bool
    solid_waste: bool
    document_mismatch: bool
    mismatch_note: str
    measured_weight_kg: Decimal
    declared_weight_kg: Decimal
    weight_deviation_pct: Decimal
    sampling_done: bool
    outcome: str
    findings: list[dict[str, str]]
    release_decision: str
    release_note: str
    note: str


class LabResultPublic(_Out):
    id: int
    lab: str
    reported_at: datetime
    recorded_by: str
    fe_pct: Decimal | None
    moisture_pct: Decimal | None
    sio2_pct: Decimal | None
    al2o3_pct: Decimal | None
    pb_pct: Decimal | None
    as_pct: Decimal | None
    f_pct: Decimal | None
    cd_pct: Decimal | None
    hg_pct: Decimal | None
    cl_pct: Decimal | None
    radioactivity_bq_per_g: Decimal | None
    conforming: bool
    failures: list[dict[str, str]]
    deviations: dict[str, Any]


class SamplePublic(_Out):
    sample_id: str
    line_no: int
    lab: str
    taken_at: datetime
    taken_by: str
    status: str
    result: LabResultPublic | None = None


class DisposalCasePublic(_Out):
    id: int
    declaration_id: int
    declaration_number: str
    enterprise_id: int
    status: str
    reasons: list[str]
    suggested_measure: str
    measure: str | None
    opened_at: datetime
    due_at: datetime
    overdue: bool
    overdue_flagged_at: datetime | None
    outcome: str
    closed_at: datetime | None
    closed_by: str | None
    version: int


class DisposalCasePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DisposalCasePublic]


class DeclarationState(BaseModel):
    number: str
    status: str
    lane: str | None
    facilitation_measures: list[str]
    facilitation_mode: str  # derived: the measures joined by "+", or standard
    arrived_at: datetime | None
    released_at: datetime | None
    version: int


class OnsiteWaiverPublic(_Out):
    reason: str
    waived_by: str
    waived_at: datetime
    release_note: str


class OnsiteWaiverResultPublic(BaseModel):
    declaration: DeclarationState
    waiver: OnsiteWaiverPublic


class OreRecordPublic(BaseModel):
    declaration: DeclarationState
    classification: ClassificationPublic | None
    classification_history: list[ClassificationPublic]
    inspections: list[OnsiteInspectionPublic]
    onsite_waiver: OnsiteWaiverPublic | None = None
    samples: list[SamplePublic]
    disposal_cases: list[DisposalCasePublic]


class OnsiteResultPublic(BaseModel):
    declaration: DeclarationState
    classification: ClassificationPublic
    inspection: OnsiteInspectionPublic
    samples: list[SamplePublic]


class LabOutcomePublic(BaseModel):
    declaration: DeclarationState
    sample_id: str
    result: LabResultPublic
    disposal_case: DisposalCasePublic | None
    detained: bool


class LimitsPublic(BaseModel):
    radiation_bq_per_g: Decimal
    portal_alarm_usv_per_h: Decimal
    weight_tolerance_pct: Decimal
    lab: dict[str, dict[str, Decimal | None]]
    disposal_days: int


class ArrivalLinePublic(_Out):
    declaration_id: int
    declaration_number: str
    outcome: str
    reasons: list[str]


class ArrivalPublic(BaseModel):
    id: int
    office_code: str
    transport_means: str
    train_id: int | None
    arrived_at: datetime
    recorded_at: datetime
    recorded_by: str
    declarations: list[ArrivalLinePublic]


# --- how the domain's records become these shapes (the API and the CLI both use them) ---------


def state(d: Declaration) -> DeclarationState:
    return DeclarationState(
        number=d.number,
        status=d.status.value,
        lane=d.lane.value if d.lane else None,
        facilitation_measures=[m.value for m in sorted_measures(d.facilitation_measures)],
        facilitation_mode=mode_of(d.facilitation_measures),
        arrived_at=d.arrived_at,
        released_at=d.released_at,
        version=d.version,
    )


def sample_out(sample: OreSample, result: LabResult | None) -> SamplePublic:
    return SamplePublic(
        sample_id=sample.sample_code,
        line_no=sample.line_no,
        lab=sample.lab,
        taken_at=sample.taken_at,
        taken_by=sample.taken_by,
        status=sample.status.value,
        result=LabResultPublic.model_validate(result) if result else None,
    )


def case_out(case: DisposalCase, number: str, now: datetime) -> DisposalCasePublic:
    derived = {"declaration_number": number, "overdue": case.overdue(now)}
    return DisposalCasePublic.model_validate(attributes_of(case) | derived)


def record_out(found: OreRecord, now: datetime) -> OreRecordPublic:
    number = found.declaration.number
    return OreRecordPublic(
        declaration=state(found.declaration),
        classification=ClassificationPublic.model_validate(found.classification)
        if found.classification
        else None,
        classification_history=[
            ClassificationPublic.model_validate(c) for c in found.classifications
        ],
        inspections=[OnsiteInspectionPublic.model_validate(i) for i in found.inspections],
        onsite_waiver=OnsiteWaiverPublic.model_validate(found.waiver) if found.waiver else None,
        samples=[sample_out(s, found.results.get(s.id)) for s in found.samples],
        disposal_cases=[case_out(c, number, now) for c in found.cases],
    )


def onsite_out(done: OnsiteResult, samples: list[OreSample]) -> OnsiteResultPublic:
    return OnsiteResultPublic(
        declaration=state(done.declaration),
        classification=ClassificationPublic.model_validate(done.classification),
        inspection=OnsiteInspectionPublic.model_validate(done.inspection),
        samples=[sample_out(s, None) for s in samples if s.inspection_id == done.inspection.id],
    )


def lab_out(done: LabOutcome, sample_id: str, now: datetime) -> LabOutcomePublic:
    return LabOutcomePublic(
        declaration=state(done.declaration),
        sample_id=sample_id,
        result=LabResultPublic.model_validate(done.result),
        disposal_case=case_out(done.case, done.declaration.number, now) if done.case else None,
        detained=done.detained,
    )


def limits_out(terms: OreTerms) -> LimitsPublic:
    return LimitsPublic(
        radiation_bq_per_g=terms.onsite.radiation_bq_per_g,
        portal_alarm_usv_per_h=terms.onsite.portal_alarm_usv_per_h,
        weight_tolerance_pct=terms.onsite.weight_tolerance_pct,
        lab={k: {"min": v.minimum, "max": v.maximum} for k, v in terms.lab_limits.items()},
        disposal_days=terms.disposal_days,
    )


def arrival_out(arrival: ArrivalRecord, lines: list[ArrivalDeclaration]) -> ArrivalPublic:
    return ArrivalPublic(
        id=arrival.id,
        office_code=arrival.office_code,
        transport_means=arrival.transport_means,
        train_id=arrival.train_id,
        arrived_at=arrival.arrived_at,
        recorded_at=arrival.recorded_at,
        recorded_by=arrival.recorded_by,
        declarations=[ArrivalLinePublic.model_validate(line) for line in lines],
    )
