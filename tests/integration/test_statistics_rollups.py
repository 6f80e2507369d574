"""The monthly rollups answer exactly what the item facts answer, on SQLite and PostgreSQL.

A period of whole months reads ``trade_monthly`` / ``trade_monthly_items``; the same period
ending a day earlier (no declaration falls on that day) reads ``trade_facts``. Both must give
the same rows and totals for every item grouping and filter, after lifecycle events, after a
credit level change and after a rebuild.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from clearway.bootstrap import Platform
from clearway.statistics import commands, facts, trade
from clearway.statistics.commands import TradeDimension
from clearway.statistics.tables import trade_monthly_items
from tests.builders import INSPECTOR, RISK, District, battery_item
from tests.builders import seed_district as seed
from tests.statistics_support import GREEN_EXPORT, T0, C, act, clear, customs_trade, recertify

WHOLE_MONTHS = {"date_from": date(2024, 3, 1), "date_to": date(2024, 4, 30)}
ITEM_FACTS = {"date_from": date(2024, 3, 1), "date_to": date(2024, 4, 29)}
ITEM_DIMENSIONS = [d.value for d in TradeDimension if not d.per_declaration]
QUERIES: list[dict[str, Any]] = [
    *({"group_by": d} for d in ITEM_DIMENSIONS),
    {"group_by": "month,hs_chapter"},
    {"group_by": "credit_level,hs_heading"},
    {"group_by": "enterprise,destination_country"},
    {"group_by": "month", "hs": "8507"},
    {"group_by": "hs_line", "hs": "85"},
    {"group_by": "hs_chapter", "hs": "8507600030"},
    {"group_by": "hs_heading", "hs": "8504"},
    {"hs": "850760"},
    {"group_by": "month", "country": "DE"},
    {"group_by": "partner_country", "country": "NL"},
    {"group_by": "hs_heading", "country": "DE"},  # two attributes: the item facts answer
    {"group_by": "hs_chapter,destination_country"},  # likewise
    {"group_by": "hs_line", "hs": "850"},  # a prefix of no HS level: likewise
]


@pytest.fixture()
def district(platform: Platform) -> District:
    return seed(platform)


def _agree(platform: Platform) -> None:
    for query in QUERIES:
        months = customs_trade(platform, **query, **WHOLE_MONTHS)
        items = customs_trade(platform, **query, **ITEM_FACTS)
        assert [(r.keys, r.figures) for r in months.rows] == [
            (r.keys, r.figures) for r in items.rows
        ], query
        assert months.total == items.total, query


def _shipments(platform: Platform, district: District) -> list[int]:
    """Exports whose items share codes and countries within and across declarations."""
    inverter = {"tariff_code": "8504403000", "destination_country": "NL"}
    items = [
        [battery_item("100.00"), battery_item("40.00")],  # twice the same line
        [battery_item("250.00", tariff_code="8507600010"), battery_item("75.50", **inverter)],
        [battery_item("30.00", destination_country="NL"), battery_item("12.25", **inverter)],
        [battery_item("999.99", destination_country="HU")],
    ]
    return [
        clear(platform, district, T0 + timedelta(days=12 * n), GREEN_EXPORT, items=lines)
        for n, lines in enumerate(items)
    ]


def test_rollups_agree_with_the_facts_through_lifecycle_events(
    platform: Platform, district: District
) -> None:
    _shipments(platform, district)
    lodged = clear(
        platform, district, T0 + timedelta(days=5), {C.SUBMIT: 0},
        items=[battery_item("5.00", destination_country="PL")],
    )  # fmt: skip
    _agree(platform)
    assert customs_trade(platform, country="PL", **WHOLE_MONTHS).total.declarations == 0

    steps = (
        (C.ACCEPT, RISK),
        (C.ASSIGN_LANE, RISK),
        (C.ASSESS_DUTY, INSPECTOR),
        (C.RELEASE, INSPECTOR),
    )
    for hours, (command, officer) in enumerate(steps, start=1):
        act(platform, lodged, command, officer, T0 + timedelta(days=5, hours=hours))
    _agree(platform)
    poland = customs_trade(platform, group_by="partner_country", country="PL", **WHOLE_MONTHS)
    assert [(r.keys["partner_country"], r.figures.declarations) for r in poland.rows] == [("PL", 1)]
    by_line = customs_trade(platform, group_by="hs_line", **WHOLE_MONTHS)
    assert {r.keys["hs_line"]: r.figures.declarations for r in by_line.rows} == {
        "8504403000": 2,
        "8507600010": 1,
        "8507600030": 4,
    }
    assert by_line.total.declarations == 5  # each counted once, whatever its lines
    # An enterprise user reads the rollup filtered to its own declarations; a broker, whose
    # tenancy joins the declarations, the item facts: each sees only what is theirs.
    query = commands.trade_query(commands.scope(**WHOLE_MONTHS), "hs_chapter")
    with platform.sessions() as s:
        seen = {
            who: trade.trade(s, getattr(district, who), query)
            for who in ("exporter", "importer", "other_broker")
        }
    assert (
        seen["exporter"].rows == customs_trade(platform, group_by="hs_chapter", **WHOLE_MONTHS).rows
    )
    assert seen["exporter"].total.declarations == 5
    assert seen["importer"].rows == seen["other_broker"].rows == []


def test_rollups_agree_with_the_facts_after_a_credit_level_change(
    platform: Platform, district: District
) -> None:
    _shipments(platform, district)
    # Re-assessed from the third shipment's day.
    recertify(platform, district.exporter_id, date(2024, 3, 28))
    _agree(platform)
    levels = customs_trade(platform, group_by="credit_level,hs_chapter", **WHOLE_MONTHS)
    assert [(r.keys["credit_level"], r.figures.declarations) for r in levels.rows] == [
        ("advanced_certified", 2),
        ("certified", 2),
    ]


def test_rebuild_gives_the_rollup_rows_the_listener_kept(
    platform: Platform, district: District
) -> None:
    _shipments(platform, district)
    ordered = select(trade_monthly_items).order_by(*trade_monthly_items.primary_key)
    with platform.sessions() as s:
        kept = s.execute(ordered).all()
        dimensions = s.scalars(select(func.count(func.distinct(trade_monthly_items.c.dimension))))
        assert dimensions.one() == len(ITEM_DIMENSIONS)
    with platform.uow() as uow:
        facts.rebuild(uow.session.connection(), chunk=1)
        uow.commit()
    with platform.sessions() as s:
        assert s.execute(ordered).all() == kept
    _agree(platform)
