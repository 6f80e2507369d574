"""Response shapes of the post-clearance audit queue."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class AuditPublic(BaseModel):
    """One task of the queue, with the declaration number and what can be done next."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    declaration_number: str
    office_code: str
    status: str
    reason: str
    opened_at: datetime
    assignee: str | None
    finding: str | None
    kind: str | None
    revenue_raised: Decimal | None
    closed_at: datetime | None
    version: int
    allowed_commands: list[str] = []


class AuditPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[AuditPublic]
