"""What happens to a post-clearance audit task, as domain events for other domains.

``PostClearanceAuditClosed`` carries the finding, so risk outcomes can learn from it later by
registering a handler in ``bootstrap.HANDLERS``; nothing here knows who listens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from clearway.shared.events import DomainEvent


@dataclass(frozen=True, eq=False)
class PostClearanceAuditClosed(DomainEvent):
    """An officer closed a declaration's post-clearance audit with a finding."""

    task_id: int
    declaration_id: int
    office_code: str
    finding: str
    kind: str | None
    revenue_raised: Decimal | None
    closed_by: str
    closed_at: datetime
