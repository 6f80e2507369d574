"""Pure inspection rules and status tables: office hours, lead times, slot series, plan windows,
what an ended check does to the declaration, and every (status, command) pair."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest

from clearway.declarations.model import Lane
from clearway.declarations.status import Command, Status
from clearway.enterprises.model import CreditLevel
from clearway.inspection.calendar import Holiday, OfficeCalendar, WorkingPeriod
from clearway.inspection.model import ClearanceAppointment, InspectionOrder
from clearway.inspection.results import RecordKind, Result
from clearway.inspection.rules import (
    check_appointment_time,
    check_working_hours,
    lead_hours_for,
    plan_windows,
    record_outcome,
    slot_series,
)
from clearway.inspection.status import (
    APPOINTMENT_TRANSITIONS,
    ORDER_TRANSITIONS,
    AppointmentCommand,
    AppointmentStatus,
    OrderCommand,
    OrderStatus,
)
from clearway.shared.errors import Collector, Conflict, RuleViolation

AT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # Friday 10:00 in Beijing


def _calendar(zone: str = "Asia/Shanghai") -> OfficeCalendar:
    calendar = OfficeCalendar("0291", zone, AT, "admin")
    calendar.hours = [
        WorkingPeriod(day, opens, closes)
        for day in range(1, 6)
        for opens, closes in ((time(8, 30), time(12, 0)), (time(14, 0), time(18, 0)))
    ]
    calendar.holidays = [Holiday(date(2027, 1, 1), "元旦")]
    return calendar


def _beijing(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


@pytest.mark.parametrize(
    ("start", "end", "working"),
    [
        (_beijing(20, 10), _beijing(20, 11), True),  # Friday morning
        (_beijing(20, 6, 30), _beijing(20, 8, 30), False),  # ends as the office opens
        (_beijing(20, 6, 30), _beijing(20, 8, 31), True),  # one minute into it
        (_beijing(20, 18), _beijing(20, 20), False),  # starts as it closes
        (_beijing(20, 12), _beijing(20, 14), False),  # the lunch break
        (_beijing(20, 20), _beijing(23, 8), False),  # the weekend, overnight
        (_beijing(20, 20), _beijing(23, 9), True),  # into Monday morning
        (_beijing(1, 10, month=1, year=2027), _beijing(1, 11, month=1, year=2027), False),
    ],
)
def test_office_hours(start: datetime, end: datetime, working: bool) -> None:
    assert (_calendar().working_overlap(start, end) is not None) is working


def test_local_hours_follow_the_zone_through_a_clock_change() -> None:
    berlin = _calendar("Europe/Berlin")  # 25 October 2026: summer time ends
    (before,) = [p for p in berlin.periods_on(date(2026, 10, 23)) if p[0].hour < 10]
    (after,) = [p for p in berlin.periods_on(date(2026, 10, 26)) if p[0].hour < 10]
    assert before[0].time() == time(6, 30) and after[0].time() == time(7, 30)


@pytest.mark.parametrize(
    ("level", "table", "hours"),
    [
        (CreditLevel.ADVANCED_CERTIFIED, {}, 8),
        (CreditLevel.CERTIFIED, {}, 24),
        (CreditLevel.REGULAR, {"*": 12}, 12),
        (CreditLevel.CERTIFIED, {"certified": 16, "*": 30}, 16),
    ],
)
def test_lead_hours_by_credit_level(
    level: CreditLevel, table: dict[str, float], hours: int
) -> None:
    assert lead_hours_for(level, table) == hours


@pytest.mark.parametrize(
    ("notice", "rules"),
    [
        (timedelta(hours=8), []),
        (timedelta(hours=8) - timedelta(seconds=1), ["appointment.lead_time"]),
        (timedelta(hours=8) + timedelta(seconds=1), []),
    ],
)
def test_lead_time_at_the_second(notice: timedelta, rules: list[str]) -> None:
    start = _beijing(20, 20)
    errors = Collector()
    check_appointment_time(
        errors, _calendar(), start, start + timedelta(hours=2), start - notice, 8
    )
    assert [e.rule for e in errors.errors] == rules


def test_appointment_period_rules() -> None:
    start = _beijing(21, 9)
    errors = Collector()
    check_appointment_time(errors, _calendar(), start, start, AT, 8)
    check_appointment_time(errors, _calendar(), start, start + timedelta(hours=25), AT, 8)
    assert [e.rule for e in errors.errors] == ["appointment.period", "appointment.period"]


def test_working_hours_table_is_checked() -> None:
    errors = Collector()
    check_working_hours(
        errors,
        [
            (1, time(8), time(12)),
            (1, time(11), time(13)),
            (2, time(9), time(9)),
            (3, time(8), time(9)),
        ],
    )
    assert [(e.path, e.rule) for e in errors.errors] == [
        ("hours.2.closes", "calendar.period"),
        ("hours.1.opens", "calendar.overlap"),
    ]


def test_slot_series_skips_holidays_and_partial_slots() -> None:
    series = slot_series(
        _calendar(),
        date(2026, 12, 31),
        date(2027, 1, 4),
        [1, 4, 5],
        time(9),
        time(11, 30),
        60,
        True,
    )
    local = [(s + timedelta(hours=8)).isoformat(timespec="minutes") for s, _ in series]
    assert local == [
        "2026-12-31T09:00+00:00",
        "2026-12-31T10:00+00:00",
        "2027-01-04T09:00+00:00",
        "2027-01-04T10:00+00:00",
    ]


def test_plan_windows_are_future_working_weekdays() -> None:
    windows = plan_windows(
        _calendar(), [5], time(8), time(10), date(2026, 11, 20), date(2027, 1, 8), not_before=AT
    )
    days = [(s + timedelta(hours=8)).date() for s, _ in windows]
    assert days[0] == date(2026, 11, 27)  # today's 08:00 has passed
    assert date(2027, 1, 1) not in days and days[-1] == date(2027, 1, 8)


@pytest.mark.parametrize(
    ("kind", "result", "status", "lane", "command"),
    [
        (RecordKind.PHYSICAL_INSPECTION, Result.CONFORM, Status.INSPECTION, Lane.RED,
         Command.ASSESS_DUTY),
        (RecordKind.PHYSICAL_INSPECTION, Result.CONFORM, Status.SUSPENDED, Lane.RED, None),
        (RecordKind.PHYSICAL_INSPECTION, Result.NONCONFORM, Status.INSPECTION, Lane.RED,
         Command.SUSPEND),
        (RecordKind.DOCUMENT_CHECK, Result.CONFORM, Status.DOCUMENT_CHECK, Lane.YELLOW,
         Command.ASSESS_DUTY),
        (RecordKind.DOCUMENT_CHECK, Result.CONFORM, Status.DOCUMENT_CHECK, Lane.RED, None),
        (RecordKind.DOCUMENT_CHECK, Result.NONCONFORM, Status.DOCUMENT_CHECK, Lane.YELLOW,
         Command.REQUEST_AMENDMENT),
    ],
)  # fmt: skip
def test_what_an_ended_check_does(
    kind: RecordKind, result: Result, status: Status, lane: Lane, command: Command | None
) -> None:
    outcome = record_outcome(kind, result, status, lane, "seal broken on wagon 4")
    assert (outcome[0] if outcome else None) is command
    if command in (Command.SUSPEND, Command.REQUEST_AMENDMENT):
        assert outcome is not None and outcome[1].endswith("seal broken on wagon 4")


@pytest.mark.parametrize(("status", "command"), list(itertools.product(OrderStatus, OrderCommand)))
def test_every_order_pair_follows_the_table(status: OrderStatus, command: OrderCommand) -> None:
    order = InspectionOrder()
    order.status, order.active_declaration_id, order.updated_at = status, 7, AT
    target = ORDER_TRANSITIONS.get((status, command))
    if target is None:
        with pytest.raises(Conflict):
            order.apply(command, AT)
        assert order.status is status
        return
    order.apply(command, AT)
    assert order.status is target
    assert order.active_declaration_id == (7 if target.is_open else None)


@pytest.mark.parametrize(
    ("status", "command"), list(itertools.product(AppointmentStatus, AppointmentCommand))
)
def test_every_appointment_pair_follows_the_table(
    status: AppointmentStatus, command: AppointmentCommand
) -> None:
    appointment = ClearanceAppointment(status=status)
    target = APPOINTMENT_TRANSITIONS.get((status, command))
    if target is None:
        with pytest.raises(Conflict):
            appointment.apply(command, "inspector", AT, "because")
        return
    if command is AppointmentCommand.DECLINE:
        with pytest.raises(RuleViolation):
            appointment.apply(command, "inspector", AT, " ")
    appointment.apply(command, "inspector", AT, "because")
    assert appointment.status is target and appointment.decided_at == AT


def test_long_findings_are_quoted_within_the_timeline_reason() -> None:
    findings = "wagon 7: " + "ore mixed with scrap; " * 300
    outcome = record_outcome(
        RecordKind.PHYSICAL_INSPECTION, Result.NONCONFORM, Status.INSPECTION, Lane.RED, findings
    )
    assert outcome is not None and len(outcome[1]) <= 2000 and outcome[1].endswith("…")
