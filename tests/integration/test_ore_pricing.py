"""Iron ore at a provisional (formula) price, on SQLite and PostgreSQL: taxed on the
provisional price, then the final price after the lab and the quotational period, and the
supplementary tax or refund per item."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from clearway.audit.tables import audit_events
from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.status import Command, Status
from clearway.identity.model import Actor
from clearway.ore import pricing_services, results, services
from clearway.ore.commands import FinalPriceInput, LabResultInput, ProvisionalPriceInput
from clearway.ore.pricing import Settlement
from clearway.ore.pricing_records import ProvisionalPrice
from clearway.ore.queries import pricing_of
from clearway.ore.status import PricingStatus
from clearway.shared.clock import FixedClock
from clearway.shared.errors import Conflict, RuleViolation
from tests.builders import ADMIN, INSPECTOR, RISK, declaration_body, ore_item
from tests.ore_support import (
    SUPPLIER,
    OreDistrict,
    act,
    declaration,
    guarantee,
    lodge,
    onsite,
    ore_district,
    ore_input,
)

AEO = "advanced_certified"
QP_END = date(2026, 11, 30)
TERMS = {
    "pricing_basis": "Platts IODEX 62% Fe CFR North China, monthly average",
    "quotational_period_start": "2026-11-01",
    "quotational_period_end": QP_END.isoformat(),
    "provisional_unit_price": "780.00",
    "fe_basis_pct": "62.00",
    "moisture_basis_pct": "8.00",
}


@pytest.fixture()
def district(platform: Platform) -> OreDistrict:
    return ore_district(platform)


def two_lines() -> DeclarationInput:
    """Fines and lump under one contract, each at its provisional price (CNY)."""
    fines = ore_item(value="3000000.00", kg="4000000")
    lump = ore_item(value="1300000.00", kg="1000000", tariff_code="2601119000")
    body = declaration_body(
        flow="import",
        items=[fines, lump],
        transport_means="X9001",
        overseas_party=SUPPLIER,
        facilitation_mode="first_release",
    )
    return DeclarationInput.model_validate(body)


def draft(platform: Platform, actor: Actor, data: DeclarationInput) -> str:
    with platform.uow() as uow:
        return declarations.create(uow, data, actor, platform.clock, 50).number


def state(platform: Platform, number: str, actor: Actor, **overrides: Any) -> ProvisionalPrice:
    data = ProvisionalPriceInput.model_validate(TERMS | overrides)
    with platform.uow() as uow:
        return pricing_services.state_provisional(uow, number, data, actor, platform.clock)


def final(platform: Platform, number: str, actor: Actor, *prices: str) -> ProvisionalPrice:
    lines = [{"line_no": n, "price": p} for n, p in enumerate(prices, start=1)]
    data = FinalPriceInput.model_validate({"lines": lines, "final_unit_price": "801.50"})
    with platform.uow() as uow:
        return pricing_services.declare_final(
            uow, number, data, actor, platform.clock, platform.settings
        )


def released_provisional(platform: Platform, district: OreDistrict) -> str:
    """Stated provisional, lodged, released first on a conforming on-site result with the tax
    secured by a guarantee; not yet through the lab."""
    aeo = district.actors[AEO]
    guarantee(platform, district.ids[AEO], "2000000")
    number = draft(platform, aeo, two_lines())
    state(platform, number, aeo)
    act(platform, number, Command.SUBMIT, aeo)
    if declaration(platform, number).lane is None:
        act(platform, number, Command.ACCEPT, RISK)
        act(platform, number, Command.ASSIGN_LANE, RISK, lane="green", reason="green for the test")
    with platform.uow() as uow:
        services.record_onsite(uow, number, onsite(), INSPECTOR, platform.clock, platform.settings)
    assert declaration(platform, number).status is Status.RELEASED
    return number


def lab(platform: Platform) -> None:
    data = LabResultInput.model_validate(
        {"sample_id": "S-001", "fe_pct": "62.8", "moisture_pct": "8.4", "pb_pct": "0.01"}
    )
    with platform.uow() as uow:
        results.record_result(uow, data, INSPECTOR, platform.clock, platform.settings)


def local_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


def set_day(platform: Platform, day: date) -> None:
    assert isinstance(platform.clock, FixedClock)
    platform.clock.set(local_noon(day))


def audit_count(platform: Platform, action: str) -> int:
    a = audit_events.c
    with platform.sessions() as s:
        found = s.execute(select(func.count()).where(a.action == action)).scalar_one()
    return int(found)


def stored(platform: Platform, number: str) -> ProvisionalPrice:
    with platform.sessions() as s:
        found = pricing_of(s, declaration(platform, number).id)
    assert found is not None
    return found


def test_the_final_price_assesses_the_supplementary_tax_per_item(
    platform: Platform, district: OreDistrict
) -> None:
    number = released_provisional(platform, district)
    provisional = stored(platform, number)
    assert provisional.status is PricingStatus.PROVISIONAL
    assert provisional.final_due_on == date(2026, 12, 30)  # 30 days after the period
    assert declaration(platform, number).duty_amount == Decimal("559000.00")  # on 4.3 M CNY
    lab(platform)
    set_day(platform, QP_END + timedelta(days=1))
    done = final(platform, number, district.actors[AEO], "3150000.00", "1300000.00")
    assert done.status is PricingStatus.FINAL and done.settlement is Settlement.SUPPLEMENTARY
    # Import VAT 13 %, duty 0 %: 13 % of the 150,000 CNY more on the fines, nothing on the lump.
    assert (done.duty_difference, done.vat_difference) == (Decimal("0.00"), Decimal("19500.00"))
    assert [(x["line_no"], x["vat"]) for x in done.notice_lines or []] == [
        (1, "19500.00"),
        (2, "0.00"),
    ]
    assert done.notice_number == f"{number}-FP" and done.late is False
    assert (done.lab_fe_pct, done.lab_moisture_pct) == (Decimal("62.8"), Decimal("8.4"))
    assert audit_count(platform, "ore.final_price") == 1
    with pytest.raises(Conflict):
        final(platform, number, district.actors[AEO], "3150000.00", "1300000.00")


def test_a_lower_final_price_is_a_refund_and_a_late_one_is_flagged(
    platform: Platform, district: OreDistrict
) -> None:
    number = released_provisional(platform, district)
    lab(platform)
    set_day(platform, date(2026, 12, 31))  # the day after the deadline
    done = final(platform, number, district.actors[AEO], "2900000.00", "1250000.00")
    assert done.settlement is Settlement.REFUND and done.late is True
    assert done.difference == Decimal("-19500.00")  # 13 % of 150,000 CNY less


def test_the_final_price_on_the_deadline_is_on_time(
    platform: Platform, district: OreDistrict
) -> None:
    number = released_provisional(platform, district)
    lab(platform)
    set_day(platform, date(2026, 12, 30))
    done = final(platform, number, district.actors[AEO], "3000000.00", "1300000.00")
    assert done.late is False and done.settlement is Settlement.NONE


def refused(platform: Platform, number: str, actor: Actor, *prices: str) -> list[tuple[str, str]]:
    with pytest.raises(RuleViolation) as caught:
        final(platform, number, actor, *prices)
    return [(e.path, e.rule) for e in caught.value.errors]


def test_no_final_price_before_the_lab_or_while_the_period_runs_and_nothing_is_written(
    platform: Platform, district: OreDistrict
) -> None:
    number = released_provisional(platform, district)
    aeo = district.actors[AEO]
    set_day(platform, QP_END)  # the period's last day: the index average is not known yet
    assert refused(platform, number, aeo, "3000000", "1300000") == [
        ("lab_result", "ore.lab_result_required"),
        ("quotational_period_end", "ore.quotational_period_open"),
    ]
    lab(platform)
    assert refused(platform, number, aeo, "3000000", "1300000") == [
        ("quotational_period_end", "ore.quotational_period_open")
    ]
    set_day(platform, QP_END + timedelta(days=1))
    assert refused(platform, number, aeo, "3000000") == [("lines", "ore.lines_incomplete")]
    assert stored(platform, number).status is PricingStatus.PROVISIONAL
    assert audit_count(platform, "ore.final_price") == 0


def test_no_final_price_on_a_declaration_not_provisional_or_closed(
    platform: Platform, district: OreDistrict
) -> None:
    aeo = district.actors[AEO]
    plain = lodge(platform, aeo, ore_input())
    assert refused(platform, plain, aeo, "4300000") == [("declaration", "ore.not_provisional")]
    number = released_provisional(platform, district)
    lab(platform)
    act(platform, number, Command.EXIT, ADMIN)
    act(platform, number, Command.CLOSE, ADMIN)
    set_day(platform, QP_END + timedelta(days=1))
    assert refused(platform, number, aeo, "3000000", "1300000") == [
        ("declaration", "ore.declaration_closed")
    ]
    assert stored(platform, number).status is PricingStatus.PROVISIONAL


def test_the_provisional_price_is_stated_with_the_declaration_only(
    platform: Platform, district: OreDistrict
) -> None:
    aeo = district.actors[AEO]
    number = draft(platform, aeo, two_lines())
    with pytest.raises(RuleViolation) as caught:
        state(platform, number, aeo, quotational_period_end="2026-10-31")
    assert [(e.path, e.rule) for e in caught.value.errors] == [("quotational_period_end", "period")]
    act(platform, number, Command.SUBMIT, aeo)
    with pytest.raises(RuleViolation) as caught:
        state(platform, number, aeo)
    assert [(e.path, e.rule) for e in caught.value.errors] == [
        ("declaration", "ore.provisional_after_lodgement")
    ]
    with platform.sessions() as s:
        assert pricing_of(s, declaration(platform, number).id) is None
