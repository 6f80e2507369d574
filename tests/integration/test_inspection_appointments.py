"""Office calendars and appointment clearance outside office hours, on a controllable clock."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from clearway.bootstrap import Platform
from clearway.declarations.model import FacilitationMode, Lane
from clearway.enterprises import services as enterprises
from clearway.enterprises.commands import CreditLevelInput
from clearway.enterprises.model import CreditLevel, EnterpriseRole
from clearway.identity.model import Actor, Role
from clearway.inspection import appointments, calendars
from clearway.inspection.commands import (
    AppointmentInput,
    CalendarInput,
    DecisionInput,
    HolidayInput,
    WorkingPeriodInput,
)
from clearway.inspection.status import AppointmentCommand, AppointmentStatus
from clearway.inspection.tables import clearance_appointments
from clearway.shared.clock import FixedClock
from clearway.shared.errors import Conflict, PermissionDenied, RuleViolation
from tests.builders import ADMIN, HORGOS, INSPECTOR, ORDOS, register_enterprise
from tests.inspection_support import lodge, seed_inspection

# Friday 20 November 2026, 20:00 Beijing time: after the office closes at 18:00.
EVENING = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _regular_exporter(platform: Platform) -> Actor:
    n = register_enterprise(platform, 5, "内蒙古恒通新能源有限公司", [EnterpriseRole.TRADER])
    return Actor(user_id=None, username="hengtong", role=Role.ENTERPRISE_USER, enterprise_id=n)


def _ask(platform: Platform, actor: Actor, starts_at: datetime, **overrides: Any):  # type: ignore[no-untyped-def]
    body: dict[str, Any] = {
        "office_code": ORDOS,
        "tariff_codes": ["8507600030"],
        "shipment": "truck 蒙K12345, 2 energy storage cabinets",
        "goods_category": "dangerous_goods",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
    }
    body.update(overrides)
    with platform.uow() as uow:
        return appointments.request(
            uow, AppointmentInput.model_validate(body), actor, platform.clock, platform.settings
        )


def _count(platform: Platform) -> int:
    with platform.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(clearance_appointments)) or 0)


def _rules(refused: pytest.ExceptionInfo[RuleViolation]) -> list[str]:
    return [e.rule for e in refused.value.errors]


@pytest.mark.parametrize(
    ("level", "hours"), [("advanced_certified", 8), ("regular", 24)], ids=["8h", "24h"]
)
@pytest.mark.parametrize(
    ("offset", "allowed"),
    [(timedelta(0), True), (timedelta(seconds=1), False), (timedelta(seconds=-1), True)],
    ids=["exactly", "one-second-inside", "one-second-outside"],
)
def test_lead_time_at_the_deadline(
    platform: Platform, level: str, hours: int, offset: timedelta, allowed: bool
) -> None:
    setup = seed_inspection(platform)
    actor = (
        setup.district.exporter if level == "advanced_certified" else _regular_exporter(platform)
    )
    clock = platform.clock
    assert isinstance(clock, FixedClock)
    clock.set(EVENING - timedelta(hours=hours) + offset)
    if allowed:
        done = _ask(platform, actor, EVENING)
        assert done.status is AppointmentStatus.REQUESTED
        assert done.lead_hours == hours and done.credit_level == level
        return
    with pytest.raises(RuleViolation) as refused:
        _ask(platform, actor, EVENING)
    assert _rules(refused) == ["appointment.lead_time"]
    assert refused.value.errors[0].path == "starts_at"
    assert _count(platform) == 0


def test_the_credit_level_on_the_day_of_asking_sets_the_lead_time(platform: Platform) -> None:
    setup = seed_inspection(platform)
    actor = _regular_exporter(platform)
    tomorrow = platform.clock.now().date() + timedelta(days=1)
    with platform.uow() as uow:
        enterprises.change_credit_level(
            uow,
            int(actor.enterprise_id or 0),
            CreditLevelInput(
                level=CreditLevel.ADVANCED_CERTIFIED, effective_from=tomorrow, reason="AEO audit"
            ),
            ADMIN,
            platform.clock,
        )
    with pytest.raises(RuleViolation) as refused:  # 10 hours' notice: not yet enough today
        _ask(platform, actor, EVENING)
    assert _rules(refused) == ["appointment.lead_time"]
    assert "24 hours" in refused.value.errors[0].message
    _ = setup


def test_inside_office_hours_is_ordinary_clearance(platform: Platform) -> None:
    setup = seed_inspection(platform)
    monday_morning = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 Beijing time
    with pytest.raises(RuleViolation) as refused:
        _ask(platform, setup.district.exporter, monday_morning)
    assert _rules(refused) == ["appointment.office_hours"]
    # Ending exactly when the office opens is still outside its hours.
    dawn = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)  # Monday 06:30–08:30 Beijing time
    assert _ask(platform, setup.district.exporter, dawn).id
    # Saturday is outside office hours all day.
    saturday = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    assert _ask(platform, setup.district.exporter, saturday, shipment="truck 2").id


def test_a_holiday_is_outside_office_hours(platform: Platform) -> None:
    setup = seed_inspection(platform)
    new_year_morning = datetime(2027, 1, 1, 2, 0, tzinfo=UTC)  # Friday, 10:00 Beijing time
    assert _ask(platform, setup.district.exporter, new_year_morning).id
    day_before = new_year_morning - timedelta(days=1)
    with pytest.raises(RuleViolation) as refused:
        _ask(platform, setup.district.exporter, day_before, shipment="truck 2")
    assert _rules(refused) == ["appointment.office_hours"]


def test_ineligible_enterprise_or_goods_are_refused_with_every_reason(platform: Platform) -> None:
    setup = seed_inspection(platform)
    n = register_enterprise(
        platform, 6, "伊犁远河商贸有限公司", [EnterpriseRole.TRADER], CreditLevel.DISHONEST
    )
    dishonest = Actor(user_id=None, username="yuanhe", role=Role.ENTERPRISE_USER, enterprise_id=n)
    with pytest.raises(RuleViolation) as refused:
        _ask(platform, dishonest, EVENING - timedelta(hours=2))
    assert _rules(refused) == ["appointment.lead_time", "eligibility.appointment_clearance"]
    assert "dishonest" in refused.value.errors[1].message
    with pytest.raises(RuleViolation) as ore:
        _ask(
            platform,
            setup.district.importer,
            EVENING + timedelta(days=1),
            office_code=HORGOS,
            tariff_codes=["2601111000"],
            goods_category="urgent",
        )
    assert _rules(ore) == ["eligibility.appointment_clearance"]
    assert "2601111000" in ore.value.errors[0].message
    assert _count(platform) == 0


def test_office_without_a_calendar_is_refused(platform: Platform) -> None:
    setup = seed_inspection(platform)
    with platform.uow() as uow:
        from clearway.reference.model import CustomsOffice

        uow.session.add(CustomsOffice(code="0101", name="北京海关", name_en="Beijing", port="PEK"))
        uow.commit()
    with pytest.raises(RuleViolation) as refused:
        _ask(platform, setup.district.exporter, EVENING, office_code="0101")
    assert _rules(refused) == ["office_calendar.missing"]


def test_appointment_for_a_declaration_is_confirmed_and_marks_it(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    declaration = lodge(platform, d.exporter, Lane.GREEN)
    done = _ask(
        platform,
        d.exporter,
        EVENING,
        declaration=declaration.number,
        office_code=None,
        tariff_codes=[],
        shipment="",
    )
    assert done.declaration_id == declaration.id and done.tariff_codes == "8507600030"
    with pytest.raises(Conflict) as twice:
        _ask(
            platform,
            d.exporter,
            EVENING + timedelta(hours=1),
            declaration=declaration.number,
            office_code=None,
            tariff_codes=[],
            shipment="",
        )
    assert twice.value.extra["rule"] == "appointment.duplicate"
    with pytest.raises(PermissionDenied), platform.uow() as uow:
        appointments.act(
            uow, done.id, AppointmentCommand.CONFIRM, DecisionInput(), d.exporter, platform.clock
        )
    with pytest.raises(RuleViolation), platform.uow() as uow:
        appointments.act(
            uow, done.id, AppointmentCommand.DECLINE, DecisionInput(), INSPECTOR, platform.clock
        )
    with platform.uow() as uow:
        confirmed = appointments.act(
            uow, done.id, AppointmentCommand.CONFIRM, DecisionInput(), INSPECTOR, platform.clock
        )
    assert confirmed.status is AppointmentStatus.CONFIRMED and confirmed.decided_by == "inspector"
    with platform.sessions() as s:
        from clearway.declarations.queries import get_visible

        assert get_visible(s, INSPECTOR, declaration.id).facilitation_measures == {
            FacilitationMode.APPOINTMENT
        }
        assert appointments.list_visible(s, d.importer) == []
        assert [a.id for a in appointments.list_visible(s, d.exporter)] == [done.id]
    with platform.uow() as uow:
        cancelled = appointments.act(
            uow,
            done.id,
            AppointmentCommand.CANCEL,
            DecisionInput(reason="train late"),
            d.exporter,
            platform.clock,
        )
    assert cancelled.status is AppointmentStatus.CANCELLED


def test_calendar_hours_are_checked_and_replaced(platform: Platform) -> None:
    seed_inspection(platform)
    overlapping = CalendarInput(
        hours=[
            WorkingPeriodInput(weekday=1, opens=time(8), closes=time(12)),
            WorkingPeriodInput(weekday=1, opens=time(11), closes=time(13)),
            WorkingPeriodInput(weekday=2, opens=time(12), closes=time(9)),
        ],
        timezone="Mars/Olympus",
    )
    with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
        calendars.set_hours(uow, ORDOS, overlapping, ADMIN, platform.clock, "Asia/Shanghai")
    assert sorted(_rules(refused)) == ["calendar.overlap", "calendar.period", "calendar.timezone"]
    with pytest.raises(PermissionDenied), platform.uow() as uow:
        calendars.set_hours(uow, ORDOS, CalendarInput(hours=[]), INSPECTOR, platform.clock, "UTC")
    weekend_only = CalendarInput(
        hours=[WorkingPeriodInput(weekday=6, opens=time(9), closes=time(17))]
    )
    with platform.uow() as uow:
        calendar = calendars.set_hours(uow, ORDOS, weekend_only, ADMIN, platform.clock, "UTC")
    assert [(p.weekday, p.opens) for p in calendar.hours] == [(6, time(9))]
    assert calendar.timezone == "Asia/Shanghai"  # kept from before
    with pytest.raises(Conflict), platform.uow() as uow:
        calendars.add_holiday(
            uow,
            ORDOS,
            HolidayInput(day=datetime(2027, 1, 1).date(), name="again"),
            ADMIN,
            platform.clock,
        )
    with platform.uow() as uow:
        calendar = calendars.remove_holiday(
            uow, ORDOS, datetime(2027, 1, 1).date(), ADMIN, platform.clock
        )
    assert [h.day.isoformat() for h in calendar.holidays] == ["2026-10-01"]


def test_a_confirmed_appointment_restates_the_declaration_in_the_statistics(
    platform: Platform,
) -> None:
    from clearway.statistics.tables import release_facts

    setup = seed_inspection(platform)
    declaration = lodge(platform, setup.district.exporter, Lane.GREEN)
    asked = _ask(
        platform,
        setup.district.exporter,
        EVENING,
        declaration=declaration.number,
        office_code=None,
        tariff_codes=[],
        shipment="",
    )
    with platform.uow() as uow:
        appointments.act(
            uow,
            asked.id,
            AppointmentCommand.CONFIRM,
            DecisionInput(),
            INSPECTOR,
            platform.clock,
        )
    with platform.sessions() as s:
        mode = s.execute(
            select(release_facts.c.facilitation_measures).where(
                release_facts.c.declaration_id == declaration.id
            )
        ).scalar_one()
    assert mode == ",appointment,"
