"""Column types that keep storage honest on both SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from clearway.shared.bounds import AMOUNT_DIGITS, QUANTITY_DIGITS, RATE_DIGITS


class _UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out; SQLite has no time zones, so we store UTC and re-attach it."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


UTCDateTime = _UTCDateTime()

# The figures are the edge's (clearway.shared.bounds): what a column holds is what is accepted.
QTY = Numeric(QUANTITY_DIGITS.precision, QUANTITY_DIGITS.scale)  # quantities and weights
AMOUNT = Numeric(AMOUNT_DIGITS.precision, AMOUNT_DIGITS.scale)  # values in a declaration's currency
RATE = Numeric(RATE_DIGITS.precision, RATE_DIGITS.scale)  # duty, VAT and rebate rates

# Primary keys of append-heavy tables: 64-bit on PostgreSQL, SQLite's rowid integer there.
BIG_ID = BigInteger().with_variant(Integer, "sqlite")
