"""Response shapes of the lithium-battery dangerous-goods checks."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from clearway.dangerous_goods.certificates import required_certificates
from clearway.dangerous_goods.model import Consignment
from clearway.dangerous_goods.outcome import Assessment


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class FindingPublic(_Out):
    check: str = Field(description="un_number, sp188, documents, state_of_charge or damaged.")
    rule: str = Field(description="Rule code, e.g. dg.sp188_packaging.")
    path: str = Field(description="Field path, e.g. items.0.dangerous_goods.watt_hours.")
    message: str
    severity: str = Field(description="hard (refuses the submission) or soft (routes it).")
    lane: str | None = Field(None, description="Lane a soft finding routes to at least.")


class CheckResultPublic(_Out):
    """What submitting the declaration would meet; nothing was lodged."""

    outcome: str = Field(description="not_applicable, passed, routed or refused.")
    shipping_date: date
    transport_mode: str
    lines_checked: int = Field(description="Items with lithium batteries.")
    checks_run: list[str]
    lane_floor: str | None
    required_certificates: list[str]
    findings: list[FindingPublic]

    @classmethod
    def of(cls, consignment: Consignment, assessment: Assessment) -> CheckResultPublic:
        floor = assessment.lane_floor
        return cls(
            outcome=assessment.outcome.value,
            shipping_date=consignment.shipping_date,
            transport_mode=consignment.transport_mode.value,
            lines_checked=assessment.lines_checked,
            checks_run=[c.value for c in assessment.checks_run],
            lane_floor=floor.value if floor else None,
            required_certificates=[
                c.value for c in required_certificates(consignment) if assessment.lines_checked
            ],
            findings=[FindingPublic.model_validate(f.as_dict()) for f in assessment.findings],
        )


class StoredCheckPublic(_Out):
    """The checks run when the declaration was submitted, with the configuration in force."""

    number: str
    checked_at: datetime
    submitted_by: str
    shipping_date: date
    transport_mode: str
    lines_checked: int
    outcome: str
    lane_floor: str | None
    severities: dict[str, str]
    findings: list[FindingPublic]
