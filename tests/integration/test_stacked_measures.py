"""Stacked facilitation measures in trade statistics and the Time Release Study, on SQLite and
PostgreSQL: a declaration using two measures counts under each, and the totals count it once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from clearway.bootstrap import Platform
from clearway.declarations.model import FacilitationMode
from clearway.statistics import commands, release_time
from clearway.statistics.commands import ReleaseDimension, ReleaseQuery
from clearway.statistics.tables import release_facts
from tests.builders import ADMIN, District
from tests.builders import seed_district as seed
from tests.statistics_support import GREEN_EXPORT, T0, clear, customs_trade

STACKED = ["appointment", "direct_pickup"]  # booked clearance and direct loading on arrival


@pytest.fixture()
def district(platform: Platform) -> District:
    return seed(platform)


@pytest.fixture()
def lodged(platform: Platform, district: District) -> list[int]:
    return [
        clear(platform, district, T0, GREEN_EXPORT, facilitation_measures=STACKED),
        clear(platform, district, T0 + timedelta(hours=1), {**GREEN_EXPORT},
              facilitation_measures=["appointment"]),
        clear(platform, district, T0 + timedelta(hours=2), GREEN_EXPORT),
    ]  # fmt: skip


def _declarations(table: object) -> dict[str, int]:
    return {r.keys["facilitation_mode"]: r.figures.declarations for r in table.rows}  # type: ignore[attr-defined]


def test_the_set_is_stored_as_its_canonical_key(platform: Platform, lodged: list[int]) -> None:
    with platform.sessions() as s:
        keys = dict(
            s.execute(
                select(release_facts.c.declaration_id, release_facts.c.facilitation_measures)
            ).all()
        )
    assert [keys[ref] for ref in lodged] == [
        ",appointment,direct_pickup,",
        ",appointment,",
        ",standard,",
    ]


@pytest.mark.parametrize(
    "period",
    [{}, {"date_from": T0.date() - timedelta(days=1)}],  # monthly rollups; item facts
    ids=["whole_months", "part_month"],
)
def test_trade_counts_a_stacked_declaration_under_each_measure_and_once_in_total(
    platform: Platform, lodged: list[int], period: dict[str, date]
) -> None:
    table = customs_trade(platform, group_by="facilitation_mode", **period)
    assert _declarations(table) == {"appointment": 2, "direct_pickup": 1, "standard": 1}
    assert table.total.declarations == 3
    only = customs_trade(platform, facilitation_mode=FacilitationMode.DIRECT_PICKUP, **period)
    assert only.total.declarations == 1


def test_release_time_breaks_down_by_each_measure(platform: Platform, lodged: list[int]) -> None:
    query = ReleaseQuery(scope=commands.scope())
    with platform.sessions() as s:
        study = release_time.summary(s, ADMIN, query, by=[ReleaseDimension.FACILITATION_MODE])
    counts = {r.key: r.figures.count for r in study.breakdowns[0].rows}
    assert counts == {"appointment": 2, "direct_pickup": 1, "standard": 1}
    assert study.released == 3
    hours = {r.key: r.figures.mean_hours for r in study.breakdowns[0].rows}
    assert set(hours.values()) == {study.release_time.mean_hours}  # each released in 2 h
