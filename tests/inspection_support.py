"""Builders for inspection tests: office calendars, two sites, lodged declarations in a lane."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Declaration, Lane
from clearway.declarations.status import Command
from clearway.identity.model import Actor
from clearway.inspection import calendars, slots
from clearway.inspection.commands import (
    CalendarInput,
    HolidayInput,
    SiteInput,
    SlotInput,
    WorkingPeriodInput,
)
from clearway.inspection.model import InspectionSlot, SiteKind
from tests.builders import (
    ADMIN,
    HORGOS,
    INSPECTOR,
    ORDOS,
    RISK,
    District,
    make_declaration,
    seed_district,
)

# NOW in tests.builders is Friday 20 November 2026, 10:00 in Beijing time (02:00 UTC).
ORDOS_SITE, HORGOS_SITE = "ORD-BZW", "HRG-RY"
HOURS = [
    WorkingPeriodInput(weekday=day, opens=opens, closes=closes)
    for day in range(1, 6)
    for opens, closes in ((time(8, 30), time(12, 0)), (time(14, 0), time(18, 0)))
]
NATIONAL_DAY = datetime(2026, 10, 1).date()
NEW_YEAR = datetime(2027, 1, 1).date()


@dataclass
class Setup:
    district: District
    sites: dict[str, str]  # office -> site code


def seed_inspection(platform: Platform, district: District | None = None) -> Setup:
    """A district with office calendars for both ports and a site each."""
    district = district or seed_district(platform)
    for office in (ORDOS, HORGOS):
        with platform.uow() as uow:
            calendars.set_hours(
                uow, office, CalendarInput(hours=HOURS), ADMIN, platform.clock, "Asia/Shanghai"
            )
        for day, name in ((NATIONAL_DAY, "国庆节 National Day"), (NEW_YEAR, "元旦 New Year")):
            with platform.uow() as uow:
                calendars.add_holiday(
                    uow, office, HolidayInput(day=day, name=name), ADMIN, platform.clock
                )
    for code, office, kind in (
        (ORDOS_SITE, ORDOS, SiteKind.BONDED_ZONE_WAREHOUSE),
        (HORGOS_SITE, HORGOS, SiteKind.RAIL_YARD),
    ):
        with platform.uow() as uow:
            slots.add_site(
                uow,
                SiteInput(code=code, office_code=office, name=f"{code} site", kind=kind),
                ADMIN,
                platform.clock,
            )
    return Setup(district, {ORDOS: ORDOS_SITE, HORGOS: HORGOS_SITE})


def open_slot(
    platform: Platform, site: str, starts_in_hours: float, capacity: int = 2, hours: float = 1
) -> InspectionSlot:
    start = platform.clock.now() + timedelta(hours=starts_in_hours)
    with platform.uow() as uow:
        return slots.open_slot(
            uow,
            site,
            SlotInput(starts_at=start, ends_at=start + timedelta(hours=hours), capacity=capacity),
            INSPECTOR,
            platform.clock,
        )


def lodge(
    platform: Platform, actor: Actor, lane: Lane | None = None, **overrides: Any
) -> Declaration:
    """Lodge and submit a declaration; accept it and route it to a lane when one is given."""
    clock = platform.clock
    with platform.uow() as uow:
        ref = declarations.create(uow, make_declaration(**overrides), actor, clock, 50).id
    with platform.uow() as uow:
        submission = replace(platform.submission, screener=None)  # officers route below
        declaration = declarations.act(
            uow, ref, Command.SUBMIT, ActionInput(), actor, clock, submission
        )
    if lane is None:
        return declaration
    with platform.uow() as uow:
        declarations.act(uow, ref, Command.ACCEPT, ActionInput(), RISK, clock)
    with platform.uow() as uow:
        return declarations.act(
            uow,
            ref,
            Command.ASSIGN_LANE,
            ActionInput(lane=lane, reason=f"{lane.value} lane for the test"),
            RISK,
            clock,
        )
