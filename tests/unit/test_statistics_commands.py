"""Statistics parameters are refused field by field; exports keep every figure (no database)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from clearway.shared.errors import RuleViolation
from clearway.statistics import commands, export
from clearway.statistics.commands import ReleaseDimension, TradeDimension


def rules(exc: pytest.ExceptionInfo[RuleViolation]) -> set[tuple[str, str]]:
    return {(e.path, e.rule) for e in exc.value.errors}


def test_trade_query_takes_dimensions_as_a_comma_list() -> None:
    query = commands.trade_query(commands.scope(), "month, hs_chapter", "8507", "de")
    assert query.group_by == (TradeDimension.MONTH, TradeDimension.HS_CHAPTER)
    assert (query.hs_prefix, query.country) == ("8507", "DE")


def test_every_broken_trade_parameter_is_named() -> None:
    with pytest.raises(RuleViolation) as refused:
        commands.trade_query(commands.scope(), "month,year,weekly,month", "85x", "DEU", limit=0)
    assert rules(refused) == {
        ("group_by", "unknown_dimension"),
        ("group_by", "repeated_dimension"),
        ("group_by", "one_period"),
        ("hs", "hs_prefix"),
        ("country", "country"),
        ("limit", "positive"),
    }


def test_scope_refuses_a_period_ending_before_it_starts_and_a_bad_office() -> None:
    with pytest.raises(RuleViolation) as refused:
        commands.scope(date_from=date(2024, 3, 1), date_to=date(2024, 2, 29), office_code="ORD")
    assert rules(refused) == {("to", "period"), ("office", "office_code")}
    same_day = commands.scope(date_from=date(2024, 3, 1), date_to=date(2024, 3, 1))
    assert same_day.date_to == date(2024, 3, 1)


def test_comparison_needs_both_periods_complete_and_in_order() -> None:
    with pytest.raises(RuleViolation) as missing:
        commands.comparison_periods(date(2019, 1, 1), None, None, date(2024, 12, 31))
    assert rules(missing) == {("before_to", "required"), ("after_from", "required")}
    with pytest.raises(RuleViolation) as reversed_:
        commands.comparison_periods(
            date(2019, 12, 31), date(2019, 1, 1), date(2024, 1, 1), date(2024, 12, 31)
        )
    assert rules(reversed_) == {("before_to", "period")}


def test_breakdowns_and_curve_thresholds() -> None:
    assert commands.release_dimensions("lane,arrival,lane") == [
        ReleaseDimension.LANE,
        ReleaseDimension.ARRIVAL,
    ]
    with pytest.raises(RuleViolation) as refused:
        commands.release_dimensions("lane,colour")
    assert rules(refused) == {("by", "unknown_dimension")}
    assert commands.curve_hours("24, 1,2,1") == [1.0, 2.0, 24.0]
    assert commands.curve_hours("") is None
    with pytest.raises(RuleViolation) as bad:
        commands.curve_hours("1,x,-2")
    assert rules(bad) == {("hours", "number"), ("hours", "range")}


SHEETS = [
    export.Sheet(
        "trade",
        ("month", "value_cny", "value_usd"),
        [["2024-01", Decimal("180716322.12"), None], ["total", Decimal("339000000.00"), 1]],
    ),
    export.Sheet("by lane", ("lane", "mean_hours"), [["green", 1.254]]),
]


def test_csv_export_keeps_amounts_exact_and_titles_several_tables() -> None:
    one = export.to_csv(SHEETS[:1])
    assert list(csv.reader(io.StringIO(one))) == [
        ["month", "value_cny", "value_usd"],
        ["2024-01", "180716322.12", ""],
        ["total", "339000000.00", "1"],
    ]
    several = export.to_csv(SHEETS)
    assert several.splitlines()[0] == "# trade" and "# by lane" in several


def test_xlsx_export_has_one_sheet_per_table() -> None:
    book = load_workbook(io.BytesIO(export.to_xlsx(SHEETS)))
    assert book.sheetnames == ["trade", "by lane"]
    trade = book["trade"]
    assert [c.value for c in trade[1]] == ["month", "value_cny", "value_usd"]
    assert trade["B3"].value == 339000000 and trade["A2"].value == "2024-01"
    assert book["by lane"]["B2"].value == 1.254
