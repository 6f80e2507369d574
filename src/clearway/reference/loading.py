"""Parsing of the dated CSV tables: the tariff and exchange-rate files a district loads, and
the tables other domains ship (trade modes, default insurance).

The whole file is checked before anything is written; every bad row is reported with its
line number, so a district fixes its file in one pass.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any, TypeVar

from clearway.reference.model import ExchangeRate, MainstreamOreOrigin, TariffLine
from clearway.reference.nomenclature import country_name, currency_name, hs_description
from clearway.shared.errors import Collector

T = TypeVar("T")

TARIFF_COLUMNS = (
    "code",
    "description",
    "valid_from",
    "valid_to",
    "mfn_rate",
    "vat_rate",
    "export_rebate_rate",
    "supervision_conditions",
    "unit",
)
RATE_COLUMNS = ("currency", "valid_from", "cny_per_unit")
ORIGIN_COLUMNS = ("country", "valid_from", "valid_to", "note")


class Row:
    """One CSV row with typed accessors that record problems instead of raising."""

    def __init__(self, values: dict[str, str], line: int, errors: Collector) -> None:
        self.values, self.line, self.errors = values, line, errors

    def fail(self, column: str, rule: str, message: str) -> None:
        self.errors.add(f"line {self.line}.{column}", rule, message)

    def text(self, column: str, required: bool = True) -> str:
        value = (self.values.get(column) or "").strip()
        if required and not value:
            self.fail(column, "required", "is empty")
        return value

    def day(self, column: str, required: bool = True) -> date | None:
        value = self.text(column, required)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(column, "date", f"'{value}' is not a date (YYYY-MM-DD)")
            return None

    def period(self) -> tuple[date | None, date | None]:
        """The row's ``valid_from`` (required) and ``valid_to`` (open-ended when blank); a period
        that ends before it starts is a refusal of ``valid_to``."""
        valid_from, valid_to = self.day("valid_from"), self.day("valid_to", required=False)
        if valid_from and valid_to and valid_to < valid_from:
            self.fail("valid_to", "period", "ends before valid_from")
        return valid_from, valid_to

    def decimal(self, column: str, low: Decimal, high: Decimal | None) -> Decimal:
        value = self.text(column)
        try:
            number = Decimal(value)
        except InvalidOperation:
            if value:
                self.fail(column, "number", f"'{value}' is not a number")
            return Decimal(0)
        if not number.is_finite() or number < low or (high is not None and number > high):
            bound = f"between {low} and {high}" if high is not None else f"above {low}"
            self.fail(column, "range", f"{value} must be {bound}")
        return number


def csv_rows(
    text: str, columns: tuple[str, ...], errors: Collector
) -> Iterator[tuple[int, dict[str, str]]]:
    """A CSV file's rows with their line numbers; a missing column refuses the file at once."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        errors.add("line 1", "columns", f"missing columns: {', '.join(missing)}")
        errors.raise_if_any()
    return enumerate(reader, start=2)


def parse_rows(text: str, columns: tuple[str, ...], build: Callable[[Row], T | None]) -> list[T]:
    """Each row built by ``build``, or a RuleViolation naming every bad cell by its line."""
    errors = Collector()
    records: list[T] = []
    for line, values in csv_rows(text, columns, errors):
        record = build(Row(values, line, errors))
        if record is not None:
            records.append(record)
    if not records and not errors.errors:
        errors.add("line 2", "rows", "the file has no rows")
    errors.raise_if_any()
    return records


def _tariff_line(row: Row) -> TariffLine | None:
    code = row.text("code")
    if code and (len(code) != 10 or not code.isdigit()):
        row.fail("code", "tariff_code", f"'{code}' must be 10 digits")
    elif code and hs_description(code[:6]) is None:
        row.fail("code", "hs_code", f"first six digits {code[:6]} are not an HS subheading")
    valid_from, valid_to = row.period()
    hundred = Decimal(100)
    line = TariffLine(
        code=code,
        description=row.text("description"),
        valid_from=valid_from or date.min,
        valid_to=valid_to,
        mfn_rate=row.decimal("mfn_rate", Decimal(0), Decimal(1000)),
        vat_rate=row.decimal("vat_rate", Decimal(0), hundred),
        export_rebate_rate=row.decimal("export_rebate_rate", Decimal(0), hundred),
        supervision_conditions=row.text("supervision_conditions", required=False),
        unit=row.text("unit"),
    )
    return line


def _exchange_rate(row: Row) -> ExchangeRate | None:
    currency = row.text("currency").upper()
    if currency and currency_name(currency) is None:
        row.fail("currency", "currency", f"'{currency}' is not an ISO 4217 currency")
    month = row.day("valid_from")
    if month is not None and month.day != 1:
        row.fail("valid_from", "month", f"{month} is not the 1st: a customs rate is for a month")
    return ExchangeRate(
        currency=currency,
        valid_from=month or date.min,
        cny_per_unit=row.decimal("cny_per_unit", Decimal("0.000001"), None),
    )


def _origin(row: Row) -> MainstreamOreOrigin | None:
    country = row.text("country").upper()
    if country and country_name(country) is None:
        row.fail("country", "country", f"'{country}' is not an ISO 3166 alpha-2 country")
    valid_from, valid_to = row.period()
    return MainstreamOreOrigin(
        country=country,
        valid_from=valid_from or date.min,
        valid_to=valid_to,
        note=row.text("note", required=False),
    )


def refuse_overlaps(periods: Iterable[Any], key: Callable[[Any], str], label: str) -> None:
    """Two periods of one key (a tariff code, a country, a trade mode) may not overlap: what
    holds on a day must be unambiguous."""
    errors = Collector()
    by_key: dict[str, list[Any]] = {}
    for period in periods:
        by_key.setdefault(key(period), []).append(period)
    for value, found in by_key.items():
        found.sort(key=lambda p: p.valid_from)
        for earlier, later in pairwise(found):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                errors.add(
                    f"{label} {value}",
                    "overlap",
                    f"period from {earlier.valid_from} overlaps the one from {later.valid_from}",
                )
    errors.raise_if_any()


def parse_tariff_csv(text: str) -> list[TariffLine]:
    """Tariff lines from CSV text, or a RuleViolation naming every bad line."""
    lines = parse_rows(text, TARIFF_COLUMNS, _tariff_line)
    refuse_overlaps(lines, lambda line: line.code, "code")
    return lines


def parse_exchange_rate_csv(text: str) -> list[ExchangeRate]:
    """Monthly exchange rates (CNY per unit; ``valid_from`` the month's 1st) from CSV text, or a
    RuleViolation naming every bad line; a currency has one rate per month."""
    rates = parse_rows(text, RATE_COLUMNS, _exchange_rate)
    errors = Collector()
    seen: set[tuple[str, date]] = set()
    for rate in rates:
        key = (rate.currency, rate.valid_from)
        if key in seen:
            errors.add(f"currency {rate.currency}", "one_per_month", f"two rates for {key[1]}")
        seen.add(key)
    errors.raise_if_any()
    return rates


def parse_mainstream_origins_csv(text: str) -> list[MainstreamOreOrigin]:
    """Dated mainstream iron ore origins from CSV text, or a RuleViolation naming every bad
    line; two periods of one country may not overlap."""
    origins = parse_rows(text, ORIGIN_COLUMNS, _origin)
    refuse_overlaps(origins, lambda origin: origin.country, "country")
    return origins
