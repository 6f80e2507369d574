"""Lifecycles supervision keeps: two-step summaries and centralized filings, each with its table.

A two-step summary waits for its complete declaration (open) and is then closed; a summary
customs refused or its declarant cancelled is void. A centralized filing stands until withdrawn.
"""

from __future__ import annotations

from enum import StrEnum

from clearway.shared.status_table import StatusTable


class TwoStepStatus(StrEnum):
    """A summary waits for its complete declaration (open), then is closed; void if refused."""

    OPEN = "open"
    CLOSED = "closed"
    VOID = "void"


class TwoStepCommand(StrEnum):
    COMPLETE = "complete"  # the complete declaration was lodged and the tax settled
    VOID = "void"  # the summary was rejected or cancelled: its reservation goes back


TWO_STEP_TRANSITIONS: StatusTable[TwoStepStatus, TwoStepCommand, TwoStepStatus] = StatusTable(
    "two-step summary",
    {
        (TwoStepStatus.OPEN, TwoStepCommand.COMPLETE): TwoStepStatus.CLOSED,
        (TwoStepStatus.OPEN, TwoStepCommand.VOID): TwoStepStatus.VOID,
    },
    initial=TwoStepStatus.OPEN,
)


class FilingStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class FilingCommand(StrEnum):
    WITHDRAW = "withdraw"


FILING_TRANSITIONS: StatusTable[FilingStatus, FilingCommand, FilingStatus] = StatusTable(
    "centralized filing",
    {(FilingStatus.ACTIVE, FilingCommand.WITHDRAW): FilingStatus.WITHDRAWN},
    initial=FilingStatus.ACTIVE,
)
