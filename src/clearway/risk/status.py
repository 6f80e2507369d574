"""The lifecycle of a risk rule version and its one table of legal moves.

A version is written as a draft, put in force (active) and taken out of force (retired); a
draft may be discarded by retiring it. Activating a version retires the version of the same
rule code that was active before (the services do that in the same transaction).
"""

from __future__ import annotations

from enum import StrEnum

from clearway.shared.errors import ClearwayError, Conflict
from clearway.shared.status_table import StatusTable


class RuleStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"


class RuleCommand(StrEnum):
    ACTIVATE = "activate"
    RETIRE = "retire"


def _refuse_rule(current: RuleStatus, command: RuleCommand, subject: str) -> ClearwayError:
    return Conflict(
        f"{subject} is {current.value} and cannot be {command.value}d",
        current_status=current.value,
        command=command.value,
    )


RULE_TRANSITIONS: StatusTable[RuleStatus, RuleCommand, RuleStatus] = StatusTable(
    "risk rule",
    {
        (RuleStatus.DRAFT, RuleCommand.ACTIVATE): RuleStatus.ACTIVE,
        (RuleStatus.DRAFT, RuleCommand.RETIRE): RuleStatus.RETIRED,
        (RuleStatus.ACTIVE, RuleCommand.RETIRE): RuleStatus.RETIRED,
    },
    initial=RuleStatus.DRAFT,
    refuse=_refuse_rule,
)
