"""The dated table of trade modes and the statistical value: pure rules at their edges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clearway.declarations.rules import statistical_value
from clearway.statistics.trade_modes import (
    TradeHeading,
    heading_on,
    names,
    parse_trade_modes,
    trade_modes,
)

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
    with pytest.raises(ValueError, match=r"line [23]"):
        parse_trade_modes(text)


V, F, INS = Decimal("1000.00"), Decimal("80.00"), Decimal("3.00")


@pytest.mark.parametrize(
    ("flow", "terms", "expected"),
    [
        ("export", None, V),
        ("export", "FOB", V),
        ("export", "FCA", V),
        ("export", "CFR", V - F),
        ("export", "CIF", V - F - INS),
        ("export", "DAP", V - F - INS),
        ("import", None, V),
        ("import", "CIF", V),
        ("import", "cip", V),
        ("import", "CFR", V + INS),
        ("import", "FOB", V + F + INS),
        ("import", "EXW", V + F + INS),
    ],
)
def test_statistical_value_is_fob_for_exports_and_cif_for_imports(
    flow: str, terms: str | None, expected: Decimal
) -> None:
    assert statistical_value(flow, V, terms, F, INS) == expected
