"""The one event every control domain records when a check of a declaration concludes.

A document check, a physical inspection (``inspection``), a lab result (``ore``) and a
post-clearance audit finding each end with conform or nonconform. The risk engine learns from
all of them alike, so they share one plain event here in the kernel instead of the risk domain
knowing each control's own events; a new kind of control only has to record it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from clearway.shared.events import DomainEvent


class ControlSource(StrEnum):
    DOCUMENT_CHECK = "document_check"
    PHYSICAL_INSPECTION = "physical_inspection"
    LAB_RESULT = "lab_result"
    POST_CLEARANCE_AUDIT = "post_clearance_audit"


@dataclass(frozen=True, eq=False)
class ControlConcluded(DomainEvent):
    """A control of one declaration ended: its result, the kind of finding, revenue raised."""

    declaration_id: int
    source: ControlSource
    source_id: int
    nonconform: bool
    finding_kind: str
    at: datetime
    revenue_raised: Decimal | None = None  # CNY; None when the control assesses none
