"""Centralized declaration: filing, lists in time, dated duty per list, consolidation deadlines."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from clearway.bonded.queries import payment_of
from clearway.bootstrap import Platform
from clearway.declarations.model import Declaration, FacilitationMode, Lane
from clearway.declarations.status import Status
from clearway.identity.model import Actor
from clearway.reference import services as reference
from clearway.reference.model import TariffLine
from clearway.shared.clock import FixedClock
from clearway.shared.errors import RuleViolation
from clearway.supervision import centralized, consolidation
from clearway.supervision.breaches import breaches_of
from clearway.supervision.commands import ConsolidateInput, FilingInput, ListInput
from clearway.supervision.model import CentralizedFiling, CentralizedList
from clearway.supervision.queries import lists_of
from clearway.supervision.tables import centralized_filings, centralized_lists
from tests.builders import ADMIN, HORGOS, NOW, RISK, ore_item
from tests.conftest import QUIET, rewired, settings_for
from tests.supervision_support import (
    Importers,
    accept,
    allowing_general_goods,
    balance,
    file_guarantee,
    seed_importers,
)

# General trade may not cross a calendar year: December's lists are due by the end of
# 31 December (Asia/Shanghai), not by 10 January.
DEC_DUE = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)


@pytest.fixture()
def platform(platform: Platform) -> Platform:
    """These tests file iron ore, which a district must open centralized declaration to."""
    return allowing_general_goods(platform)


@pytest.fixture()
def importers(platform: Platform) -> Importers:
    return seed_importers(platform)


def _clock(platform: Platform) -> FixedClock:
    assert isinstance(platform.clock, FixedClock)
    return platform.clock


def _file(
    platform: Platform, actor: Actor, guarantee: str, **overrides: object
) -> CentralizedFiling:
    body = {
        "flow": "import",
        "office_code": HORGOS,
        "port_code": "7909",
        "transport_mode": "rail",
        "trade_country": "KZ",
        "currency": "CNY",
        "goods_category": "general",
        "guarantee": guarantee,
        **overrides,
    }
    with platform.uow() as uow:
        return centralized.file(
            uow, FilingInput.model_validate(body), actor, platform.clock, platform.settings
        )


def _list(
    platform: Platform, actor: Actor, filing: str, value: str = "430000.00", **overrides: object
) -> CentralizedList:
    kg = "500000"
    body = {
        "filing": filing,
        "entry_at": platform.clock.now().isoformat(),
        "transport_means": "X9001",
        "total_value": value,
        "net_weight": kg,
        "gross_weight": kg,
        "items": [ore_item(value=value, kg=kg)],
        **overrides,
    }
    with platform.uow() as uow:
        return centralized.lodge_list(
            uow, ListInput.model_validate(body), actor, platform.clock, platform.settings
        )


def _consolidate(platform: Platform, actor: Actor, filing: str, period: str) -> Declaration:
    with platform.uow() as uow:
        return consolidation.consolidate(
            uow,
            ConsolidateInput(filing=filing, period=period),
            actor,
            platform.clock,
            platform.settings,
            platform.submission,
        )


def _rule(exc: pytest.ExceptionInfo[RuleViolation]) -> tuple[str, str]:
    return exc.value.errors[0].path, exc.value.errors[0].rule


def test_filing_needs_a_guarantee_running_three_months(
    platform: Platform, importers: Importers
) -> None:
    importer = importers.district.importer_id
    short = file_guarantee(platform, importer, valid_to=date(2027, 2, 19))
    exact = file_guarantee(platform, importer, valid_to=date(2027, 2, 20))
    with pytest.raises(RuleViolation) as refused:
        _file(platform, importers.district.importer, short)
    assert _rule(refused) == ("guarantee", "guarantee.validity_too_short")
    filing = _file(platform, importers.district.importer, exact)
    assert filing.number.startswith("7909-2026-F-")


def test_a_dishonest_enterprise_cannot_file(platform: Platform, importers: Importers) -> None:
    with pytest.raises(RuleViolation) as refused:
        _file(platform, importers.dishonest, importers.dishonest_guarantee)
    assert _rule(refused) == ("trader_id", "eligibility.centralized")


@pytest.mark.parametrize(
    ("late", "accepted"), [(timedelta(0), True), (timedelta(seconds=1), False)]
)
def test_an_import_list_is_due_within_fourteen_days_of_entry(
    platform: Platform, importers: Importers, late: timedelta, accepted: bool
) -> None:
    filing = _file(platform, importers.district.importer, importers.guarantee)
    entry = NOW - timedelta(days=14) - late
    if accepted:
        listed = _list(
            platform, importers.district.importer, filing.number, entry_at=entry.isoformat()
        )
        assert listed.reserved_amount == Decimal("55900.00")  # 13 % VAT on 430,000
        assert balance(platform, importers.guarantee) == Decimal("444100.00")
        return
    with pytest.raises(RuleViolation) as refused:
        _list(platform, importers.district.importer, filing.number, entry_at=entry.isoformat())
    assert _rule(refused) == ("entry_at", "centralized.import_list_deadline")
    assert balance(platform, importers.guarantee) == Decimal("500000.00")


@pytest.mark.parametrize(
    ("lead", "accepted"), [(timedelta(hours=24), True), (timedelta(hours=24, seconds=-1), False)]
)
def test_an_export_list_is_lodged_24_hours_before_loading(
    platform: Platform, importers: Importers, lead: timedelta, accepted: bool
) -> None:
    exporter = importers.district.exporter
    guarantee = file_guarantee(platform, importers.district.exporter_id)
    filing = _file(platform, exporter, guarantee, flow="export", trade_country="KZ")
    loading = (NOW + lead).isoformat()
    item = ore_item(value="430000.00", kg="500000", destination_country="KZ", origin_country="CN")
    body = {"entry_at": None, "loading_at": loading, "items": [item]}
    if accepted:
        assert _list(platform, exporter, filing.number, **body).reserved_amount == 0
        return
    with pytest.raises(RuleViolation) as refused:
        _list(platform, exporter, filing.number, **body)
    assert _rule(refused) == ("loading_at", "centralized.export_list_lead_time")


def test_another_enterprises_filing_reads_as_unknown(
    platform: Platform, importers: Importers
) -> None:
    filing = _file(platform, importers.district.importer, importers.guarantee)
    with pytest.raises(RuleViolation) as refused:
        _list(platform, importers.district.exporter, filing.number)
    assert _rule(refused) == ("filing", "centralized.unknown_filing")


def _raise_duty_from(platform: Platform, day: date) -> None:
    """Iron ore concentrate gets a 2 % duty from `day` (a dated tariff change)."""
    common = {
        "code": "2601111000",
        "description": "Iron ore fines",
        "vat_rate": Decimal(13),
        "export_rebate_rate": Decimal(0),
        "supervision_conditions": "A",
        "unit": "kg",
    }
    lines = [
        TariffLine(
            valid_from=date(2018, 1, 1),
            valid_to=day - timedelta(days=1),
            mfn_rate=Decimal(0),
            **common,
        ),
        TariffLine(valid_from=day, valid_to=None, mfn_rate=Decimal(2), **common),
    ]
    with platform.uow() as uow:
        reference.load_tariff(uow, lines, ADMIN, platform.clock.now())


def test_consolidation_uses_each_lists_acceptance_day_rates(
    platform: Platform, importers: Importers
) -> None:
    clock = _clock(platform)
    importer = importers.district.importer
    platform.submission = rewired(platform, **QUIET).submission  # screened green at once
    _raise_duty_from(platform, date(2026, 12, 15))
    clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    filing = _file(platform, importer, importers.guarantee)
    first = _list(platform, importer, filing.number)  # 0 % duty: VAT 55,900
    clock.set(datetime(2026, 12, 20, 2, 0, tzinfo=UTC))
    second = _list(platform, importer, filing.number)  # 2 % duty 8,600 + VAT 57,018
    assert (first.duty, first.vat) == (Decimal("0.00"), Decimal("55900.00"))
    assert (second.duty, second.vat) == (Decimal("8600.00"), Decimal("57018.00"))
    clock.set(DEC_DUE)  # at the deadline: in time
    declaration = _consolidate(platform, importer, filing.number, "2026-12")
    assert declaration.facilitation_measures == {FacilitationMode.CENTRALIZED}
    assert declaration.status is Status.PAID
    assert declaration.duty_amount == Decimal("121518.00")
    assert len(declaration.items) == 2
    with platform.sessions() as s:
        payment = payment_of(s, declaration.id)
        assert payment is not None and payment.amount == Decimal("121518.00")
        assert breaches_of(s, ADMIN, importers.district.importer_id) == []
    # The reservations stay on the guarantee until the tax is paid (bonded settle restores).
    assert balance(platform, importers.guarantee) == Decimal("500000.00") - Decimal("121518.00")
    with pytest.raises(RuleViolation) as refused:
        _consolidate(platform, importer, filing.number, "2026-12")
    assert _rule(refused) == ("period", "centralized.nothing_to_consolidate")


def test_an_officer_assesses_a_selected_consolidation_at_the_lists_rates(
    platform: Platform, importers: Importers
) -> None:
    importer = importers.district.importer
    filing = _file(platform, importer, importers.guarantee)
    _list(platform, importer, filing.number)
    declaration = _consolidate(platform, importer, filing.number, "2026-11")
    assert declaration.status is Status.SUBMITTED  # no screening in this platform
    accept(platform, declaration.number, Lane.YELLOW)
    with platform.uow() as uow:
        done = consolidation.assess(
            uow, declaration.number, consolidation.AssessInput(), RISK, platform.clock
        )
    assert done.status is Status.PAID and done.duty_amount == Decimal("55900.00")


@pytest.mark.parametrize(
    ("offset", "breach"), [(timedelta(seconds=-1), False), (timedelta(seconds=1), True)]
)
def test_the_job_consolidates_missed_periods_and_records_the_breach(
    platform: Platform, importers: Importers, offset: timedelta, breach: bool
) -> None:
    clock = _clock(platform)
    importer = importers.district.importer
    clock.set(datetime(2026, 12, 3, 2, 0, tzinfo=UTC))
    filing = _file(platform, importer, importers.guarantee)
    _list(platform, importer, filing.number)
    clock.set(DEC_DUE + offset)
    summary = consolidation.consolidate_overdue(platform)
    with platform.sessions() as s:
        found = breaches_of(s, ADMIN, importers.district.importer_id)
        listed = lists_of(s, filing)
    assert [x.declaration_id is not None for x in listed] == [breach]
    assert summary.startswith("1 overdue" if breach else "0 overdue")
    assert len(found) == (1 if breach else 0)
    if breach:
        assert found[0].reference == f"{filing.number}/2026-12"
        assert found[0].occurred_at == DEC_DUE


@pytest.mark.parametrize(
    ("offset", "breach"), [(timedelta(0), False), (timedelta(seconds=1), True)]
)
def test_bonded_goods_are_due_by_the_end_of_the_next_month(
    platform: Platform, importers: Importers, offset: timedelta, breach: bool
) -> None:
    clock = _clock(platform)
    importer = importers.district.importer
    filing = _file(platform, importer, importers.guarantee, regime="bonded")
    _list(platform, importer, filing.number)
    next_month_end = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # 1 January 00:00 in Shanghai
    clock.set(next_month_end + offset)
    _consolidate(platform, importer, filing.number, "2026-11")
    with platform.sessions() as s:
        found = breaches_of(s, ADMIN, importers.district.importer_id)
    assert [b.occurred_at for b in found] == ([next_month_end] if breach else [])


def test_general_trade_of_november_is_still_due_by_the_tenth(
    platform: Platform, importers: Importers
) -> None:
    importer = importers.district.importer
    filing = _file(platform, importer, importers.guarantee)
    _list(platform, importer, filing.number)
    due = consolidation.due_of(filing, "2026-11", platform.settings)
    assert due == datetime(2026, 12, 10, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"goods_category": "general"}, [("goods_category", "centralized.goods_category")]),
        (
            {"goods_category": "bonded_road", "regime": "bonded"},
            [("transport_mode", "centralized.bonded_road")],
        ),
        (
            {"goods_category": "bonded_road", "transport_mode": "road"},
            [("regime", "centralized.bonded_road")],
        ),
    ],
)
def test_by_default_only_decree_169_goods_may_file(
    platform: Platform,
    importers: Importers,
    overrides: dict[str, str],
    expected: list[tuple[str, str]],
) -> None:
    default = replace(platform, settings=settings_for(platform.engine))
    with pytest.raises(RuleViolation) as refused:
        _file(default, importers.district.importer, importers.guarantee, **overrides)
    assert [(e.path, e.rule) for e in refused.value.errors] == expected
    with default.sessions() as s:
        assert s.scalar(select(func.count()).select_from(centralized_filings)) == 0


def test_dangerous_goods_and_bonded_goods_by_road_may_file(
    platform: Platform, importers: Importers
) -> None:
    default = replace(platform, settings=settings_for(platform.engine))
    importer = importers.district.importer
    dangerous = _file(default, importer, importers.guarantee, goods_category="dangerous_goods")
    bonded = _file(
        default,
        importer,
        importers.guarantee,
        goods_category="bonded_road",
        transport_mode="road",
        regime="bonded",
    )
    assert dangerous.number != bonded.number


def test_a_list_of_other_goods_than_the_filings_category_is_refused(
    platform: Platform, importers: Importers
) -> None:
    importer = importers.district.importer
    dangerous = _file(platform, importer, importers.guarantee, goods_category="dangerous_goods")
    with pytest.raises(RuleViolation) as refused:
        _list(platform, importer, dangerous.number)  # iron ore declares no UN number
    assert [(e.path, e.rule) for e in refused.value.errors] == [
        ("items[0].dangerous_goods", "centralized.goods_category_mismatch")
    ]
    perishable = _file(platform, importer, importers.guarantee, goods_category="perishable")
    with pytest.raises(RuleViolation) as ore:
        _list(platform, importer, perishable.number)
    assert [e.path for e in ore.value.errors] == ["items[0].tariff_code"]
    with platform.sessions() as s:
        assert s.scalar(select(func.count()).select_from(centralized_lists)) == 0
    general = _file(platform, importer, importers.guarantee)  # the district allows general goods
    assert _list(platform, importer, general.number).number
