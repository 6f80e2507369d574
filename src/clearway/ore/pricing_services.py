"""Use cases of iron ore at a provisional (formula) price: state it, then declare the final.

The provisional price is stated with the declaration, while it may still be edited; the
declaration's item values are the provisional prices, and duty and VAT are assessed, paid or
secured on them as on any declaration. The final price comes after the lab result (Fe and
moisture) and the end of the quotational period: both prices are valued and taxed by the same
rule (:func:`clearway.declarations.services.assess_at_prices`) and the difference, item by
item, is issued as the supplementary tax or refund notice, written with its audit event and
the importer's notification in one transaction. Anything refused is refused whole, naming
the field and the rule.
"""

from __future__ import annotations

from decimal import Decimal

from clearway.audit.services import record
from clearway.bonded.queries import payment_of
from clearway.config import Settings
from clearway.declarations import services as declarations
from clearway.declarations.model import Declaration, Flow
from clearway.declarations.policy import ensure_may_edit
from clearway.identity.model import Actor
from clearway.ore.commands import FinalPriceInput, ProvisionalPriceInput
from clearway.ore.notices import notify_price_notice
from clearway.ore.policy import ensure_version
from clearway.ore.pricing import final_price_due, settle
from clearway.ore.pricing_records import ProvisionalPrice
from clearway.ore.queries import pricing_of, settling_result, visible_ore_declaration
from clearway.ore.status import PricingStatus
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, Conflict, RuleViolation
from clearway.supervision.rules import local_day


def state_provisional(
    uow: UnitOfWork, ref: str | int, data: ProvisionalPriceInput, actor: Actor, clock: Clock
) -> ProvisionalPrice:
    """Declare the ore's price provisional, with the terms its final price will follow."""
    session = uow.session
    declaration = visible_ore_declaration(session, actor, ref)
    ensure_may_edit(actor, declaration)
    ensure_version(declaration, data.expected_version)
    errors = Collector()
    if declaration.flow is not Flow.IMPORT:
        errors.add("flow", "ore.provisional_import", "only imports are priced provisionally")
    if not declaration.editable:
        errors.add(
            "declaration",
            "ore.provisional_after_lodgement",
            f"declaration {declaration.number} is {declaration.status.value}: a provisional "
            "price is declared with the declaration, before it is lodged",
        )
    if data.quotational_period_end < data.quotational_period_start:
        errors.add("quotational_period_end", "period", "is before quotational_period_start")
    errors.raise_if_any()
    terms = data.model_dump(exclude={"expected_version"})
    due = final_price_due(declaration.declaration_date, data.quotational_period_end)
    now = clock.now()
    pricing = pricing_of(session, declaration.id)
    if pricing is None:
        pricing = ProvisionalPrice(
            declaration.id, final_due_on=due, stated_at=now, stated_by=actor.username, **terms
        )
        session.add(pricing)
    else:
        pricing.restate(final_due_on=due, stated_at=now, stated_by=actor.username, **terms)
    record(
        session,
        actor,
        now,
        "ore.provisional_price",
        "declaration",
        declaration.number,
        {k: str(v) for k, v in terms.items()} | {"final_due_on": str(due)},
    )
    uow.commit()
    return pricing


def declare_final(
    uow: UnitOfWork,
    ref: str | int,
    data: FinalPriceInput,
    actor: Actor,
    clock: Clock,
    settings: Settings,
) -> ProvisionalPrice:
    """Declare the final price; assess the supplementary tax or refund per item, audited."""
    session = uow.session
    declaration = visible_ore_declaration(session, actor, ref)
    ensure_may_edit(actor, declaration)
    ensure_version(declaration, data.expected_version)
    pricing = pricing_of(session, declaration.id)
    if pricing is None:
        raise RuleViolation.single(
            "declaration",
            "ore.not_provisional",
            f"declaration {declaration.number} was not declared at a provisional price: its "
            "declared price is final",
        )
    if pricing.status is PricingStatus.FINAL:
        raise Conflict(
            f"the final price of {declaration.number} was declared on "
            f"{pricing.final_declared_at}: notice {pricing.notice_number}"
        )
    now = clock.now()
    today = local_day(now, settings.supervision_timezone)
    errors = Collector()
    if declaration.status.is_final:
        errors.add(
            "declaration",
            "ore.declaration_closed",
            f"declaration {declaration.number} is {declaration.status.value}: no final price "
            "can be declared on it",
        )
    elif payment_of(session, declaration.id) is None:
        errors.add(
            "declaration",
            "ore.provisional_tax_unpaid",
            "duty and VAT on the provisional price are not paid or secured yet",
        )
    lab = settling_result(session, declaration.id)
    if lab is None:
        errors.add(
            "lab_result",
            "ore.lab_result_required",
            "the final price follows the lab's Fe and moisture: no lab result reports them yet",
        )
    if today <= pricing.quotational_period_end:
        errors.add(
            "quotational_period_end",
            "ore.quotational_period_open",
            f"the quotational period runs to {pricing.quotational_period_end}: the final price "
            "is known only after it",
        )
    prices = _final_prices(declaration, data, errors)
    errors.raise_if_any()
    assert lab is not None
    provisional = declarations.assess(session, declaration)
    final = declarations.assess_at_prices(
        session, declaration, [prices[i.line_no] for i in declaration.items]
    )
    settlement = settle(provisional, final)
    pricing.finalise(
        prices,
        data.final_unit_price,
        (lab.fe_pct, lab.moisture_pct),
        settlement,
        f"{declaration.number}-FP",
        now,
        today,
        actor.username,
    )
    uow.flush()
    notify_price_notice(session.connection(), pricing, declaration.number, declaration.trader_id)
    record(
        session,
        actor,
        now,
        "ore.final_price",
        "declaration",
        declaration.number,
        {
            "notice": pricing.notice_number,
            "settlement": settlement.kind.value,
            "duty": str(settlement.duty),
            "vat": str(settlement.vat),
            "total": str(settlement.total),
            "late": pricing.late,
            "lab_result": lab.id,
        },
    )
    uow.commit()
    return pricing


def _final_prices(
    declaration: Declaration, data: FinalPriceInput, errors: Collector
) -> dict[int, Decimal]:
    """Each item's final price by line number; every item once, no other line."""
    items = {i.line_no for i in declaration.items}
    prices: dict[int, Decimal] = {}
    for index, line in enumerate(data.lines):
        if line.line_no not in items:
            errors.add(f"lines.{index}.line_no", "ore.item", f"no item {line.line_no}")
        elif line.line_no in prices:
            errors.add(f"lines.{index}.line_no", "unique", f"item {line.line_no} given twice")
        else:
            prices[line.line_no] = line.price
    missing = sorted(items - set(prices))
    if missing and len(prices) == len(data.lines):
        errors.add(
            "lines",
            "ore.lines_incomplete",
            f"every item needs its final price; missing: {', '.join(map(str, missing))}",
        )
    return prices
