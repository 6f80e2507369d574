"""The lithium-battery checks in the submission of export declarations, and on request.

:class:`SubmissionCheck` runs first in the submission (``declarations.submission.submit``): hard
findings refuse it — one RuleViolation listing each of them, the declaration left a draft and
nothing written — and otherwise the soft findings become lane floors handed to risk screening,
which runs next, and the check and its findings are stored. :func:`check` runs the same checks
on a declaration input without lodging anything.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from clearway.config import Settings
from clearway.dangerous_goods.model import Consignment
from clearway.dangerous_goods.outcome import Assessment, Outcome, run_checks
from clearway.dangerous_goods.policy import Policy, policy_of
from clearway.dangerous_goods.reading import consignment_of, consignment_of_input
from clearway.dangerous_goods.tables import dangerous_goods_checks
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.model import Declaration
from clearway.identity.model import Actor
from clearway.risk.selectivity import LaneFloor


class SubmissionCheck:
    """The district's lithium-battery checks, as the submission runs them."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    @classmethod
    def from_settings(cls, settings: Settings) -> SubmissionCheck:
        """Built at start-up, so wrong ``CLEARWAY_DG_*`` settings refuse to start."""
        return cls(policy_of(settings))

    def findings(self, declaration: Declaration) -> Assessment:
        """What the checks make of the declaration as it stands."""
        return run_checks(consignment_of(declaration), self.policy)

    def assess(self, declaration: Declaration) -> Assessment:
        """The checks' findings, refused (raised) when any is hard."""
        assessment = self.findings(declaration)
        violation = assessment.violation()
        if violation is not None:
            raise violation
        return assessment

    def record(
        self,
        session: Session,
        declaration: Declaration,
        assessment: Assessment,
        submitter: Actor,
        at: datetime,
    ) -> None:
        """Store what was checked and found (once the declaration has its id)."""
        if assessment.outcome is Outcome.NOT_APPLICABLE:
            return
        floor = assessment.lane_floor
        session.execute(
            _INSERT_CHECK,
            {
                "declaration_id": declaration.id,
                "checked_at": at,
                "submitted_by": submitter.username,
                "shipping_date": declaration.declaration_date,
                "transport_mode": declaration.transport_mode.value,
                "lines_checked": assessment.lines_checked,
                "outcome": assessment.outcome.value,
                "lane_floor": floor.value if floor else None,
                "severities": {c.value: s.value for c, s in self.policy.severity.items()},
                "findings": [f.as_dict() for f in assessment.findings],
            },
        )


# Built once: every export submission runs it.
_INSERT_CHECK = insert(dangerous_goods_checks)


def lane_floors(assessment: Assessment) -> list[LaneFloor]:
    """The soft findings as the lanes screening must reach at least."""
    return [
        LaneFloor(f.lane, f.finding.rule, f"{f.finding.rule}: {f.finding.message}")
        for f in assessment.soft
        if f.lane is not None
    ]


def check(data: DeclarationInput, policy: Policy, today: date) -> tuple[Consignment, Assessment]:
    """What submitting this input would meet, without lodging it (nothing is written)."""
    consignment = consignment_of_input(data, today)
    return consignment, run_checks(consignment, policy)
