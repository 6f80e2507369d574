"""The demo's current work is placed around the day it is loaded, on SQLite and PostgreSQL.

Loaded on a Monday that opens a month and on a Wednesday in January (last month's centralized
lists then belong to the year before), the demo's today holds
inspection slots, an appointment, a train and liaison requests; the 2024 seed stays dated 2024.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement

from clearway.bootstrap import Platform
from clearway.brokerage.tables import train_consists
from clearway.declarations.tables import declarations
from clearway.demo import loader
from clearway.demo.days import DemoDays
from clearway.demo.district import HORGOS
from clearway.inspection.tables import clearance_appointments, inspection_slots
from clearway.liaison.tables import liaison_requests
from clearway.shared.clock import FixedClock
from clearway.supervision.model import GoodsCategory
from clearway.supervision.tables import centralized_lists


def _on(column: ColumnElement[datetime], day: date) -> ColumnElement[bool]:
    start = datetime.combine(day, time(), tzinfo=UTC)
    return column.between(start, start + timedelta(days=1) - timedelta(microseconds=1))


@pytest.mark.parametrize("today", [date(2027, 3, 1), date(2027, 1, 13)])
def test_todays_schedule_is_filled_on_the_load_day(platform: Platform, today: date) -> None:
    general = {HORGOS: [GoodsCategory.GENERAL], "*": [GoodsCategory.DANGEROUS_GOODS]}
    loaded = replace(
        platform,
        clock=FixedClock(datetime.combine(today, time(1, 15), tzinfo=UTC)),
        settings=platform.settings.model_copy(update={"centralized_goods_categories": general}),
    )
    loader.load(loaded)
    d = declarations.c
    with platform.sessions() as s:

        def count(table: object, where: ColumnElement[bool]) -> int:
            return int(s.execute(select(func.count()).select_from(table).where(where)).scalar_one())  # type: ignore[arg-type]

        assert count(inspection_slots, _on(inspection_slots.c.starts_at, today)) > 0
        assert count(clearance_appointments, _on(clearance_appointments.c.starts_at, today)) == 1
        assert count(
            train_consists,
            _on(train_consists.c.arrived_at, today) | _on(train_consists.c.eta_border, today),
        ) > 0  # fmt: skip
        assert count(liaison_requests, _on(liaison_requests.c.opened_at, today)) > 0
        assert count(declarations, d.declaration_date == today) > 0
        # Last month's centralized lists were consolidated, this month's waits.
        months = {
            (row.entry_at.year, row.entry_at.month)
            for row in s.execute(select(centralized_lists.c.entry_at))
        }
        assert len(months) == 2
        # Nothing lies after the demo's today, and the seed stays in 2024.
        latest = s.execute(select(func.max(d.declaration_date))).scalar_one()
        assert latest == today
        seed = d.declaration_date.between(date(2024, 1, 1), date(2024, 3, 31))
        assert count(declarations, seed) > 50


def test_demo_days_keep_month_work_in_its_months() -> None:
    days = DemoDays(date(2027, 1, 3))
    assert days.now == datetime(2027, 1, 3, 4, 0, tzinfo=UTC)
    assert days.month_day(1, 23, time(2)) == datetime(2026, 12, 23, 2, 0, tzinfo=UTC)
    assert days.ahead(date(2024, 6, 30)) == date(2024, 6, 30)  # history stays
    assert days.ahead(date(2027, 5, 31)) == date(2027, 5, 31) + days.shift
    assert days.documents([{"issue_date": "2026-11-19", "valid_until": None}]) == [
        {"issue_date": "2027-01-02", "valid_until": None}
    ]
