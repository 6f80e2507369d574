"""Tariff and exchange-rate files: whole-file validation with line numbers."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest

from clearway.reference.loading import parse_exchange_rate_csv, parse_tariff_csv
from clearway.shared.errors import RuleViolation

HEADER = (
    "code,description,valid_from,valid_to,mfn_rate,vat_rate,export_rebate_rate,"
    "supervision_conditions,unit\n"
)


def test_shipped_tariff_covers_the_two_ports() -> None:
    text = (resources.files("clearway.reference") / "data" / "tariff.csv").read_text("utf-8")
    codes = {line.code for line in parse_tariff_csv(text)}
    assert {
        "8507600010",
        "8507600020",
        "8507600030",
        "8507600090",
        "8506500010",
        "8506500090",
        "2601111000",
        "2601112000",
        "2601119000",
        "2601120000",
        "2601200000",
    } <= codes


def test_shipped_rebate_rate_changes_on_its_date() -> None:
    text = (resources.files("clearway.reference") / "data" / "tariff.csv").read_text("utf-8")
    periods = [p for p in parse_tariff_csv(text) if p.code == "8507600030"]
    on = {
        d: next(p for p in periods if p.in_force_on(d)).export_rebate_rate
        for d in (date(2024, 11, 30), date(2024, 12, 1))
    }
    assert on[date(2024, 11, 30)] == 13 and on[date(2024, 12, 1)] == 9


def test_every_bad_line_is_reported_and_nothing_is_kept() -> None:
    text = HEADER + (
        "8507600030,ok line,2024-01-01,,10,13,9,,pcs\n"
        "85076,short code,2024-01-01,,10,13,9,,pcs\n"
        "8507990000,no such HS,2024-01-01,,10,13,9,,pcs\n"
        "2601111000,bad rate,2024-13-01,,ten,13,0,A,kg\n"
    )
    with pytest.raises(RuleViolation) as refused:
        parse_tariff_csv(text)
    paths = {(e.path, e.rule) for e in refused.value.errors}
    assert ("line 3.code", "tariff_code") in paths
    assert ("line 4.code", "hs_code") in paths
    assert ("line 5.valid_from", "date") in paths
    assert ("line 5.mfn_rate", "number") in paths


def test_missing_columns_named() -> None:
    with pytest.raises(RuleViolation) as refused:
        parse_tariff_csv("code,description\n8507600030,x\n")
    assert "mfn_rate" in refused.value.errors[0].message


def test_overlapping_periods_refused() -> None:
    text = HEADER + (
        "8507600030,a,2024-01-01,2024-12-31,10,13,9,,pcs\n8507600030,b,2024-06-01,,10,13,9,,pcs\n"
    )
    with pytest.raises(RuleViolation) as refused:
        parse_tariff_csv(text)
    assert refused.value.errors[0].rule == "overlap"


def test_exchange_rates() -> None:
    rates = parse_exchange_rate_csv("currency,valid_from,cny_per_unit\nusd,2024-01-01,7.2175\n")
    assert rates[0].currency == "USD" and str(rates[0].cny_per_unit) == "7.2175"
    with pytest.raises(RuleViolation) as refused:
        parse_exchange_rate_csv("currency,valid_from,cny_per_unit\nQQQ,2024-01-01,-1\n")
    assert {e.rule for e in refused.value.errors} == {"currency", "range"}


@pytest.mark.parametrize("code", ["8507600010", "8507600020", "8507600030", "8507600090"])
def test_shipped_lithium_battery_rebate_ends_on_2027_01_01(code: str) -> None:
    text = (resources.files("clearway.reference") / "data" / "tariff.csv").read_text("utf-8")
    periods = [p for p in parse_tariff_csv(text) if p.code == code]
    on = {
        d: [p for p in periods if p.in_force_on(d)] for d in (date(2026, 12, 31), date(2027, 1, 1))
    }
    # One period a day, and the line stays in force: only the rebate ends.
    assert [p.export_rebate_rate for p in on[date(2026, 12, 31)]] == [6]
    assert [p.export_rebate_rate for p in on[date(2027, 1, 1)]] == [0]
    assert on[date(2027, 1, 1)][0].mfn_rate == 10 and on[date(2027, 1, 1)][0].vat_rate == 13
