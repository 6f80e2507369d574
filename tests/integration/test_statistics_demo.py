"""The demo district reads as the ports report it, on SQLite and PostgreSQL.

Ordos lithium battery exports (HS 8507) January–February 2024: 339 million yuan = 46.97 million
USD; Horgos iron ore imports (HS 2601) in Q1 2024: 197,000 t and 170 million yuan; and the
release time in 2024 nearly 20 times shorter than in the 2019 history.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from clearway.bootstrap import Platform
from clearway.declarations.model import Flow
from clearway.demo import loader
from clearway.demo.district import HORGOS, ORDOS
from clearway.identity.model import Actor
from clearway.statistics import commands, release_analysis, release_time, trade
from clearway.statistics.commands import ReleaseDimension, ReleaseQuery
from clearway.statistics.trade_modes import TradeHeading


def test_demo_figures_match_the_published_ones(platform: Platform) -> None:
    loader.load(platform)
    customs = Actor.system("statistics-test")
    ordos = commands.trade_query(
        commands.scope(
            flow=Flow.EXPORT, date_from=date(2024, 1, 1), date_to=date(2024, 2, 29),
            office_code=ORDOS,
        ),
        group_by="month",
        hs_prefix="8507",
    )  # fmt: skip
    horgos = commands.trade_query(
        commands.scope(
            flow=Flow.IMPORT, date_from=date(2024, 1, 1), date_to=date(2024, 3, 31),
            office_code=HORGOS,
        ),
        hs_prefix="2601",
    )  # fmt: skip
    year = ReleaseQuery(commands.scope(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    with platform.sessions() as s:
        batteries = trade.trade(s, customs, ordos)
        ore = trade.trade(s, customs, horgos)
        summary = release_time.summary(s, customs, year, [ReleaseDimension.LANE])
        compared = release_analysis.compare(
            s, customs, year, (date(2019, 1, 1), date(2019, 12, 31)), (date(2024, 1, 1),
            date(2024, 12, 31))
        )  # fmt: skip
        bounded = trade.trade(s, customs, replace(ordos, group_by=()))
        exports_2024 = replace(
            ordos,
            scope=replace(ordos.scope, date_to=date(2024, 12, 31), office_code=None),
            hs_prefix=None,
            group_by=(commands.TradeDimension.TRADE_MODE,),
        )
        to_china = trade.trade(s, customs, replace(exports_2024, country="CN"))
        by_mode = trade.trade(s, customs, exports_2024)
        zone = trade.trade(s, customs, replace(exports_2024, heading=TradeHeading.ZONE_MOVEMENT))

    assert batteries.total.value_cny == Decimal("339000000.00")
    assert batteries.total.value_usd is not None
    assert round(batteries.total.value_usd / 1_000_000, 2) == Decimal("46.97")
    assert [r.keys["month"] for r in batteries.rows] == ["2024-01", "2024-02"]
    assert sum(r.figures.value_cny for r in batteries.rows) == Decimal("339000000.00")
    assert bounded.total == batteries.total

    # The March 2024 domestic → zone entries are zone movements, not exports to China.
    assert to_china.total.declarations == 0
    assert "5100" not in {r.keys["trade_mode"] for r in by_mode.rows}
    assert {r.keys["trade_mode"] for r in zone.rows} == {"5100"}
    assert round(zone.total.value_cny / 1_000_000, 1) == Decimal("109.9")
    assert zone.total.statistical_value_cny == zone.total.value_cny  # no price terms declared

    assert ore.total.net_weight_t == Decimal("197000.000")
    assert ore.total.value_cny == Decimal("170000000.00")
    assert (ore.total.unit, ore.total.quantity) == ("kg", Decimal("197000000.0000"))

    assert summary.released > 50 and summary.release_time.mean_hours is not None
    assert {r.key for r in summary.breakdowns[0].rows} >= {"green", "yellow", "red"}
    assert compared.before.released >= 30
    assert compared.mean_times_faster is not None and 15 <= compared.mean_times_faster <= 21
