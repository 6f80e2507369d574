"""Periodic consolidation of centralized lists into one customs declaration.

The consolidated declaration carries every list's goods; its duty and VAT are the sums of what
each list was assessed at on its own acceptance day (not the rates of the consolidation day),
secured by the filing's guarantee, which already holds them in reserve. Done by the
enterprise before the deadline, or by the scheduled job after it, recording the breach.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from clearway.audit.services import record
from clearway.bonded.queries import payment_of
from clearway.bonded.tax import ImportTax
from clearway.bonded.tax_records import PaymentMethod, TaxPayment
from clearway.bootstrap import Platform
from clearway.config import Settings
from clearway.declarations import services as declarations
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.model import Declaration, Lane
from clearway.declarations.policy import ensure_may
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command, Status
from clearway.declarations.submission import Submission
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.reference.services import SessionReference
from clearway.shared.clock import Clock
from clearway.shared.errors import NotFound, RuleViolation
from clearway.supervision.breaches import BreachKind, record_breach
from clearway.supervision.centralized import header_of
from clearway.supervision.commands import AssessInput, ConsolidateInput
from clearway.supervision.eligibility import Facility
from clearway.supervision.model import ZERO, CentralizedFiling, CentralizedList, FilingStatus
from clearway.supervision.policy import ensure_assessor
from clearway.supervision.queries import lists_of_declaration, visible_filing
from clearway.supervision.rules import (
    consolidation_due,
    ensure_period,
    is_late,
    local_day,
)
from clearway.supervision.tables import centralized_filings, centralized_lists

CENTRALIZED = Actor.system("centralized")


def due_of(filing: CentralizedFiling, period: str, settings: Settings) -> datetime:
    """When a period's lists must be consolidated under the filing's regime."""
    regime = filing.regime
    return consolidation_due(
        period,
        settings.centralized_consolidation_days.get(regime.value, 0),
        settings.supervision_timezone,
        grace_months=settings.centralized_consolidation_months.get(regime, 0),
        within_year=regime in settings.centralized_within_year,
    )


def _open_lists(uow: UnitOfWork, filing: CentralizedFiling, period: str) -> list[CentralizedList]:
    c = centralized_lists.c
    stmt = select(CentralizedList).where(
        c.filing_id == filing.id, c.period == period, c.declaration_id.is_(None)
    )
    return list(uow.session.scalars(stmt.order_by(c.id)))


def consolidate(
    uow: UnitOfWork,
    data: ConsolidateInput,
    actor: Actor,
    clock: Clock,
    settings: Settings,
    submission: Submission,
) -> Declaration:
    """Lodge the month's lists accepted so far as one declaration (by the period's deadline)."""
    session, now = uow.session, clock.now()
    ensure_period(data.period)
    filing = visible_filing(session, actor, data.filing)
    zone = settings.supervision_timezone
    lists = _open_lists(uow, filing, data.period)
    if not lists:
        raise RuleViolation.single(
            "period",
            "centralized.nothing_to_consolidate",
            f"filing {filing.number} has no unconsolidated list in {data.period}",
        )
    body = DeclarationInput.model_validate(
        {
            **header_of(filing),
            "transport_means": ", ".join(sorted({x.transport_means for x in lists}))[:100],
            "declaration_date": local_day(now, zone),
            # From the items as sent: stored totals carry the column's scale, not the currency's.
            "total_value": sum((Decimal(str(i["value"])) for x in lists for i in x.items), ZERO),
            "net_weight": sum((Decimal(x.net_weight) for x in lists), ZERO),
            "gross_weight": sum((Decimal(x.gross_weight) for x in lists), ZERO),
            "packages": len(lists),
            "items": [item for x in lists for item in x.items],
        }
    )
    declaration = declarations.build(
        session, body, actor, now, SessionReference(session), settings.max_items
    )
    if actor != CENTRALIZED:
        ensure_may(actor, Command.SUBMIT, declaration)
    declarations.lodge(
        uow,
        declaration,
        actor,
        now,
        submission,
        reason=f"consolidates {len(lists)} centralized list(s) of {data.period}",
    )
    for listed in lists:
        listed.declaration_id, listed.consolidated_at = declaration.id, now
    due = due_of(filing, data.period, settings)
    if is_late(now, due):
        record_breach(
            session,
            filing.enterprise_id,
            Facility.CENTRALIZED,
            BreachKind.CENTRALIZED_CONSOLIDATION_OVERDUE,
            f"{filing.number}/{data.period}",
            due,
            now,
            f"lists of {data.period} under filing {filing.number} were due for consolidation "
            f"by {due.isoformat()}",
            CENTRALIZED,
        )
    if declaration.status is Status.RISK_ASSESSED and declaration.lane in (Lane.GREEN, Lane.BLUE):
        assess_and_secure(uow, declaration, filing, lists, CENTRALIZED, now)
    record(
        session,
        actor,
        now,
        "centralized.consolidated",
        "declaration",
        declaration.number,
        {"filing": filing.number, "period": data.period, "lists": [x.number for x in lists]},
    )
    uow.commit()
    return declaration


def assess_and_secure(
    uow: UnitOfWork,
    declaration: Declaration,
    filing: CentralizedFiling,
    lists: list[CentralizedList],
    actor: Actor,
    at: datetime,
) -> None:
    """Assess the sum of the lists' dated duty and VAT and secure it by the filing's guarantee."""
    duty = sum((Decimal(x.duty) for x in lists), ZERO)
    vat = sum((Decimal(x.vat) for x in lists), ZERO)
    dated = "; ".join(f"{x.number} at {x.accepted_on} rates: {x.reserved_amount}" for x in lists)
    declaration.duty_amount = duty + vat
    declaration.apply(Command.ASSESS_DUTY, actor, at, reason=f"duty and VAT of the lists ({dated})")
    if duty + vat == 0 or payment_of(uow.session, declaration.id) is not None:
        return
    payment = TaxPayment(
        declaration.id,
        declaration.trader_id,
        PaymentMethod.GUARANTEED,
        ImportTax(declaration.declaration_date, declaration.currency, Decimal(1), ()),
        duty + vat,
        at,
        actor.username,
        guarantee_id=filing.guarantee_id,
    )
    payment.duty, payment.vat = duty, vat
    uow.session.add(payment)
    declaration.apply(
        Command.PAY,
        actor,
        at,
        reason=f"duty and VAT {duty + vat} CNY secured by the guarantee of filing {filing.number}",
    )


def assess(
    uow: UnitOfWork, ref: str | int, data: AssessInput, actor: Actor, clock: Clock
) -> Declaration:
    """An officer assesses a consolidated declaration after its check, at the lists' rates."""
    ensure_assessor(actor)
    declaration = get_visible(uow.session, actor, ref)
    lists = lists_of_declaration(uow.session, declaration.id)
    if not lists:
        raise NotFound("consolidated declaration", ref)
    filing = uow.session.get(CentralizedFiling, lists[0].filing_id)
    assert filing is not None
    now = clock.now()
    if declaration.status is Status.DUTY_ASSESSED:
        raise RuleViolation.single(
            "declaration", "centralized.assessed", f"{declaration.number} is already assessed"
        )
    assess_and_secure(uow, declaration, filing, lists, actor, now)
    record(
        uow.session,
        actor,
        now,
        "centralized.assessed",
        "declaration",
        declaration.number,
        {"reason": data.reason, "lists": [x.number for x in lists]},
    )
    uow.commit()
    return declaration


def consolidate_overdue(platform: Platform) -> str:
    """Consolidate every period whose deadline has passed, recording each as a breach."""
    now = platform.clock.now()
    c, f = centralized_lists.c, centralized_filings.c
    with platform.sessions() as session:
        pending = session.execute(
            select(c.filing_id, c.period, f.number)
            .join(centralized_filings, f.id == c.filing_id)
            .where(c.declaration_id.is_(None), f.status == FilingStatus.ACTIVE.value)
            .group_by(c.filing_id, c.period, f.number)
            .order_by(c.filing_id, c.period)
        ).all()
    done, failed = [], []
    for filing_id, period, number in pending:
        with platform.sessions() as session:
            filing = session.get(CentralizedFiling, filing_id)
            assert filing is not None
            overdue = is_late(now, due_of(filing, period, platform.settings))
        if not overdue:
            continue
        try:
            with platform.uow() as uow:
                declaration = consolidate(
                    uow,
                    ConsolidateInput(filing=number, period=period),
                    CENTRALIZED,
                    platform.clock,
                    platform.settings,
                    platform.submission,
                )
            done.append(declaration.number)
        except RuleViolation as refused:
            failed.append(f"{number}/{period}: {refused}")
    summary = f"{len(done)} overdue period(s) consolidated and recorded as breaches"
    return summary + (f"; {len(failed)} failed: {'; '.join(failed)}" if failed else "")
