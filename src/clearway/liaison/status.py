"""Liaison request statuses and the one table of legal moves between them.

A request waits on customs while ``open``, ``assigned`` or ``escalated``; those are the
statuses whose deadline the escalation job watches. An answer hands it back to the enterprise,
whose follow-up hands it to customs again with a fresh deadline.
"""

from __future__ import annotations

from enum import StrEnum


class RequestStatus(StrEnum):
    OPEN = "open"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    ESCALATED = "escalated"
    CLOSED = "closed"

    @property
    def awaits_customs(self) -> bool:
        return self in AWAITING_CUSTOMS


AWAITING_CUSTOMS = frozenset({RequestStatus.OPEN, RequestStatus.ASSIGNED, RequestStatus.ESCALATED})


class RequestCommand(StrEnum):
    OPEN = "open"  # the first timeline line; not a move
    ASSIGN = "assign"
    ANSWER = "answer"
    FOLLOW_UP = "follow_up"
    ESCALATE = "escalate"
    CLOSE = "close"


# Sentinel target: record the line without moving the request.
SAME = "same"

_S, _C = RequestStatus, RequestCommand

TRANSITIONS: dict[tuple[RequestStatus, RequestCommand], RequestStatus | str] = {
    (_S.OPEN, _C.ASSIGN): _S.ASSIGNED,
    (_S.ASSIGNED, _C.ASSIGN): _S.ASSIGNED,
    (_S.ESCALATED, _C.ASSIGN): _S.ASSIGNED,
    **{(s, _C.ANSWER): _S.ANSWERED for s in AWAITING_CUSTOMS},
    (_S.ANSWERED, _C.FOLLOW_UP): _S.ASSIGNED,
    **{(s, _C.FOLLOW_UP): SAME for s in AWAITING_CUSTOMS},
    **{(s, _C.ESCALATE): _S.ESCALATED for s in AWAITING_CUSTOMS},
    **{(s, _C.CLOSE): _S.CLOSED for s in (*AWAITING_CUSTOMS, _S.ANSWERED)},
}


def move_for(current: RequestStatus, command: RequestCommand) -> RequestStatus | str | None:
    """The target of a command from a status, or None when the table forbids it."""
    return TRANSITIONS.get((current, command))


def commands_from(current: RequestStatus) -> list[RequestCommand]:
    return [c for (s, c) in TRANSITIONS if s == current]
