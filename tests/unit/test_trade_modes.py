"""The dated table of trade modes and the statistical value: pure rules at their edges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clearway.declarations.rules import statistical_values
from clearway.shared.errors import RuleViolation
from clearway.statistics.trade_modes import (
    TradeHeading,
    heading_on,
    names,
    parse_trade_modes,
    trade_modes,
)
from tests.builders import battery_item, make_declaration, ore_item

HEAD = "code,name_zh,name_en,heading,valid_from,valid_to\n"
DATED = parse_trade_modes(HEAD + "5100,成品进出区,Goods,zone_movement,2024-03-01,2024-03-31\n")


def test_the_shipped_table_keeps_zone_and_domestic_movements_out_of_trade() -> None:
    day = date(2024, 3, 4)
    assert {m.code for m in trade_modes() if m.heading is TradeHeading.ZONE_MOVEMENT} == {
        "5000",
        "5100",
        "5300",
    }
    assert heading_on("5100", day) is TradeHeading.ZONE_MOVEMENT
    assert heading_on("0110", day) is TradeHeading.TRADE
    assert heading_on("5034", day) is TradeHeading.TRADE  # zone ↔ abroad crosses the border
    assert heading_on("9999", day) is TradeHeading.TRADE  # a mode not listed counts as trade
    assert names(["0110", "5100"]) == {
        "0110": "一般贸易 General trade",
        "5100": "成品进出区 Finished goods between zone and domestic area",
    }


@pytest.mark.parametrize(
    ("day", "heading"),
    [
        (date(2024, 2, 29), TradeHeading.TRADE),
        (date(2024, 3, 1), TradeHeading.ZONE_MOVEMENT),
        (date(2024, 3, 31), TradeHeading.ZONE_MOVEMENT),
        (date(2024, 4, 1), TradeHeading.TRADE),
    ],
)
def test_a_row_counts_from_its_first_through_its_last_day(day: date, heading: TradeHeading) -> None:
    assert heading_on("5100", day, DATED) is heading


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "510,x,x,zone_movement,2024-01-01,\n",
        HEAD + "5100,x,x,somewhere,2024-01-01,\n",
        HEAD + "5100,x,x,trade,2024-01-01,\n5100,x,x,zone_movement,2024-06-01,\n",
    ],
    ids=["short code", "unknown heading", "overlap"],
)
def test_a_bad_row_is_refused_with_its_line(text: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        parse_trade_modes(text)
    # A bad cell is named by its line; two periods of one mode by the mode.
    paths = [e.path for e in refused.value.errors]
    assert paths in (["line 2.code"], ["line 2.heading"], ["code 5100"])


def test_the_statistical_value_is_each_items_share_of_the_cif_value_of_an_import() -> None:
    # FOB 1000 + 600 with freight 80: CIF adds the freight and the default insurance
    # (3 per mille of cost plus freight), shared pro rata to each item's price.
    items = [ore_item(value="1000.00", kg="1000"), ore_item(value="600.00", kg="600")]
    data = make_declaration(flow="import", items=items, price_terms="FOB", freight="80.00")
    cif = (Decimal("1680.00") * Decimal("1.003")).quantize(Decimal("0.0001"))
    assert statistical_values(data, date(2026, 6, 1)) == [
        (cif * 1000 / 1600).quantize(Decimal("0.01")),
        (cif * 600 / 1600).quantize(Decimal("0.01")),
    ]


def test_the_statistical_value_of_an_export_without_price_terms_is_its_declared_value() -> None:
    data = make_declaration(flow="export", items=[battery_item(value="420000.00")])
    assert statistical_values(data, date(2026, 6, 1)) == [Decimal("420000.00")]
