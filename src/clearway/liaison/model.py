"""Liaison assignments and enterprise requests, with each request's timeline.

A request changes only through :meth:`LiaisonRequest.apply`, which consults the status table
and appends a line to the request's timeline, so the history of every request is complete.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from clearway.identity.model import Actor
from clearway.liaison.status import REQUEST_TRANSITIONS, RequestCommand, RequestStatus
from clearway.shared.errors import Conflict, RuleViolation


class Duty(StrEnum):
    """What an officer is to an enterprise."""

    LIAISON_OFFICER = "liaison_officer"  # the first contact for everyday requests
    COORDINATOR = "coordinator"  # the AEO coordinator of an advanced certified enterprise


class RequestCategory(StrEnum):
    QUESTION = "question"
    URGENT_CLEARANCE = "urgent_clearance"
    COMPLAINT = "complaint"


class LiaisonAssignment:
    """An officer assigned to an enterprise for a duty, from a time until ended."""

    id: int
    enterprise_id: int
    officer_id: int
    duty: Duty
    assigned_at: datetime
    assigned_by: str
    reason: str
    ended_at: datetime | None
    end_reason: str

    def __init__(
        self,
        enterprise_id: int,
        officer_id: int,
        duty: Duty,
        assigned_at: datetime,
        assigned_by: str,
        reason: str,
    ) -> None:
        self.enterprise_id = enterprise_id
        self.officer_id = officer_id
        self.duty = duty
        self.assigned_at = assigned_at
        self.assigned_by = assigned_by
        self.reason = reason
        self.ended_at = None
        self.end_reason = ""

    @property
    def active(self) -> bool:
        return self.ended_at is None

    def end(self, at: datetime, reason: str) -> None:
        if self.ended_at is not None:
            raise Conflict(f"assignment {self.id} already ended on {self.ended_at.isoformat()}")
        self.ended_at = at
        self.end_reason = reason


class RequestEntry:
    """One line of a request's timeline: who said or did what, when, and the move it made."""

    id: int
    request_id: int
    seq: int
    at: datetime
    author: str
    author_role: str
    command: str
    from_status: str
    to_status: str
    body: str

    def __init__(
        self,
        seq: int,
        at: datetime,
        actor: Actor,
        command: RequestCommand,
        from_status: str,
        to_status: RequestStatus,
        body: str,
    ) -> None:
        self.seq = seq
        self.at = at
        self.author = actor.username
        self.author_role = actor.role.value
        self.command = command.value
        self.from_status = from_status
        self.to_status = to_status.value
        self.body = body


# Commands whose line must carry text: an answer, a follow-up, the reason for escalating.
TEXT_REQUIRED = frozenset(
    {RequestCommand.ANSWER, RequestCommand.FOLLOW_UP, RequestCommand.ESCALATE}
)


class LiaisonRequest:
    """A question, urgent clearance request or complaint an enterprise puts to customs."""

    id: int
    enterprise_id: int
    category: RequestCategory
    subject: str
    status: RequestStatus
    assignee_id: int | None
    declaration_id: int | None
    opened_by: str
    opened_at: datetime
    due_at: datetime
    escalation_level: int
    escalated_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    updated_at: datetime
    version: int
    entries: list[RequestEntry]

    def __init__(
        self,
        enterprise_id: int,
        category: RequestCategory,
        subject: str,
        body: str,
        declaration_id: int | None,
        actor: Actor,
        at: datetime,
        due_at: datetime,
    ) -> None:
        self.enterprise_id = enterprise_id
        self.category = category
        self.subject = subject
        self.status = REQUEST_TRANSITIONS.initial
        self.assignee_id = None
        self.declaration_id = declaration_id
        self.opened_by = actor.username
        self.opened_at = at
        self.due_at = due_at
        self.escalation_level = 0
        self.escalated_at = None
        self.answered_at = None
        self.closed_at = None
        self.updated_at = at
        self.entries = [RequestEntry(1, at, actor, RequestCommand.OPEN, "", self.status, body)]

    def overdue(self, now: datetime) -> bool:
        return self.status.awaits_customs and self.due_at < now

    def apply(
        self,
        command: RequestCommand,
        actor: Actor,
        at: datetime,
        body: str = "",
        assignee_id: int | None = None,
        due_at: datetime | None = None,
    ) -> RequestEntry:
        """Make a legal move, apply its effects, and record it on the timeline."""
        target = REQUEST_TRANSITIONS.move(self.status, command)
        if command in TEXT_REQUIRED and not body.strip():
            raise RuleViolation.single("body", "required", f"{command.value} needs a text")
        if command is RequestCommand.ASSIGN:
            if assignee_id is None:
                raise RuleViolation.single("assignee_id", "required", "name the officer")
            self.assignee_id = assignee_id
        elif command is RequestCommand.ANSWER:
            self.answered_at = at
            if self.assignee_id is None:
                self.assignee_id = actor.user_id
        elif command is RequestCommand.ESCALATE:
            self.escalation_level += 1
            self.escalated_at = at
        elif command is RequestCommand.CLOSE:
            self.closed_at = at
        if due_at is not None:
            self.due_at = due_at
        before = self.status
        self.status = REQUEST_TRANSITIONS.land(before, target)
        entry = RequestEntry(
            len(self.entries) + 1, at, actor, command, before.value, self.status, body
        )
        self.entries.append(entry)
        self.updated_at = at
        return entry
