"""The pure rules of provisional ore pricing: the dated final-price deadline and the
supplementary tax or refund item by item."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clearway.bonded.tax import ImportTax
from clearway.declarations.duty import ItemTax
from clearway.ore.pricing import Settlement, final_price_deadlines, final_price_due, settle

QP_END = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("declared_on", "due"),
    [
        (date(2021, 6, 30), None),  # the day before the rule: nothing is due by a date
        (date(2021, 7, 1), date(2026, 12, 30)),  # from its first day: 30 days after the period
        (date(2026, 11, 20), date(2026, 12, 30)),
    ],
)
def test_the_deadline_is_the_rule_in_force_on_the_declaration_date(
    declared_on: date, due: date | None
) -> None:
    assert final_price_due(declared_on, QP_END) == due


def test_the_shipped_table_names_its_source() -> None:
    (row,) = final_price_deadlines()
    assert row.days == 30 and "2021 No. 44" in row.source and "not verified" in row.source


def notice(*lines: tuple[int, str, str, str]) -> ImportTax:
    items = tuple(ItemTax(n, Decimal(v), Decimal(d), Decimal(t)) for n, v, d, t in lines)
    return ImportTax(date(2026, 11, 20), "CNY", Decimal(1), items)


@pytest.mark.parametrize(
    ("final_vat", "kind", "total"),
    [
        ("400.00", Settlement.SUPPLEMENTARY, Decimal("10.00")),
        ("390.00", Settlement.NONE, Decimal("0.00")),
        ("380.00", Settlement.REFUND, Decimal("-10.00")),
    ],
)
def test_the_difference_is_final_minus_provisional_per_item(
    final_vat: str, kind: Settlement, total: Decimal
) -> None:
    provisional = notice((1, "3000.00", "0.00", "390.00"), (2, "1000.00", "20.00", "132.60"))
    final = notice((1, "3076.92", "0.00", final_vat), (2, "1000.00", "20.00", "132.60"))
    done = settle(provisional, final)
    assert (done.kind, done.total) == (kind, total)
    assert [(line.line_no, line.vat) for line in done.lines][1] == (2, Decimal("0.00"))
