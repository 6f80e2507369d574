"""The lithium-battery checks in the submission of export declarations, and on request.

:class:`SubmissionCheck` runs first in the submitting transaction (``Platform.on_submit``):
hard findings refuse the submission — one RuleViolation listing each of them, the declaration
left a draft and nothing written — and otherwise the check and its findings are stored, and the
soft ones become lane floors that risk screening, running next in the same transaction, must
respect. :func:`check` runs the same checks on a declaration input without lodging anything.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from clearway.config import Settings
from clearway.dangerous_goods.model import Consignment
from clearway.dangerous_goods.outcome import Assessment, Outcome, run_checks
from clearway.dangerous_goods.policy import Policy, policy_of
from clearway.dangerous_goods.reading import consignment_of, consignment_of_input
from clearway.dangerous_goods.tables import dangerous_goods_checks
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.model import Declaration, Lane
from clearway.declarations.services import SubmitHook
from clearway.identity.model import Actor
from clearway.risk.selectivity import LaneFloor


class SubmissionCheck:
    """The district's lithium-battery checks as a submit hook and a source of lane floors."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    @classmethod
    def from_settings(cls, settings: Settings) -> SubmissionCheck:
        """Built at start-up, so wrong ``CLEARWAY_DG_*`` settings refuse to start."""
        return cls(policy_of(settings))

    def on_submit(
        self, session: Session, declaration: Declaration, submitter: Actor, at: datetime
    ) -> None:
        """Refuse on hard findings; otherwise store what was checked and found."""
        assessment = run_checks(consignment_of(declaration), self.policy)
        violation = assessment.violation()
        if violation is not None:
            raise violation
        if assessment.outcome is Outcome.NOT_APPLICABLE:
            return
        floor = assessment.lane_floor
        session.execute(
            insert(dangerous_goods_checks).values(
                declaration_id=declaration.id,
                checked_at=at,
                submitted_by=submitter.username,
                shipping_date=declaration.declaration_date,
                transport_mode=declaration.transport_mode.value,
                lines_checked=assessment.lines_checked,
                outcome=assessment.outcome.value,
                lane_floor=floor.value if floor else None,
                severities={c.value: s.value for c, s in self.policy.severity.items()},
                findings=[f.as_dict() for f in assessment.findings],
            )
        )

    def lane_floors(self, session: Session, declaration: Declaration) -> list[LaneFloor]:
        """The soft findings stored at this submission, as lanes screening must reach."""
        t, since = dangerous_goods_checks.c, declaration.lodged_at
        if since is None:
            return []
        findings = session.execute(
            select(t.findings)
            .where(t.declaration_id == declaration.id, t.checked_at >= since)
            .order_by(t.id.desc())
            .limit(1)
        ).scalar()
        return [
            LaneFloor(Lane(f["lane"]), f["rule"], f"{f['rule']}: {f['message']}")
            for f in findings or []
            if f.get("severity") == "soft" and f.get("lane")
        ]

    def before(self, then: SubmitHook | None) -> SubmitHook:
        """This check first, then ``then`` (risk screening), in the same transaction."""

        def hook(session: Session, declaration: Declaration, actor: Actor, at: datetime) -> None:
            self.on_submit(session, declaration, actor, at)
            if then is not None:
                then(session, declaration, actor, at)

        if then is not None:
            functools.update_wrapper(hook, then)  # screener_of finds the screener behind it
        return hook


def check(data: DeclarationInput, policy: Policy, today: date) -> tuple[Consignment, Assessment]:
    """What submitting this input would meet, without lodging it (nothing is written)."""
    consignment = consignment_of_input(data, today)
    return consignment, run_checks(consignment, policy)
