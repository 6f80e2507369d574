"""Inputs of inspection use cases: shapes and types here, business rules in :mod:`.rules`.

Instants must carry their offset (``2026-11-21T22:00:00+08:00``): an appointment at "22:00"
means nothing until one knows where. Local wall-clock times (working hours, plan windows) are
read in the office's time zone.
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints

from clearway.inspection.model import GoodsCategory, SiteKind
from clearway.inspection.results import RecordKind, Result
from clearway.shared.bounds import Input, OfficeCode

Weekday = Annotated[int, Field(ge=1, le=7, description="ISO weekday: 1 Monday … 7 Sunday.")]
Reason = Annotated[str, StringConstraints(max_length=2000)]
DeclarationRef = Annotated[
    str,
    StringConstraints(min_length=1, max_length=24),
    Field(description="Number or id of the declaration."),
]
TariffCode = Annotated[str, StringConstraints(pattern=r"^\d{10}$")]


class WorkingPeriodInput(Input):
    weekday: Weekday
    opens: time
    closes: time


class CalendarInput(Input):
    """An office's working hours (they replace the previous ones) and, optionally, its zone."""

    timezone: Annotated[str, StringConstraints(min_length=1, max_length=50)] | None = None
    hours: list[WorkingPeriodInput] = Field(max_length=70)


class HolidayInput(Input):
    day: date
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class AppointmentInput(Input):
    """Customs work outside office hours for a declaration, or for a shipment not yet declared
    (then name the office, the goods' tariff lines and, for a broker, the principal)."""

    declaration: DeclarationRef | None = None
    trader_id: int | None = None
    office_code: OfficeCode | None = None
    shipment: Annotated[str, StringConstraints(max_length=200)] = ""
    tariff_codes: list[TariffCode] = Field(default_factory=list, max_length=40)
    goods_category: GoodsCategory
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    note: Reason = ""


class DecisionInput(Input):
    reason: Reason = ""
    expected_version: int | None = None


class SiteInput(Input):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{1,19}$")]
    office_code: OfficeCode
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    kind: SiteKind
    address: Annotated[str, StringConstraints(max_length=300)] = ""


class SlotInput(Input):
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    capacity: int = Field(ge=1, le=1000)


class SlotSeriesInput(Input):
    """Back-to-back slots on chosen weekdays between two local times, over a range of days."""

    date_from: date
    date_to: date
    weekdays: list[Weekday] = Field(default_factory=lambda: [1, 2, 3, 4, 5], min_length=1)
    first_start: time
    last_end: time
    minutes: int = Field(60, ge=5, le=24 * 60)
    capacity: int = Field(ge=1, le=1000)
    skip_holidays: bool = True


class BookingInput(Input):
    declaration: DeclarationRef
    slot_id: int


class RescheduleInput(Input):
    slot_id: int
    expected_version: int | None = None


class CancelInput(Input):
    reason: Reason = ""


class PlanInput(Input):
    """An enterprise's production and export rhythm: on these weekdays, in this window, this
    many lots are ready for inspection at this site."""

    enterprise_id: int | None = Field(None, description="Customs filing for an enterprise.")
    site: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    weekdays: list[Weekday] = Field(min_length=1, max_length=7)
    window_start: time
    window_end: time
    expected_lots: int = Field(ge=1, le=1000)
    valid_from: date
    valid_to: date
    description: Reason = ""


class RecordStartInput(Input):
    declaration: DeclarationRef
    kind: RecordKind


class AttachmentInput(Input):
    """Metadata of one file of evidence; the file itself is kept elsewhere."""

    file_name: Annotated[
        str, StringConstraints(min_length=1, max_length=255, pattern=r"^[^/\\\x00-\x1f]+$")
    ]
    media_type: Annotated[
        str, StringConstraints(max_length=100, pattern=r"^[\w.+-]+/[\w.+-]+$", to_lower=True)
    ]
    size_bytes: int = Field(gt=0, le=10**12)
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$", to_lower=True)]


class RecordResultInput(Input):
    result: Result
    findings: Annotated[str, StringConstraints(max_length=8000)] = ""
    attachments: list[AttachmentInput] = Field(default_factory=list, max_length=50)


class AttachmentsInput(Input):
    attachments: list[AttachmentInput] = Field(min_length=1, max_length=50)
