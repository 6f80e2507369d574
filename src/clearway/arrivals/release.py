"""Release without an officer at the desk: duty and VAT must be covered first.

Direct pickup (on arrival) and first release (on the on-site result) both release a declaration
that may still owe duty and import VAT. It is released only when that is covered: already paid,
nothing due, or secured now by one of the trader's filed tax guarantees valid on the day with
enough balance — drawn by :func:`clearway.supervision.guarantees.consume`, a conditional UPDATE,
so two releases racing for one guarantee can never overdraw it (the CHECK backs it up). When
nothing covers it, nothing changes and the caller hears why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.bonded.queries import payment_of
from clearway.bonded.tables import tax_guarantees
from clearway.bonded.tax_records import PaymentMethod, TaxGuarantee, TaxPayment
from clearway.declarations.model import Declaration
from clearway.declarations.rules import duty_cover
from clearway.declarations.services import assess
from clearway.declarations.status import Command, Status
from clearway.identity.model import Actor
from clearway.shared.errors import RuleViolation
from clearway.shared.money import round_fen
from clearway.supervision.guarantees import consume

ZERO = Decimal("0.00")
# Where a declaration can stand and still be released by these paths: duty is assessed on the
# way (ending a document check or an inspection, milestone E6_END for the latter).
RELEASABLE = (
    Status.RISK_ASSESSED,
    Status.DOCUMENT_CHECK,
    Status.INSPECTION,
    Status.DUTY_ASSESSED,
    Status.PAID,
)


@dataclass(frozen=True)
class Released:
    released: bool
    reason: str


def release_if_covered(
    session: Session, declaration: Declaration, actor: Actor, at: datetime, why: str
) -> Released:
    """Assess, secure and release in the caller's transaction, or change nothing and say why."""
    status = declaration.status
    if status not in RELEASABLE:
        return Released(False, f"a declaration that is {status.value} cannot be released")
    if status is Status.PAID:
        due = ZERO
    elif status is Status.DUTY_ASSESSED:
        due = round_fen(declaration.duty_amount or ZERO)
    else:
        due = round_fen(assess(session, declaration).total)
    guarantee = None
    if due > 0:
        guarantee = _draw(session, declaration, due, at)
    if duty_cover(due, status is Status.PAID, guarantee is not None) is None:
        return Released(
            False,
            f"duty and VAT of {due} CNY are not paid and no tax guarantee of the trader "
            f"valid on {at.date()} has that much left",
        )
    if status not in (Status.DUTY_ASSESSED, Status.PAID):
        assess_duty(session, declaration, actor, at, why, due)
    if guarantee is not None:
        _secured(session, declaration, guarantee, due, actor, at)
    declaration.apply(Command.RELEASE, actor, at, reason=why)
    covered = (
        f"; duty and VAT {due} CNY secured by guarantee {guarantee.number}" if guarantee else ""
    )
    return Released(True, why + covered)


def assess_duty(
    session: Session,
    declaration: Declaration,
    actor: Actor,
    at: datetime,
    reason: str,
    due: Decimal | None = None,
) -> None:
    """Assess duty and VAT at the declaration date's rates (ending an inspection: E6_END)."""
    declaration.duty_amount = (
        due if due is not None else round_fen(assess(session, declaration).total)
    )
    declaration.apply(Command.ASSESS_DUTY, actor, at, reason=reason)


def _draw(
    session: Session, declaration: Declaration, due: Decimal, at: datetime
) -> TaxGuarantee | None:
    """Take `due` from the first guarantee that has it (soonest to expire first), or None."""
    if payment_of(session, declaration.id) is not None:
        return None  # already secured or paid once; the status would say PAID
    g = tax_guarantees.c
    day = at.date()
    candidates = session.scalars(
        select(TaxGuarantee)
        .where(
            g.enterprise_id == declaration.trader_id,
            g.valid_from <= day,
            g.valid_to >= day,
            g.balance >= due,
        )
        .order_by(g.valid_to, g.id)
    ).all()
    for guarantee in candidates:
        try:
            consume(session, guarantee, due, day)
        except RuleViolation:  # another release took it meanwhile: try the next one
            continue
        return guarantee
    return None


def _secured(
    session: Session,
    declaration: Declaration,
    guarantee: TaxGuarantee,
    due: Decimal,
    actor: Actor,
    at: datetime,
) -> None:
    notice = assess(session, declaration)
    session.add(
        TaxPayment(
            declaration.id,
            declaration.trader_id,
            PaymentMethod.GUARANTEED,
            notice,
            due,
            at,
            actor.username,
            guarantee_id=guarantee.id,
        )
    )
    record(
        session,
        actor,
        at,
        "tax.guaranteed",
        "declaration",
        declaration.number,
        {"guarantee": guarantee.number, "amount": str(due)},
    )
    declaration.apply(
        Command.PAY,
        actor,
        at,
        reason=f"duty and VAT {due} CNY secured by guarantee {guarantee.number}",
    )
