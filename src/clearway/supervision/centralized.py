"""Centralized declaration: filing, a list per shipment, periodic consolidation.

An enterprise files once (goods category, fixed header, a guarantee running at least the
configured months); each shipment then goes on a centralized list — an import within the
configured days of the transport's entry, an export the configured hours before loading — whose
duty and VAT are fixed at the rates of its acceptance day and reserved on the guarantee. The
lists of a month are consolidated into one customs declaration (facilitation mode
``centralized``) by the configured deadline; a consolidation after it is recorded as a breach.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.bonded.services import next_number
from clearway.bonded.tax import TaxableLine, assess_import
from clearway.bonded.tax_records import TaxGuarantee
from clearway.config import Settings
from clearway.declarations.commands import DeclarationInput, ItemInput
from clearway.declarations.model import Flow
from clearway.declarations.rules import check_declaration
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.reference.model import CustomsOffice
from clearway.reference.services import SessionReference
from clearway.shared.clock import Clock, ensure_utc
from clearway.shared.errors import RuleViolation
from clearway.supervision.commands import FilingInput, ListInput
from clearway.supervision.eligibility import Facility, ensure_eligible
from clearway.supervision.goods_categories import prefixes_of
from clearway.supervision.guarantees import consume, ensure_valid, guarantee_of
from clearway.supervision.model import ZERO, CentralizedFiling, CentralizedList, FilingStatus
from clearway.supervision.policy import principal
from clearway.supervision.queries import visible_filing
from clearway.supervision.rules import (
    add_months,
    category_goods_errors,
    centralized_scope_errors,
    ensure_export_list_in_time,
    ensure_import_list_in_time,
    local_day,
    period_of,
)

FILING, LIST = "F", "C"  # letters of the filings' and lists' numbers


def file(
    uow: UnitOfWork, data: FilingInput, actor: Actor, clock: Clock, settings: Settings
) -> CentralizedFiling:
    """File for centralized declaration; the guarantee must run the configured months."""
    session, now = uow.session, clock.now()
    day = local_day(now, settings.supervision_timezone)
    trader, broker = principal(session, actor, data.trader_id, data.flow.value, day)
    if session.get(CustomsOffice, data.office_code) is None:
        raise RuleViolation.single(
            "office_code", "unknown_office", f"customs office {data.office_code} unknown"
        )
    scope = centralized_scope_errors(
        data.goods_category.value,
        categories_at(settings, data.office_code),
        data.transport_mode.value,
        data.regime.value,
        data.office_code,
    )
    if scope:
        raise RuleViolation(scope)
    ensure_eligible(
        session, settings, trader, Facility.CENTRALIZED, day, office_code=data.office_code
    )
    guarantee = guarantee_of(session, data.guarantee, trader)
    months = settings.centralized_guarantee_months
    ensure_valid(guarantee, day, until=add_months(day, months))
    filing = CentralizedFiling(
        number=next_number(session, data.office_code, day.year, FILING),
        enterprise_id=trader,
        broker_id=broker,
        flow=data.flow.value,
        office_code=data.office_code,
        port_code=data.port_code,
        transport_mode=data.transport_mode.value,
        trade_country=data.trade_country,
        currency=data.currency,
        supervision_mode=data.supervision_mode,
        goods_category=data.goods_category,
        regime=data.regime,
        guarantee_id=guarantee.id,
        filed_at=now,
        filed_by=actor.username,
    )
    session.add(filing)
    uow.flush()
    record(
        session,
        actor,
        now,
        "centralized.filed",
        "centralized_filing",
        filing.number,
        {"enterprise_id": trader, "guarantee": guarantee.number, "category": data.goods_category},
    )
    uow.commit()
    return filing


def categories_at(settings: Settings, office_code: str) -> list[str]:
    """The goods categories centralized declaration is open to at an office."""
    table = settings.centralized_goods_categories
    return [c.value for c in table.get(office_code, table.get("*", []))]


def header_of(filing: CentralizedFiling) -> dict[str, object]:
    """The declaration header a filing fixes for its lists and its consolidations."""
    return {
        "flow": filing.flow,
        "trader_id": filing.enterprise_id,
        "office_code": filing.office_code,
        "port_code": filing.port_code,
        "transport_mode": filing.transport_mode,
        "trade_country": filing.trade_country,
        "currency": filing.currency,
        "supervision_mode": filing.supervision_mode,
        "facilitation_measures": ["centralized"],
    }


def _tax(
    session: Session, filing: CentralizedFiling, items: list[ItemInput], day: date
) -> tuple[Decimal, Decimal]:
    """Duty and VAT of a list at its acceptance day's rates; exports owe none."""
    if filing.flow != Flow.IMPORT.value:
        return ZERO, ZERO
    lines = [TaxableLine(n, i.tariff_code, i.value) for n, i in enumerate(items, 1)]
    notice = assess_import(lines, filing.currency, day, SessionReference(session))
    return notice.duty, notice.vat


def lodge_list(
    uow: UnitOfWork, data: ListInput, actor: Actor, clock: Clock, settings: Settings
) -> CentralizedList:
    """Accept one shipment's list: in time, eligible, checked, its tax reserved on the guarantee."""
    session, now = uow.session, clock.now()
    day = local_day(now, settings.supervision_timezone)
    filing = visible_filing(session, actor, data.filing)
    if filing.status is not FilingStatus.ACTIVE:
        raise RuleViolation.single(
            "filing", "centralized.filing_withdrawn", f"filing {filing.number} is withdrawn"
        )
    mismatch = category_goods_errors(
        filing.goods_category.value,
        [(i.tariff_code, i.dangerous_goods is not None) for i in data.items],
        prefixes_of(filing.goods_category, day),
    )
    if mismatch:
        raise RuleViolation(mismatch)
    ensure_eligible(
        session,
        settings,
        filing.enterprise_id,
        Facility.CENTRALIZED,
        day,
        tariff_codes=[i.tariff_code for i in data.items],
        office_code=filing.office_code,
        field="filing",
    )
    entry_at = ensure_utc(data.entry_at) if data.entry_at else None
    loading_at = ensure_utc(data.loading_at) if data.loading_at else None
    if filing.flow == Flow.IMPORT.value:
        if entry_at is None:
            raise RuleViolation.single(
                "entry_at", "required", "an import list gives the transport's entry"
            )
        ensure_import_list_in_time(now, entry_at, settings.centralized_import_list_days)
    else:
        if loading_at is None:
            raise RuleViolation.single(
                "loading_at", "required", "an export list gives the planned loading"
            )
        ensure_export_list_in_time(now, loading_at, settings.centralized_export_lead_hours)
    full = DeclarationInput.model_validate(
        {
            **header_of(filing),
            "transport_means": data.transport_means,
            "total_value": data.total_value,
            "net_weight": data.net_weight,
            "gross_weight": data.gross_weight,
            "items": [i.model_dump() for i in data.items],
        }
    )
    check_declaration(full, day, SessionReference(session), settings.max_items)
    duty, vat = _tax(session, filing, data.items, day)
    found = session.get(TaxGuarantee, filing.guarantee_id)
    assert found is not None  # a foreign key guards it
    consume(session, found, duty + vat, day, field="filing")
    listed = CentralizedList(
        number=next_number(session, filing.office_code, day.year, LIST),
        filing_id=filing.id,
        enterprise_id=filing.enterprise_id,
        flow=filing.flow,
        entry_at=entry_at,
        loading_at=loading_at,
        transport_means=data.transport_means,
        accepted_at=now,
        accepted_on=day,
        period=period_of(now, settings.supervision_timezone),
        lodged_by=actor.username,
        currency=filing.currency,
        total_value=data.total_value,
        net_weight=data.net_weight,
        gross_weight=data.gross_weight,
        items=[i.model_dump(mode="json") for i in data.items],
        duty=duty,
        vat=vat,
        reserved_amount=duty + vat,
    )
    session.add(listed)
    uow.flush()
    record(
        session,
        actor,
        now,
        "centralized.list_accepted",
        "centralized_list",
        listed.number,
        {"filing": filing.number, "duty": str(duty), "vat": str(vat)},
    )
    uow.commit()
    return listed
