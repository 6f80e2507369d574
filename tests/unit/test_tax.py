"""Duty, import VAT and export rebate against hand-worked cases; no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources

import pytest

from clearway.bonded.tax import (
    TaxableLine,
    assess_import,
    assess_rebate,
    customs_value_cny,
    rebate_amount,
)
from clearway.reference.loading import parse_exchange_rate_csv, parse_tariff_csv
from clearway.reference.model import ExchangeRate, TariffLine, month_of
from clearway.shared.errors import RuleViolation

D = Decimal


class Tables:
    """The dated tariff and exchange rates held in memory, looked up as the database does."""

    def __init__(self, lines: list[TariffLine], rates: list[ExchangeRate]) -> None:
        self.lines, self.rates = lines, rates

    def tariff_line_on(self, code: str, day: date) -> TariffLine | None:
        return next((t for t in self.lines if t.code == code and t.in_force_on(day)), None)

    def exchange_rate_on(self, currency: str, day: date) -> ExchangeRate | None:
        month = month_of(day)
        return next(
            (r for r in self.rates if (r.currency, r.valid_from) == (currency, month)), None
        )


@pytest.fixture(scope="module")
def shipped() -> Tables:
    """The tariff and exchange rates Clearway ships."""
    data = resources.files("clearway.reference") / "data"
    return Tables(
        parse_tariff_csv((data / "tariff.csv").read_text("utf-8")),
        parse_exchange_rate_csv((data / "exchange_rates.csv").read_text("utf-8")),
    )


def _line(
    code: str, valid_from: date, valid_to: date | None, mfn: str, vat: str = "13", rebate: str = "0"
) -> TariffLine:
    return TariffLine(code, "test line", valid_from, valid_to, D(mfn), D(vat), D(rebate), "", "pcs")


def test_usd_battery_import_with_duty_on_exactly_half_a_fen(shipped: Tables) -> None:
    # 100.00 USD x 7.2175 = 721.75 CNY; duty 10 % = 72.175 -> 72.18 (half-up);
    # VAT 13 % x (721.75 + 72.18) = 103.2109 -> 103.21
    notice = assess_import(
        [TaxableLine(1, "8507600030", D("100.00"))], "USD", date(2024, 3, 31), shipped
    )
    item = notice.items[0]
    assert (item.customs_value_cny, item.duty, item.vat) == (D("721.75"), D("72.18"), D("103.21"))
    assert (notice.duty, notice.vat, notice.total) == (D("72.18"), D("103.21"), D("175.39"))


@pytest.mark.parametrize(
    ("value", "duty", "vat"),
    [
        ("1.05", "0.11", "0.15"),  # duty 0.105 -> 0.11; VAT 13 % x 1.16 = 0.1508 -> 0.15
        ("0.15", "0.02", "0.02"),  # duty 0.015 -> 0.02; VAT 13 % x 0.17 = 0.0221 -> 0.02
        ("0.04", "0.00", "0.01"),  # duty 0.004 -> 0.00; VAT 13 % x 0.04 = 0.0052 -> 0.01
        ("3.45", "0.35", "0.49"),  # duty 0.345 -> 0.35; VAT 13 % x 3.80 = 0.494 -> 0.49
    ],
)
def test_rounding_to_the_fen_is_half_up(shipped: Tables, value: str, duty: str, vat: str) -> None:
    notice = assess_import(
        [TaxableLine(1, "8507600090", D(value))], "CNY", date(2026, 11, 20), shipped
    )
    assert (notice.items[0].duty, notice.items[0].vat) == (D(duty), D(vat))


def test_vat_on_exactly_half_a_fen_rounds_up(shipped: Tables) -> None:
    # Iron ore: MFN 0 %, VAT 13 %. 0.50 CNY x 13 % = 0.065 -> 0.07 (banker's rounding says 0.06)
    notice = assess_import(
        [TaxableLine(1, "2601111000", D("0.50"))], "CNY", date(2026, 1, 5), shipped
    )
    assert (notice.duty, notice.vat) == (D("0.00"), D("0.07"))


def test_declaration_total_is_the_sum_of_rounded_items(shipped: Tables) -> None:
    # Three lines of 0.05 CNY at 10 %: each duty 0.005 -> 0.01, so 0.03 in all, not round(0.015)
    lines = [TaxableLine(n, "8507600090", D("0.05")) for n in (1, 2, 3)]
    notice = assess_import(lines, "CNY", date(2026, 11, 20), shipped)
    assert [i.duty for i in notice.items] == [D("0.01")] * 3
    assert notice.duty == D("0.03")
    assert notice.total == sum((i.duty + i.vat for i in notice.items), D(0))


def test_exchange_rate_change_on_the_declaration_date(shipped: Tables) -> None:
    # USD moves from 7.2175 to 7.2200 on 2024-04-01: the declaration date decides.
    line = [TaxableLine(1, "8507600030", D("1000.00"))]
    before = assess_import(line, "USD", date(2024, 3, 31), shipped)
    on_the_day = assess_import(line, "USD", date(2024, 4, 1), shipped)
    assert before.customs_value == D("7217.50") and on_the_day.customs_value == D("7220.00")
    # duty 7 220.00 x 10 % = 722.00; VAT (7 220.00 + 722.00) x 13 % = 1 032.46
    assert on_the_day.duty == D("722.00") and on_the_day.vat == D("1032.46")


def test_rebate_rate_change_on_the_declaration_date(shipped: Tables) -> None:
    # 8507600030 rebate: 13 % up to 2024-11-30, 9 % from 2024-12-01, 6 % from 2026-04-01.
    line = [TaxableLine(1, "8507600030", D("310000.00"))]
    assert assess_rebate(line, "CNY", date(2024, 11, 30), shipped).amount == D("40300.00")
    assert assess_rebate(line, "CNY", date(2024, 12, 1), shipped).amount == D("27900.00")
    assert assess_rebate(line, "CNY", date(2026, 4, 1), shipped).amount == D("18600.00")


def test_mfn_rate_change_on_the_declaration_date() -> None:
    tables = Tables(
        [
            _line("8507600030", date(2022, 1, 1), date(2025, 12, 31), "10"),
            _line("8507600030", date(2026, 1, 1), None, "6"),
        ],
        [],
    )
    line = [TaxableLine(1, "8507600030", D("1000.00"))]
    assert assess_import(line, "CNY", date(2025, 12, 31), tables).duty == D("100.00")
    on_the_day = assess_import(line, "CNY", date(2026, 1, 1), tables)
    assert on_the_day.duty == D("60.00") and on_the_day.vat == D("137.80")  # 1 060.00 x 13 %


def test_rebate_in_foreign_currency_rounds_value_then_refund(shipped: Tables) -> None:
    # 12,345.67 EUR x 7.8590 = 97,024.6205 -> 97,024.62; x 13 % = 12,613.2006 -> 12,613.20
    rebate = assess_rebate(
        [TaxableLine(1, "8507600020", D("12345.67"))], "EUR", date(2024, 2, 1), shipped
    )
    assert rebate.customs_value == D("97024.62") and rebate.amount == D("12613.20")
    assert customs_value_cny(D("0.005"), D(1)) == D("0.01")
    assert rebate_amount(D("0.50"), D(13)) == D("0.07")  # 0.065 -> 0.07


def test_missing_rates_are_reported_together(shipped: Tables) -> None:
    lines = [TaxableLine(1, "8507600030", D("1.00")), TaxableLine(2, "8507600000", D("1.00"))]
    with pytest.raises(RuleViolation) as refused:
        assess_import(lines, "XAU", date(2024, 1, 2), shipped)
    assert [(e.path, e.rule) for e in refused.value.errors] == [
        ("currency", "exchange_rate"),
        ("items.1.tariff_code", "tariff_not_in_force"),
    ]
