"""The post-clearance audit task: one per blue-lane declaration released, closed with a finding.

Status changes only through :meth:`AuditTask.apply`, which consults the status table; closing
checks the finding's rules and records :class:`PostClearanceAuditClosed`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from clearway.identity.model import Actor
from clearway.postclearance.events import PostClearanceAuditClosed
from clearway.postclearance.rules import Finding, FindingKind, check_finding
from clearway.postclearance.status import AUDIT_TRANSITIONS, AuditCommand, AuditStatus
from clearway.shared.errors import PermissionDenied
from clearway.shared.events import EventSource


class AuditTask(EventSource):
    """A released declaration customs audit after the goods left (ASYCUDA's blue lane)."""

    id: int
    declaration_id: int
    office_code: str
    status: AuditStatus
    reason: str
    opened_at: datetime
    assignee: str | None
    taken_at: datetime | None
    finding: Finding | None
    kind: FindingKind | None
    revenue_raised: Decimal | None
    note: str
    closed_by: str | None
    closed_at: datetime | None
    version: int

    def __init__(self, declaration_id: int, office_code: str, reason: str, at: datetime) -> None:
        self.declaration_id = declaration_id
        self.office_code = office_code
        self.status = AUDIT_TRANSITIONS.initial
        self.reason = reason
        self.opened_at = at
        self.assignee = None
        self.taken_at = None
        self.finding = None
        self.kind = None
        self.revenue_raised = None
        self.note = ""
        self.closed_by = None
        self.closed_at = None

    def take(self, actor: Actor, at: datetime) -> None:
        """The officer takes the task from the queue (or from the colleague who held it)."""
        self.status = AUDIT_TRANSITIONS.move(self.status, AuditCommand.TAKE, f"audit {self.id}")
        self.assignee, self.taken_at = actor.username, at

    def close(
        self,
        actor: Actor,
        at: datetime,
        finding: Finding,
        kind: FindingKind | None,
        revenue_raised: Decimal | None,
        note: str,
    ) -> None:
        """Close with the finding; only the officer who holds the task closes it."""
        target = AUDIT_TRANSITIONS.move(self.status, AuditCommand.CLOSE, f"audit {self.id}")
        if self.assignee != actor.username:
            raise PermissionDenied(f"audit {self.id} is held by {self.assignee}; take it first")
        check_finding(finding, kind, revenue_raised)
        self.status = target
        self.finding, self.kind, self.note = finding, kind, note
        self.revenue_raised = revenue_raised if finding is Finding.NONCONFORM else None
        self.closed_by, self.closed_at = actor.username, at
        self.record_event(
            PostClearanceAuditClosed(
                self.id,
                self.declaration_id,
                self.office_code,
                finding.value,
                kind.value if kind else None,
                self.revenue_raised,
                actor.username,
                at,
            )
        )
