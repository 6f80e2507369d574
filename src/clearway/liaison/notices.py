"""What liaison tells whom: the enterprise hears what customs did, officers what enterprises did.

Events go through the notifications outbox in the caller's transaction, one stream per request
so a receiver sees a request's lines in order.
"""

from __future__ import annotations

from sqlalchemy import Connection

from clearway.identity.model import Role
from clearway.liaison.model import LiaisonAssignment, LiaisonRequest, RequestEntry
from clearway.liaison.status import RequestCommand
from clearway.notifications.outbox import OutboxEvent, publish

VERBS = {
    RequestCommand.OPEN: "opened",
    RequestCommand.ASSIGN: "assigned",
    RequestCommand.ANSWER: "answered",
    RequestCommand.FOLLOW_UP: "followed_up",
    RequestCommand.ESCALATE: "escalated",
    RequestCommand.CLOSE: "closed",
}


def notify_request(
    conn: Connection, request: LiaisonRequest, entry: RequestEntry, coordinator_id: int | None
) -> None:
    """Queue the notice of one timeline line of a request."""
    command = RequestCommand(entry.command)
    by_customs = Role(entry.author_role).is_customs
    officers: set[int] = set()
    if request.assignee_id is not None and (not by_customs or command is not RequestCommand.ANSWER):
        officers.add(request.assignee_id)
    if command is RequestCommand.ESCALATE and coordinator_id is not None:
        officers.add(coordinator_id)
    verb = VERBS[command]
    publish(
        conn,
        OutboxEvent(
            event_type=f"liaison.request_{verb}",
            stream_key=f"liaison_request:{request.id}",
            seq=entry.seq,
            occurred_at=entry.at,
            title=f"Liaison request {request.id} ({request.category.value}) "
            f"{verb.replace('_', ' ')}: {request.subject}",
            body=entry.body,
            link=f"/api/v1/liaison/requests/{request.id}",
            enterprise_ids=(request.enterprise_id,) if by_customs else (),
            user_ids=tuple(sorted(officers)),
            payload={
                "request": {
                    "id": request.id,
                    "enterprise_id": request.enterprise_id,
                    "category": request.category.value,
                    "subject": request.subject,
                    "status": request.status.value,
                    "due_at": request.due_at.isoformat(),
                    "escalation_level": request.escalation_level,
                },
                "entry": {
                    "seq": entry.seq,
                    "command": entry.command,
                    "from_status": entry.from_status,
                    "to_status": entry.to_status,
                    "author_role": entry.author_role,
                    "body": entry.body,
                },
            },
        ),
    )


def notify_assignment(conn: Connection, assignment: LiaisonAssignment) -> None:
    """Tell the enterprise and the officer who now looks after it."""
    duty = assignment.duty.value.replace("_", " ")
    publish(
        conn,
        OutboxEvent(
            event_type="liaison.officer_assigned",
            stream_key=f"enterprise_liaison:{assignment.enterprise_id}",
            seq=assignment.id,
            occurred_at=assignment.assigned_at,
            title=f"{duty} assigned to enterprise {assignment.enterprise_id}",
            body=assignment.reason,
            enterprise_ids=(assignment.enterprise_id,),
            user_ids=(assignment.officer_id,),
            payload={
                "assignment": {
                    "id": assignment.id,
                    "enterprise_id": assignment.enterprise_id,
                    "officer_id": assignment.officer_id,
                    "duty": assignment.duty.value,
                }
            },
        ),
    )
