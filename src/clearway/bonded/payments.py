"""Tax use cases: the tax notice of a declaration, payments, guarantees and their settlement.

Paying or securing the duty records what was paid and then gives the declaration's own PAY
command (:func:`clearway.declarations.services.act`), which commits both together: the status
table, not this module, moves the declaration to paid and on towards release.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.bonded.commands import GuaranteeInput, SecureInput
from clearway.bonded.policy import ensure_officer
from clearway.bonded.queries import payment_of
from clearway.bonded.services import GUARANTEE, next_number
from clearway.bonded.tables import tax_guarantees
from clearway.bonded.tax import ImportTax
from clearway.bonded.tax_records import PaymentMethod, TaxGuarantee, TaxPayment
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Declaration
from clearway.declarations.policy import ensure_may, is_declarant
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command
from clearway.enterprises.model import Enterprise
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Conflict, PermissionDenied, RuleViolation
from clearway.shared.money import decimals_of, round_fen


def tax_notice(session: Session, actor: Actor, ref: str | int) -> tuple[Declaration, ImportTax]:
    declaration = get_visible(session, actor, ref)
    return declaration, declarations.assess(session, declaration)


def _unpaid(session: Session, declaration: Declaration) -> None:
    if payment_of(session, declaration.id) is not None:
        raise Conflict(f"the duty of declaration {declaration.number} is already paid or secured")


def pay(uow: UnitOfWork, ref: str | int, actor: Actor, clock: Clock) -> Declaration:
    """Pay the assessed duty and VAT; the declaration moves to paid (milestone E7)."""
    session = uow.session
    declaration = get_visible(session, actor, ref)
    ensure_may(actor, Command.PAY, declaration)
    _unpaid(session, declaration)
    notice = declarations.assess(session, declaration)
    amount = declaration.duty_amount or Decimal("0.00")
    now = clock.now()
    session.add(
        TaxPayment(
            declaration.id,
            declaration.trader_id,
            PaymentMethod.PAID,
            notice,
            amount,
            now,
            actor.username,
        )
    )
    record(
        session,
        actor,
        now,
        "tax.paid",
        "declaration",
        declaration.number,
        {"duty": str(notice.duty), "vat": str(notice.vat), "amount": str(amount)},
    )
    reason = f"duty {notice.duty} + VAT {notice.vat} CNY paid"
    return declarations.act(
        uow, declaration.id, Command.PAY, ActionInput(reason=reason), actor, clock
    )


def secure(
    uow: UnitOfWork, ref: str | int, data: SecureInput, actor: Actor, clock: Clock
) -> Declaration:
    """Secure the assessed duty with a filed guarantee; the declaration moves on as paid."""
    session = uow.session
    declaration = get_visible(session, actor, ref)
    ensure_may(actor, Command.PAY, declaration)
    _unpaid(session, declaration)
    g = tax_guarantees.c
    guarantee = session.scalars(
        select(TaxGuarantee).where(
            g.number == data.guarantee, g.enterprise_id == declaration.trader_id
        )
    ).first()
    if guarantee is None:
        raise RuleViolation.single(
            "guarantee", "unknown_guarantee", f"the trader has no guarantee {data.guarantee}"
        )
    now = clock.now()
    if not guarantee.valid_on(now.date()):
        raise RuleViolation.single(
            "guarantee",
            "guarantee_validity",
            f"guarantee {guarantee.number} is valid {guarantee.valid_from} to {guarantee.valid_to}",
        )
    amount = declaration.duty_amount or Decimal("0.00")
    row = session.execute(
        update(tax_guarantees)
        .where(g.id == guarantee.id, g.balance >= amount)
        # Rounded in SQL so SQLite's binary floats cannot stray outside the CHECK bounds.
        .values(balance=func.round(g.balance - amount, 2))
        .returning(g.balance)
    ).first()
    if row is None:
        session.refresh(guarantee)
        raise Conflict(
            f"guarantee {guarantee.number} has {round_fen(guarantee.balance)} CNY left; "
            f"{round_fen(amount)} CNY is due",
            available=str(round_fen(guarantee.balance)),
            requested=str(round_fen(amount)),
        )
    if guarantee in session:  # drawn by statement: read again when next used
        session.expire(guarantee, ["balance"])
    notice = declarations.assess(session, declaration)
    session.add(
        TaxPayment(
            declaration.id,
            declaration.trader_id,
            PaymentMethod.GUARANTEED,
            notice,
            amount,
            now,
            actor.username,
            guarantee_id=guarantee.id,
        )
    )
    record(
        session,
        actor,
        now,
        "tax.guaranteed",
        "declaration",
        declaration.number,
        {"guarantee": guarantee.number, "amount": str(amount)},
    )
    reason = f"duty and VAT {amount} CNY secured by guarantee {guarantee.number}"
    return declarations.act(
        uow, declaration.id, Command.PAY, ActionInput(reason=reason), actor, clock
    )


def settle(uow: UnitOfWork, ref: str | int, actor: Actor, clock: Clock) -> TaxPayment:
    """The tax a guarantee secured is paid: the guarantee gets its amount back."""
    session = uow.session
    declaration = get_visible(session, actor, ref)
    if not (is_declarant(actor, declaration) or actor.is_customs):
        raise PermissionDenied(f"a {actor.role.label} may not settle this declaration's tax")
    payment = payment_of(session, declaration.id)
    if payment is None or payment.method is not PaymentMethod.GUARANTEED or payment.settled_at:
        raise Conflict(f"declaration {declaration.number} has no open guaranteed tax to settle")
    g = tax_guarantees.c
    session.execute(
        update(tax_guarantees)
        .where(g.id == payment.guarantee_id)
        .values(balance=func.round(g.balance + payment.amount, 2))
    )
    now = clock.now()
    payment.settled_at = now
    record(
        session,
        actor,
        now,
        "tax.settled",
        "declaration",
        declaration.number,
        {"amount": str(payment.amount), "guarantee_id": payment.guarantee_id},
    )
    uow.commit()
    return payment


def file_guarantee(
    uow: UnitOfWork, data: GuaranteeInput, actor: Actor, clock: Clock
) -> TaxGuarantee:
    """Record a tax guarantee filed with customs for an enterprise."""
    ensure_officer(actor, "file tax guarantees")
    session = uow.session
    if session.get(Enterprise, data.enterprise_id) is None:
        raise RuleViolation.single(
            "enterprise_id", "unknown_enterprise", f"enterprise {data.enterprise_id} does not exist"
        )
    if not data.amount.is_finite() or data.amount <= 0 or decimals_of(data.amount) > 2:
        raise RuleViolation.single("amount", "positive", "must be a positive CNY amount in fen")
    if data.valid_to < data.valid_from:
        raise RuleViolation.single("valid_to", "period", "ends before valid_from")
    now = clock.now()
    guarantee = TaxGuarantee(
        number=next_number(session, data.office_code, now.year, GUARANTEE),
        enterprise_id=data.enterprise_id,
        amount=data.amount,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        created_at=now,
        created_by=actor.username,
    )
    session.add(guarantee)
    uow.flush()
    record(
        session,
        actor,
        now,
        "tax.guarantee_filed",
        "tax_guarantee",
        guarantee.number,
        {"enterprise_id": data.enterprise_id, "amount": str(data.amount)},
    )
    uow.commit()
    return guarantee
