"""Post-clearance audit task statuses and the one table of legal moves between them.

A blue-lane release opens the task; an officer takes it (and may hand it to another by taking
it again); the officer who holds it closes it with a finding.
"""

from __future__ import annotations

from enum import StrEnum

from clearway.shared.status_table import StatusTable, conflict


class AuditStatus(StrEnum):
    OPEN = "open"
    TAKEN = "taken"
    CLOSED = "closed"


class AuditCommand(StrEnum):
    TAKE = "take"
    CLOSE = "close"


AUDIT_TRANSITIONS: StatusTable[AuditStatus, AuditCommand, AuditStatus] = StatusTable(
    "post-clearance audit",
    {
        (AuditStatus.OPEN, AuditCommand.TAKE): AuditStatus.TAKEN,
        (AuditStatus.TAKEN, AuditCommand.TAKE): AuditStatus.TAKEN,
        (AuditStatus.TAKEN, AuditCommand.CLOSE): AuditStatus.CLOSED,
    },
    initial=AuditStatus.OPEN,
    refuse=conflict,
)
