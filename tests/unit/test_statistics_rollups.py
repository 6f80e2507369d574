"""Which read model answers a trade query: the rollup rules, over every kind of query."""

from __future__ import annotations

from datetime import date

import pytest

from clearway.statistics import commands, rollups
from clearway.statistics.commands import Scope, TradeDimension

D = TradeDimension


def _query(
    group_by: str = "", hs: str | None = None, country: str | None = None
) -> commands.TradeQuery:
    return commands.trade_query(Scope(), group_by, hs, country)


@pytest.mark.parametrize(
    ("group_by", "hs", "country", "grain"),
    [
        ("hs_chapter", None, None, D.HS_CHAPTER),
        ("month,partner_country", None, None, D.PARTNER_COUNTRY),
        ("enterprise,origin_country", None, None, D.ORIGIN_COUNTRY),
        ("month", "8507", None, D.HS_HEADING),
        ("", "85", None, D.HS_CHAPTER),
        ("", "8507600030", None, D.HS_LINE),
        ("hs_line", "85", None, D.HS_LINE),  # the coarse prefix filters the fine codes
        ("hs_chapter", "850760", None, D.HS_SUBHEADING),  # the fine codes give the chapter
        ("hs_heading", "8507", None, D.HS_HEADING),
        ("month", None, "KZ", D.PARTNER_COUNTRY),
        ("partner_country", None, "KZ", D.PARTNER_COUNTRY),
        # No rollup answers these: the item facts do.
        ("hs_chapter,partner_country", None, None, None),  # two item attributes
        ("hs_chapter", None, "KZ", None),  # grouped by one attribute, filtered on another
        ("origin_country", None, "KZ", None),  # the partner is not the origin of exports
        ("", "85", "KZ", None),  # filtered on two attributes
        ("hs_line", "850", None, None),  # a prefix of no HS level
        ("partner_country", "8507", None, None),
    ],
)
def test_item_grain(group_by: str, hs: str | None, country: str | None, grain: D | None) -> None:
    assert rollups.item_grain(_query(group_by, hs, country)) is grain


@pytest.mark.parametrize(
    ("group_by", "hs", "country", "item_level"),
    [
        ("", None, None, False),
        ("month,office,enterprise,credit_level,facilitation_mode", None, None, False),
        ("hs_chapter", None, None, True),
        ("month", "85", None, True),
        ("month", None, "DE", True),
    ],
)
def test_item_level(group_by: str, hs: str | None, country: str | None, item_level: bool) -> None:
    assert rollups.item_level(_query(group_by, hs, country)) is item_level


@pytest.mark.parametrize(
    ("start", "end", "whole"),
    [
        (None, None, True),
        (date(2024, 1, 1), date(2024, 2, 29), True),
        (date(2024, 1, 1), None, True),
        (None, date(2023, 12, 31), True),
        (date(2024, 1, 2), date(2024, 2, 29), False),
        (date(2024, 1, 1), date(2024, 2, 28), False),
    ],
)
def test_whole_months(start: date | None, end: date | None, whole: bool) -> None:
    assert rollups.whole_months(Scope(date_from=start, date_to=end)) is whole
