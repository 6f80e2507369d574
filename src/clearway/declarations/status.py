"""Declaration statuses and the one table of legal moves between them.

The statuses merge ASYCUDA, UK CDS and China's receipt codes (DOMAIN.md §4). Every command a
user or the platform can give names its target here, with the Time Release Study milestone it
marks, so nothing anywhere assigns a status by hand. The table is the platform's shared
status-table type; ``TRANSITIONS`` and :func:`move_for` are the names its users know.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# PREVIOUS returns to the status recorded when the declaration was suspended; SAME stays where
# it is (recording a fact without moving the lifecycle).
from clearway.shared.status_table import PREVIOUS as PREVIOUS
from clearway.shared.status_table import SAME as SAME
from clearway.shared.status_table import StatusTable


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    RISK_ASSESSED = "risk_assessed"
    DOCUMENT_CHECK = "document_check"
    INSPECTION = "inspection"
    DUTY_ASSESSED = "duty_assessed"
    PAID = "paid"
    RELEASED = "released"
    EXITED = "exited"
    CLOSED = "closed"
    SUSPENDED = "suspended"
    AMENDMENT_REQUESTED = "amendment_requested"
    CANCELLED = "cancelled"

    @property
    def china_code(self) -> str:
        """Nearest China customs receipt code, for officers used to them."""
        return _CHINA_CODES.get(self, "")

    @property
    def is_final(self) -> bool:
        return self in (Status.REJECTED, Status.CLOSED, Status.CANCELLED)


_CHINA_CODES = {
    Status.REJECTED: "100",
    Status.SUBMITTED: "120",
    Status.ACCEPTED: "399",
    Status.INSPECTION: "500",
    Status.SUSPENDED: "600",
    Status.RELEASED: "800",
    Status.CLOSED: "899",
}


class Command(StrEnum):
    SUBMIT = "submit"
    REJECT = "reject"
    ACCEPT = "accept"
    ASSIGN_LANE = "assign_lane"
    REROUTE = "reroute"
    BEGIN_DOCUMENT_CHECK = "begin_document_check"
    BEGIN_INSPECTION = "begin_inspection"
    ASSESS_DUTY = "assess_duty"
    PAY = "pay"
    RELEASE = "release"
    EXIT = "exit"
    CLOSE = "close"
    SUSPEND = "suspend"
    RESUME = "resume"
    REQUEST_AMENDMENT = "request_amendment"
    CANCEL = "cancel"
    RECORD_MANIFEST = "record_manifest"
    RECORD_ARRIVAL = "record_arrival"


class Milestone(StrEnum):
    """WCO Time Release Study milestones (DOMAIN.md §9)."""

    E0 = "E0"  # advance information / manifest
    E1 = "E1"  # arrival
    E2 = "E2"  # lodgement
    E3 = "E3"  # acceptance
    E4 = "E4"  # risk result
    E5 = "E5"  # document check
    E6 = "E6"  # inspection start
    E6_END = "E6_END"  # inspection end
    E7 = "E7"  # duty paid or guaranteed
    E8 = "E8"  # release
    E9 = "E9"  # exit
    E10 = "E10"  # post-release completion


@dataclass(frozen=True)
class Move:
    """Where a command leads (a status, ``PREVIOUS`` or ``SAME``) and the milestone it marks."""

    target: Status | str
    milestone: Milestone | None = None


_IN_CLEARANCE = (
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.RISK_ASSESSED,
    Status.DOCUMENT_CHECK,
    Status.INSPECTION,
    Status.DUTY_ASSESSED,
    Status.PAID,
)
_BEFORE_RELEASE = (Status.DRAFT, *_IN_CLEARANCE, Status.SUSPENDED, Status.AMENDMENT_REQUESTED)

DECLARATION_TRANSITIONS: StatusTable[Status, Command, Move] = StatusTable(
    "declaration",
    {
        (Status.DRAFT, Command.SUBMIT): Move(Status.SUBMITTED, Milestone.E2),
        (Status.AMENDMENT_REQUESTED, Command.SUBMIT): Move(Status.SUBMITTED, Milestone.E2),
        (Status.SUBMITTED, Command.REJECT): Move(Status.REJECTED),
        (Status.SUBMITTED, Command.ACCEPT): Move(Status.ACCEPTED, Milestone.E3),
        (Status.ACCEPTED, Command.ASSIGN_LANE): Move(Status.RISK_ASSESSED, Milestone.E4),
        (Status.RISK_ASSESSED, Command.REROUTE): Move(Status.RISK_ASSESSED),
        (Status.DOCUMENT_CHECK, Command.REROUTE): Move(Status.RISK_ASSESSED),
        (Status.RISK_ASSESSED, Command.BEGIN_DOCUMENT_CHECK): Move(
            Status.DOCUMENT_CHECK, Milestone.E5
        ),
        (Status.RISK_ASSESSED, Command.BEGIN_INSPECTION): Move(Status.INSPECTION, Milestone.E6),
        (Status.DOCUMENT_CHECK, Command.BEGIN_INSPECTION): Move(Status.INSPECTION, Milestone.E6),
        (Status.RISK_ASSESSED, Command.ASSESS_DUTY): Move(Status.DUTY_ASSESSED),
        (Status.DOCUMENT_CHECK, Command.ASSESS_DUTY): Move(Status.DUTY_ASSESSED),
        (Status.INSPECTION, Command.ASSESS_DUTY): Move(Status.DUTY_ASSESSED, Milestone.E6_END),
        (Status.DUTY_ASSESSED, Command.PAY): Move(Status.PAID, Milestone.E7),
        (Status.DUTY_ASSESSED, Command.RELEASE): Move(Status.RELEASED, Milestone.E8),
        (Status.PAID, Command.RELEASE): Move(Status.RELEASED, Milestone.E8),
        (Status.RELEASED, Command.EXIT): Move(Status.EXITED, Milestone.E9),
        (Status.EXITED, Command.CLOSE): Move(Status.CLOSED, Milestone.E10),
        **{(s, Command.SUSPEND): Move(Status.SUSPENDED) for s in _IN_CLEARANCE},
        (Status.SUSPENDED, Command.RESUME): Move(PREVIOUS),
        **{
            (s, Command.REQUEST_AMENDMENT): Move(Status.AMENDMENT_REQUESTED)
            for s in (
                Status.SUBMITTED,
                Status.ACCEPTED,
                Status.RISK_ASSESSED,
                Status.DOCUMENT_CHECK,
                Status.INSPECTION,
            )
        },
        **{
            (s, Command.CANCEL): Move(Status.CANCELLED)
            for s in (
                Status.DRAFT,
                Status.SUBMITTED,
                Status.ACCEPTED,
                Status.RISK_ASSESSED,
                Status.AMENDMENT_REQUESTED,
                Status.SUSPENDED,
            )
        },
        **{(s, Command.RECORD_MANIFEST): Move(SAME, Milestone.E0) for s in _BEFORE_RELEASE},
        **{(s, Command.RECORD_ARRIVAL): Move(SAME, Milestone.E1) for s in _BEFORE_RELEASE},
    },
    initial=Status.DRAFT,
)
TRANSITIONS = DECLARATION_TRANSITIONS  # the name the aggregate, its writer and tests know


def move_for(current: Status, command: Command) -> Move | None:
    """The legal move for a command from a status, or None when the table forbids it."""
    return DECLARATION_TRANSITIONS.find(current, command)


def commands_from(current: Status) -> list[Command]:
    """Commands the table allows from a status (what a user interface may offer)."""
    return DECLARATION_TRANSITIONS.allowed(current)
