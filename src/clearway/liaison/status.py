"""Liaison request statuses and the one table of legal moves between them.

A request waits on customs while ``open``, ``assigned`` or ``escalated``; those are the
statuses whose deadline the escalation job watches. An answer hands it back to the enterprise,
whose follow-up hands it to customs again with a fresh deadline.
"""

from __future__ import annotations

from enum import StrEnum

from clearway.shared.status_table import SAME as SAME
from clearway.shared.status_table import Sentinel, StatusTable, conflict


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


_S, _C = RequestStatus, RequestCommand

# SAME: a follow-up while customs still hold the request records the line without moving it.
REQUEST_TRANSITIONS: StatusTable[RequestStatus, RequestCommand, RequestStatus | Sentinel] = (
    StatusTable(
        "liaison request",
        {
            (_S.OPEN, _C.ASSIGN): _S.ASSIGNED,
            (_S.ASSIGNED, _C.ASSIGN): _S.ASSIGNED,
            (_S.ESCALATED, _C.ASSIGN): _S.ASSIGNED,
            **{(s, _C.ANSWER): _S.ANSWERED for s in AWAITING_CUSTOMS},
            (_S.ANSWERED, _C.FOLLOW_UP): _S.ASSIGNED,
            **{(s, _C.FOLLOW_UP): SAME for s in AWAITING_CUSTOMS},
            **{(s, _C.ESCALATE): _S.ESCALATED for s in AWAITING_CUSTOMS},
            **{(s, _C.CLOSE): _S.CLOSED for s in (*AWAITING_CUSTOMS, _S.ANSWERED)},
        },
        initial=RequestStatus.OPEN,
        refuse=conflict,
    )
)
