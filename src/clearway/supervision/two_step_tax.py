"""The tax side of a two-step declaration: reserve, secure at pickup, settle at completion.

At the summary the estimated duty and VAT are reserved (consumed) on the guarantee; pickup
records that reservation as the guaranteed tax payment the declaration's PAY step needs; the
complete declaration's tax is then drawn from it for good and the unused rest restored (or the
shortfall consumed). Goods lodged as not taxable that turn out to owe tax pay it at completion.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from clearway.bonded.queries import payment_of
from clearway.bonded.tax_records import PaymentMethod, TaxGuarantee, TaxPayment
from clearway.config import Settings
from clearway.declarations import services as declarations
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.measures import sorted_measures
from clearway.declarations.model import Declaration, Document
from clearway.declarations.rules import check_declaration
from clearway.identity.model import Actor
from clearway.reference.services import SessionReference
from clearway.shared.errors import RuleViolation
from clearway.supervision.breaches import BreachKind, record_breach
from clearway.supervision.commands import CompleteInput
from clearway.supervision.eligibility import Facility
from clearway.supervision.guarantees import consume, restore
from clearway.supervision.model import ZERO, TwoStepDeclaration
from clearway.supervision.rules import local_day
from clearway.supervision.status import TWO_STEP_TRANSITIONS, TwoStepCommand

DEADLINES = Actor.system("supervision-deadlines")


def reserve(session: Session, guarantee: TaxGuarantee, amount: Decimal, on: date) -> None:
    """Reserve the summary's estimated tax; refused when expired or not enough is left."""
    consume(session, guarantee, amount, on)


def _guarantee(session: Session, summary: TwoStepDeclaration) -> TaxGuarantee:
    found = session.get(TaxGuarantee, summary.guarantee_id)
    assert found is not None  # a foreign key guards it
    return found


def secure(
    session: Session,
    declaration: Declaration,
    summary: TwoStepDeclaration,
    actor: Actor,
    at: datetime,
    settings: Settings,
) -> str:
    """Record the reserved tax as the declaration's guaranteed payment; the PAY reason.

    An assessment above the reservation consumes the difference; duty owed by a summary
    without a guarantee must be paid the ordinary way before pickup.
    """
    amount = declaration.duty_amount or ZERO
    if paid_otherwise(session, declaration, summary):
        return "duty and VAT already paid or secured"
    if summary.guarantee_id is None:
        raise RuleViolation.single(
            "declaration",
            "two_step.tax_unsecured",
            f"{amount} CNY duty and VAT are due and the summary has no guarantee: pay them "
            "before pickup",
        )
    guarantee = _guarantee(session, summary)
    extra = amount - summary.reserved_amount
    if extra > 0:
        consume(session, guarantee, extra, local_day(at, settings.supervision_timezone))
        summary.reserved_amount += extra
    notice = declarations.assess(session, declaration)
    session.add(
        TaxPayment(
            declaration.id,
            declaration.trader_id,
            PaymentMethod.GUARANTEED,
            notice,
            amount,
            at,
            actor.username,
            guarantee_id=guarantee.id,
        )
    )
    return f"duty and VAT {amount} CNY secured by two-step guarantee {guarantee.number}"


def paid_otherwise(session: Session, declaration: Declaration, summary: TwoStepDeclaration) -> bool:
    """Tax paid or secured the ordinary way: the summary's reservation is given back."""
    payment = payment_of(session, declaration.id)
    if payment is None or (
        payment.method is PaymentMethod.GUARANTEED and payment.guarantee_id == summary.guarantee_id
    ):
        return payment is not None
    if summary.guarantee_id is not None and summary.reserved_amount > 0:
        summary.restored_amount = restore(session, summary.guarantee_id, summary.reserved_amount)
        summary.reserved_amount = ZERO
    return True


def replace_content(
    session: Session, declaration: Declaration, data: CompleteInput, max_items: int
) -> None:
    """Give the declaration the complete item set, checked as any declaration's content is."""
    header = {
        "flow": declaration.flow,
        "trader_id": declaration.trader_id,
        "office_code": declaration.office_code,
        "port_code": declaration.port_code,
        "transport_mode": declaration.transport_mode,
        "transport_means": declaration.transport_means,
        "supervision_mode": declaration.supervision_mode,
        "trade_country": declaration.trade_country,
        "currency": declaration.currency,
        "overseas_party": declaration.overseas_party,
        "facilitation_measures": sorted_measures(declaration.facilitation_measures),
    }
    full = DeclarationInput(
        **header,
        total_value=data.total_value,
        net_weight=data.net_weight,
        gross_weight=data.gross_weight,
        packages=data.packages,
        items=data.items,
        documents=data.documents,
    )
    check_declaration(full, declaration.declaration_date, SessionReference(session), max_items)
    # The old lines go first: their (declaration, line_no) keys are reused by the new ones.
    declaration.items.clear()
    session.flush()
    declaration.items = declarations.items_of(full, declaration.declaration_date)
    for doc in data.documents:
        declaration.documents.append(
            Document(doc.doc_type, doc.number, doc.issuer, doc.issue_date, doc.valid_until)
        )
    declaration.total_value = data.total_value
    declaration.net_weight, declaration.gross_weight = data.net_weight, data.gross_weight
    declaration.packages = data.packages


def settle(
    session: Session,
    declaration: Declaration,
    summary: TwoStepDeclaration,
    actor: Actor,
    at: datetime,
    settings: Settings,
) -> Decimal:
    """Draw the complete declaration's tax from the guarantee and restore the unused rest.

    A summary without a guarantee pays what the complete declaration owes; tax paid or
    secured the ordinary way before pickup is left as it is.
    """
    notice = declarations.assess(session, declaration)
    final = notice.total
    payment = payment_of(session, declaration.id)
    ours = payment is None or (
        payment.method is PaymentMethod.GUARANTEED
        and payment.guarantee_id == summary.guarantee_id
        and payment.settled_at is None
    )
    if ours and summary.guarantee_id is not None:
        reserved = summary.reserved_amount
        if final > reserved:
            day = local_day(at, settings.supervision_timezone)
            consume(session, _guarantee(session, summary), final - reserved, day, field="items")
        elif reserved > final:
            summary.restored_amount = restore(session, summary.guarantee_id, reserved - final)
        if payment is None:
            payment = TaxPayment(
                declaration.id,
                declaration.trader_id,
                PaymentMethod.GUARANTEED,
                notice,
                final,
                at,
                actor.username,
                guarantee_id=summary.guarantee_id,
            )
            session.add(payment)
        payment.duty, payment.vat, payment.amount = notice.duty, notice.vat, final
        payment.settled_at = at
    elif payment is None and final > 0:
        session.add(
            TaxPayment(
                declaration.id,
                declaration.trader_id,
                PaymentMethod.PAID,
                notice,
                final,
                at,
                actor.username,
            )
        )
    summary.settled_amount = final
    declaration.duty_amount = final
    return final


def flag_late(
    session: Session,
    declaration: Declaration,
    summary: TwoStepDeclaration,
    due: datetime,
    now: datetime,
) -> bool:
    """Record the late complete declaration against the enterprise (once)."""
    if summary.overdue_at is None:
        summary.overdue_at = now
    return (
        record_breach(
            session,
            summary.enterprise_id,
            Facility.TWO_STEP,
            BreachKind.TWO_STEP_COMPLETE_OVERDUE,
            declaration.number,
            due,
            now,
            f"complete declaration of {declaration.number} was due by {due.isoformat()}",
            DEADLINES,
        )
        is not None
    )


def void(session: Session, summary: TwoStepDeclaration, at: datetime) -> None:
    """A rejected or cancelled summary owes nothing: its reservation goes back."""
    if summary.guarantee_id is not None and summary.reserved_amount > 0:
        summary.restored_amount = restore(session, summary.guarantee_id, summary.reserved_amount)
    summary.status = TWO_STEP_TRANSITIONS.move(summary.status, TwoStepCommand.VOID)
    summary.completed_at = at
