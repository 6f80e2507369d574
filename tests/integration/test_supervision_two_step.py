"""Two-step declaration: summary, guarantee reservation, pickup, complete, closure, deadlines."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from clearway.bootstrap import Platform
from clearway.declarations.model import FacilitationMode, Lane
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command, Status
from clearway.declarations.tables import declarations
from clearway.reference import services as reference
from clearway.reference.model import TariffLine
from clearway.shared.clock import FixedClock
from clearway.shared.errors import Conflict, RuleViolation
from clearway.supervision import two_step
from clearway.supervision.breaches import breaches_of
from clearway.supervision.commands import CompleteInput, PickupInput
from clearway.supervision.deadlines import flag_overdue_completes
from clearway.supervision.model import TwoStepStatus
from tests.builders import ADMIN, INSPECTOR, NOW, TODAY, ore_item
from tests.conftest import settings_for
from tests.licensing_support import record as record_licence
from tests.supervision_support import (
    ORE_TAX,
    Importers,
    accept,
    act,
    balance,
    file_guarantee,
    lodge,
    seed_importers,
    summary,
    summary_input,
)


@pytest.fixture()
def importers(platform: Platform) -> Importers:
    return seed_importers(platform)


def _count_declarations(platform: Platform) -> int:
    with platform.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(declarations)) or 0)


def _refused(exc: pytest.ExceptionInfo[RuleViolation]) -> tuple[str, str]:
    error = exc.value.errors[0]
    return error.path, error.rule


def _pickup(platform: Platform, number: str) -> None:
    with platform.uow() as uow:
        two_step.pickup(uow, number, PickupInput(), INSPECTOR, platform.clock, platform.settings)


def _complete(platform: Platform, number: str, value: str, actor: object) -> None:
    data = CompleteInput.model_validate(
        {
            "summary": number,
            "items": [ore_item(value=value, kg="1000000")],
            "total_value": value,
            "net_weight": "1000000",
            "gross_weight": "1000000",
        }
    )
    with platform.uow() as uow:
        two_step.complete(uow, data, actor, platform.clock, platform.settings)  # type: ignore[arg-type]


def test_summary_reserves_the_estimated_tax(platform: Platform, importers: Importers) -> None:
    declaration = lodge(platform, importers.district.importer, summary_input(importers.guarantee))
    assert declaration.status is Status.SUBMITTED
    assert declaration.facilitation_measures == {FacilitationMode.TWO_STEP}
    record = summary(platform, declaration.number)
    assert record.status is TwoStepStatus.OPEN and record.reserved_amount == ORE_TAX
    assert balance(platform, importers.guarantee) == Decimal("500000.00") - ORE_TAX


def test_a_dishonest_enterprise_is_refused_and_nothing_changes(
    platform: Platform, importers: Importers
) -> None:
    before = _count_declarations(platform)
    with pytest.raises(RuleViolation) as refused:
        lodge(platform, importers.dishonest, summary_input(importers.dishonest_guarantee))
    assert _refused(refused) == ("declaration.trader_id", "eligibility.two_step")
    assert "credit level dishonest" in refused.value.errors[0].message
    assert _count_declarations(platform) == before
    assert balance(platform, importers.dishonest_guarantee) == Decimal("500000.00")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"guarantee": None}, ("guarantee", "two_step.guarantee_required")),
        ({"guarantee": "7909-2026-G-999999"}, ("guarantee", "guarantee.unknown")),
        ({"taxable": False, "guarantee": None}, ("taxable", "two_step.taxable")),
    ],
)
def test_bad_summaries_are_refused(
    platform: Platform, importers: Importers, overrides: dict[str, object], expected: tuple
) -> None:
    data = summary_input(importers.guarantee).model_copy(update=overrides)
    with pytest.raises(RuleViolation) as refused:
        lodge(platform, importers.district.importer, data)
    assert _refused(refused) == expected
    assert balance(platform, importers.guarantee) == Decimal("500000.00")


def test_iron_ore_cannot_be_summarised_without_statutory_inspection(
    platform: Platform, importers: Importers
) -> None:
    data = summary_input(importers.guarantee, inspection_required=False)
    with pytest.raises(RuleViolation) as refused:
        lodge(platform, importers.district.importer, data)
    assert _refused(refused) == ("inspection_required", "two_step.statutory_inspection")
    assert "item 1 2601111000" in refused.value.errors[0].message
    assert _count_declarations(platform) == 0
    assert balance(platform, importers.guarantee) == Decimal("500000.00")


def _licence_from(platform: Platform, day: date) -> None:
    """The ore line gains a licence condition (7, automatic import licence) from `day`."""
    common = {
        "code": "2601111000",
        "description": "Iron ore fines",
        "mfn_rate": Decimal(0),
        "vat_rate": Decimal(13),
        "export_rebate_rate": Decimal(0),
        "unit": "kg",
    }
    lines = [
        TariffLine(
            valid_from=date(2018, 1, 1),
            valid_to=day - timedelta(days=1),
            supervision_conditions="A",
            **common,
        ),
        TariffLine(valid_from=day, valid_to=None, supervision_conditions="A7", **common),
    ]
    with platform.uow() as uow:
        reference.load_tariff(uow, lines, ADMIN, platform.clock.now())


def _dated(importers: Importers, day: date, **overrides: object) -> object:
    data = summary_input(importers.guarantee, **overrides)
    declaration = data.declaration.model_copy(update={"declaration_date": day})
    return data.model_copy(update={"declaration": declaration})


def test_a_licence_condition_counts_from_the_day_it_is_in_force(
    platform: Platform, importers: Importers
) -> None:
    _licence_from(platform, TODAY)
    importer = importers.district.importer
    day_before = lodge(platform, importer, _dated(importers, TODAY - timedelta(days=1)))  # type: ignore[arg-type]
    assert summary(platform, day_before.number).licence_number is None
    with pytest.raises(RuleViolation) as refused:
        lodge(platform, importer, _dated(importers, TODAY))  # type: ignore[arg-type]
    assert [(e.path, e.rule) for e in refused.value.errors] == [
        ("licence_required", "two_step.licence_required"),
        ("licence_number", "two_step.licence_number"),
    ]
    with pytest.raises(RuleViolation) as refused:
        lodge(platform, importer, _dated(importers, TODAY, licence_required=True))  # type: ignore[arg-type]
    assert _refused(refused) == ("licence_number", "two_step.licence_number")
    assert _count_declarations(platform) == 1
    licensed = _dated(importers, TODAY, licence_required=True, licence_number="26-AIL-000123")
    with pytest.raises(RuleViolation) as refused:  # a number customs has no licence for
        lodge(platform, importer, licensed)  # type: ignore[arg-type]
    assert _refused(refused) == ("items[0].licence_number", "licence_unknown")
    record_licence(platform, importers.district.importer_id)  # the bureau's licence, recorded
    declaration = lodge(platform, importer, licensed)  # type: ignore[arg-type]
    assert summary(platform, declaration.number).licence_number == "26-AIL-000123"


def test_exports_cannot_use_two_step(platform: Platform, importers: Importers) -> None:
    data = summary_input(importers.guarantee)
    data = data.model_copy(
        update={"declaration": data.declaration.model_copy(update={"flow": "export"})}
    )
    with pytest.raises(RuleViolation) as refused:
        lodge(platform, importers.district.importer, data)
    assert _refused(refused) == ("declaration.flow", "two_step.imports_only")


def test_an_expired_or_short_guarantee_is_refused(platform: Platform, importers: Importers) -> None:
    importer = importers.district.importer_id
    expired = file_guarantee(platform, importer, valid_to=NOW.date() - timedelta(days=1))
    small = file_guarantee(platform, importer, amount="100000.00")
    with pytest.raises(RuleViolation) as refused:
        lodge(platform, importers.district.importer, summary_input(expired))
    assert _refused(refused) == ("guarantee", "guarantee.expired")
    with pytest.raises(RuleViolation) as refused:
        lodge(platform, importers.district.importer, summary_input(small))
    assert _refused(refused) == ("guarantee", "guarantee.insufficient")
    assert balance(platform, small) == Decimal("100000.00")
    assert _count_declarations(platform) == 0


def test_pickup_waits_for_acceptance_and_inspection(
    platform: Platform, importers: Importers
) -> None:
    number = lodge(platform, importers.district.importer, summary_input(importers.guarantee)).number
    with pytest.raises(RuleViolation) as refused:
        _pickup(platform, number)
    assert refused.value.errors[0].rule == "two_step.not_accepted"
    accept(platform, number, Lane.RED)
    with pytest.raises(RuleViolation) as refused:
        _pickup(platform, number)
    assert refused.value.errors[0].rule == "two_step.inspection_first"
    act(platform, number, Command.BEGIN_INSPECTION, INSPECTOR)
    with pytest.raises(RuleViolation):
        _pickup(platform, number)
    act(platform, number, Command.ASSESS_DUTY, INSPECTOR)  # inspection over (E6_END)
    _pickup(platform, number)
    with platform.sessions() as s:
        declaration = get_visible(s, ADMIN, number)
        assert declaration.status is Status.RELEASED
        assert [e.command for e in declaration.events][-2:] == ["pay", "release"]
    # The reservation secured the tax: nothing more was taken from the guarantee.
    assert balance(platform, importers.guarantee) == Decimal("500000.00") - ORE_TAX
    with pytest.raises(Conflict):
        _pickup(platform, number)


def test_complete_in_time_settles_and_closes(platform: Platform, importers: Importers) -> None:
    clock = platform.clock
    assert isinstance(clock, FixedClock)
    number = lodge(platform, importers.district.importer, summary_input(importers.guarantee)).number
    accept(platform, number)
    clock.advance(timedelta(hours=2))
    act(platform, number, Command.RECORD_ARRIVAL, INSPECTOR)  # E1: the anchor
    arrival = clock.now()
    clock.advance(timedelta(hours=1))
    _pickup(platform, number)
    record = summary(platform, number)
    assert record.complete_due_at == arrival + timedelta(days=14)
    clock.set(arrival + timedelta(days=14))  # exactly at the deadline: in time
    # Final value is lower: 800,000 CNY -> VAT 104,000; 7,800 of the reservation comes back.
    _complete(platform, number, "800000.00", importers.district.importer)
    record = summary(platform, number)
    assert record.status is TwoStepStatus.CLOSED
    assert record.settled_amount == Decimal("104000.00")
    assert record.restored_amount == Decimal("7800.00")
    assert balance(platform, importers.guarantee) == Decimal("396000.00")
    with platform.sessions() as s:
        declaration = get_visible(s, ADMIN, number)
        assert declaration.status is Status.CLOSED
        assert declaration.items[0].value == Decimal("800000.00")
        assert declaration.events[-1].milestone == "E10"
        assert breaches_of(s, ADMIN, importers.district.importer_id) == []


def test_complete_for_unknown_or_closed_summary_is_refused(
    platform: Platform, importers: Importers
) -> None:
    importer = importers.district.importer
    with pytest.raises(RuleViolation) as refused:
        _complete(platform, "7909-2026-I-999999", "800000.00", importer)
    assert _refused(refused) == ("summary", "two_step.unknown_summary")
    number = lodge(platform, importer, summary_input(importers.guarantee)).number
    accept(platform, number)
    _pickup(platform, number)
    _complete(platform, number, "800000.00", importer)
    left = balance(platform, importers.guarantee)
    with pytest.raises(RuleViolation) as refused:
        _complete(platform, number, "700000.00", importer)
    assert _refused(refused) == ("summary", "two_step.closed")
    assert balance(platform, importers.guarantee) == left
    # Another enterprise's summary reads as unknown.
    with pytest.raises(RuleViolation) as refused:
        _complete(platform, number, "700000.00", importers.dishonest)
    assert _refused(refused) == ("summary", "two_step.unknown_summary")


@pytest.mark.parametrize(
    ("offset", "flagged"),
    [(timedelta(seconds=-1), False), (timedelta(0), False), (timedelta(seconds=1), True)],
)
def test_the_job_flags_a_complete_only_after_its_deadline(
    platform: Platform, importers: Importers, offset: timedelta, flagged: bool
) -> None:
    clock = platform.clock
    assert isinstance(clock, FixedClock)
    number = lodge(platform, importers.district.importer, summary_input(importers.guarantee)).number
    accept(platform, number)
    _pickup(platform, number)  # no E0/E1 on record: the release anchors the deadline
    due = NOW + timedelta(days=14)
    assert summary(platform, number).complete_due_at == due
    clock.set(due + offset)
    flag_overdue_completes(platform)
    flag_overdue_completes(platform)  # a second pass records nothing new
    with platform.sessions() as s:
        found = breaches_of(s, ADMIN, importers.district.importer_id)
    assert len(found) == (1 if flagged else 0)
    if flagged:
        assert found[0].reference == number and found[0].occurred_at == due


def test_a_late_complete_is_still_taken_and_counted_once(
    platform: Platform, importers: Importers
) -> None:
    clock = platform.clock
    assert isinstance(clock, FixedClock)
    importer = importers.district.importer
    number = lodge(platform, importer, summary_input(importers.guarantee)).number
    accept(platform, number)
    _pickup(platform, number)
    clock.advance(timedelta(days=15))
    flag_overdue_completes(platform)
    _complete(platform, number, "860000.00", importer)
    with platform.sessions() as s:
        assert len(breaches_of(s, ADMIN, importers.district.importer_id)) == 1
    assert summary(platform, number).status is TwoStepStatus.CLOSED


def test_breaches_withdraw_two_step_after_the_configured_number(
    platform: Platform, importers: Importers
) -> None:
    platform.settings = settings_for(
        platform.engine, supervision_eligibility={"two_step": {"max_breaches": 1}}
    )
    clock = platform.clock
    assert isinstance(clock, FixedClock)
    importer = importers.district.importer
    number = lodge(platform, importer, summary_input(importers.guarantee)).number
    accept(platform, number)
    _pickup(platform, number)
    clock.advance(timedelta(days=14, seconds=1))
    flag_overdue_completes(platform)
    with pytest.raises(RuleViolation) as refused:
        lodge(platform, importer, summary_input(importers.guarantee))
    assert _refused(refused) == ("declaration.trader_id", "eligibility.two_step")
    assert "1 two step breaches" in refused.value.errors[0].message


def test_a_rejected_summary_gives_its_reservation_back(
    platform: Platform, importers: Importers
) -> None:
    number = lodge(platform, importers.district.importer, summary_input(importers.guarantee)).number
    act(platform, number, Command.REJECT, INSPECTOR, reason="wrong consignee")
    flag_overdue_completes(platform)
    assert summary(platform, number).status is TwoStepStatus.VOID
    assert balance(platform, importers.guarantee) == Decimal("500000.00")


def test_a_broker_lodges_for_its_principal_only(platform: Platform, importers: Importers) -> None:
    d = importers.district
    data = summary_input(importers.guarantee)
    body = data.declaration.model_copy(update={"trader_id": d.importer_id})
    number = lodge(platform, d.broker, data.model_copy(update={"declaration": body})).number
    assert summary(platform, number).enterprise_id == d.importer_id
    foreign = data.declaration.model_copy(update={"trader_id": d.exporter_id})
    with pytest.raises(RuleViolation) as refused:
        lodge(platform, d.broker, data.model_copy(update={"declaration": foreign}))
    assert _refused(refused) == ("declaration.trader_id", "broker_authorisation")
