"""The ore records kept per declaration: classification, on-site inspections, samples, lab
results and disposal cases. Plain classes, mapped onto their tables in persistence."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from clearway.identity.model import Actor
from clearway.ore.classification import Classification, OreCategory
from clearway.ore.disposal import DisposalMeasure, DisposalStatus, is_overdue
from clearway.ore.onsite import OnsiteOutcome

# The statuses live with their tables; SampleStatus is re-exported where the mapping finds it.
from clearway.ore.status import DISPOSAL_TRANSITIONS, SAMPLE_TRANSITIONS, DisposalCommand
from clearway.ore.status import SampleStatus as SampleStatus


class ReleaseDecision(StrEnum):
    """What the on-site result meant for release."""

    RELEASED = "released"  # first release: released on the on-site result, lab to follow
    AWAITING_DUTY = "awaiting_duty"  # may be released first, once duty and VAT are covered
    AWAITING_LAB = "awaiting_lab"  # conforming, but not a (permitted) first release
    DETAINED = "detained"


class OreClassification:
    """The category an ore declaration was put in, when, by what trigger and why."""

    id: int
    declaration_id: int
    category: OreCategory
    reasons: list[str]
    instructions: list[str]
    sampling_rate: Decimal
    sampling_required: bool
    credit_level: str
    supplier: str
    supplier_nonconformities: int
    trigger: str  # "screening" (at submission) or "on_demand"
    classified_at: datetime
    classified_by: str

    def __init__(
        self,
        declaration_id: int,
        result: Classification,
        sampling_rate: float,
        credit_level: str,
        supplier: str,
        supplier_nonconformities: int,
        trigger: str,
        at: datetime,
        by: str,
    ) -> None:
        self.declaration_id = declaration_id
        self.category = result.category
        self.reasons = list(result.reasons)
        self.instructions = list(result.instructions)
        self.sampling_rate = Decimal(str(sampling_rate))
        self.sampling_required = result.sampling_required
        self.credit_level = credit_level
        self.supplier = supplier
        self.supplier_nonconformities = supplier_nonconformities
        self.trigger = trigger
        self.classified_at = at
        self.classified_by = by


class OnsiteInspection:
    """One on-site inspection of an ore declaration: readings, findings and what followed."""

    id: int
    declaration_id: int
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
    outcome: OnsiteOutcome
    findings: list[dict[str, str]]
    release_decision: ReleaseDecision
    release_note: str
    note: str
    recorded_at: datetime

    def __init__(self, **fields: Any) -> None:
        for name, value in fields.items():
            setattr(self, name, value)


class OnsiteWaiver:
    """An officer's waiver of the train-side on-site inspection, with the reason given.

    On-site inspection of every iron-ore lot is the rule; a waiver is the recorded exception an
    officer answers for, so it names who, when and why, and what it meant for release.
    """

    id: int
    declaration_id: int
    reason: str
    waived_by: str
    waived_at: datetime
    release_note: str

    def __init__(self, declaration_id: int, reason: str, waived_by: str, at: datetime) -> None:
        self.declaration_id = declaration_id
        self.reason = reason
        self.waived_by = waived_by
        self.waived_at = at
        self.release_note = ""


class OreSample:
    """A sample taken on site and sent to a lab; its id is the code written on the bag."""

    id: int
    sample_code: str
    declaration_id: int
    inspection_id: int
    line_no: int
    lab: str
    taken_at: datetime
    taken_by: str
    status: SampleStatus

    def __init__(self, **fields: Any) -> None:
        self.status = SAMPLE_TRANSITIONS.initial
        for name, value in fields.items():
            setattr(self, name, value)


class LabResult:
    """The lab's analysis of one sample, checked against the limits, with the deviations."""

    id: int
    sample_id: int
    declaration_id: int
    lab: str
    reported_at: datetime
    recorded_at: datetime
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

    def __init__(self, **fields: Any) -> None:
        for name, value in fields.items():
            setattr(self, name, value)


class DisposalCase:
    """Return, destruction or rectification of released ore that failed in the lab."""

    id: int
    declaration_id: int
    enterprise_id: int
    lab_result_id: int
    status: DisposalStatus
    reasons: list[str]
    suggested_measure: DisposalMeasure
    measure: DisposalMeasure | None
    opened_at: datetime
    due_at: datetime
    overdue_flagged_at: datetime | None
    outcome: str
    closed_at: datetime | None
    closed_by: str | None
    updated_at: datetime
    version: int

    def __init__(self, **fields: Any) -> None:
        self.status = DISPOSAL_TRANSITIONS.initial
        self.measure = None
        self.overdue_flagged_at = None
        self.outcome = ""
        self.closed_at = None
        self.closed_by = None
        for name, value in fields.items():
            setattr(self, name, value)

    def overdue(self, now: datetime) -> bool:
        return is_overdue(self.status, self.due_at, now)

    def flag_overdue(self, at: datetime) -> None:
        """Mark the follow-up: the deadline passed with the case still open."""
        self.overdue_flagged_at = at
        self.updated_at = at

    def close(self, measure: DisposalMeasure, outcome: str, actor: Actor, at: datetime) -> None:
        """The officer records what was done with the goods; the case is closed."""
        self.status = DISPOSAL_TRANSITIONS.move(
            self.status, DisposalCommand.CLOSE, subject=f"disposal case {self.id}"
        )
        self.measure = measure
        self.outcome = outcome
        self.closed_at = at
        self.closed_by = actor.username
        self.updated_at = at
