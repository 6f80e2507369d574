"""The bounds every input is held to, taken from the columns it lands in (docs/input_bounds.md).

A value the database cannot hold must be refused where it enters, naming the field and the
rule: PostgreSQL answers an integer past its column, a decimal past its precision or a NUL in
text with an error after half the work is done, and SQLite stores them silently (a quantity
rounded, ``1e309`` turned into an infinity that breaks every later read). The column types in
:mod:`clearway.persistence.types` are built from the same figures, so the two cannot drift.

Every input model derives from :class:`Input`; its one validator checks what holds for every
field whatever its type (text printable and not blank, integers within a column). Numbers with
a scale, identifiers, offsets and dates carry their bounds in the annotated types below, which
API schemas, path and query parameters and portal forms all use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from annotated_types import Interval
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

INT32_MAX = 2**31 - 1  # PostgreSQL ``integer``: most ids and counts
INT64_MAX = 2**63 - 1  # PostgreSQL ``bigint`` and SQLite's integer: offsets, append-only ids


@dataclass(frozen=True)
class Digits:
    """A decimal column's precision (all digits) and scale (digits after the point)."""

    precision: int
    scale: int


QUANTITY_DIGITS = Digits(18, 4)  # quantities and weights
AMOUNT_DIGITS = Digits(18, 4)  # values in a declaration's currency
CNY_DIGITS = Digits(18, 2)  # CNY to the fen: duty, VAT, refunds, guarantees
RATE_DIGITS = Digits(9, 4)  # duty, VAT and rebate rates
PERCENT_DIGITS = Digits(6, 2)  # declared Fe and moisture
READING_DIGITS = Digits(12, 4)  # analyte percentages, Bq/g, µSv/h


def bounded_decimal(digits: Digits, **limits: Any) -> Any:
    """A finite Decimal that fits ``digits`` exactly: never rounded, never overflowing."""
    return Annotated[
        Decimal,
        Field(
            max_digits=digits.precision,
            decimal_places=digits.scale,
            allow_inf_nan=False,
            **limits,
        ),
    ]


Quantity = bounded_decimal(QUANTITY_DIGITS)
Weight = bounded_decimal(QUANTITY_DIGITS)
Amount = bounded_decimal(AMOUNT_DIGITS)
Cny = bounded_decimal(CNY_DIGITS)
Percent = bounded_decimal(PERCENT_DIGITS)

# Ids in paths, queries and bodies: an ``integer`` column; ASCII digits only (see _ascii_digits).
Id = Annotated[int, Interval(ge=1, le=INT32_MAX)]
# Ids of append-only tables (messages, deliveries, liaison events): ``bigint`` columns.
BigId = Annotated[int, Interval(ge=1, le=INT64_MAX)]
Offset = Annotated[int, Interval(ge=0, le=INT64_MAX)]
# A page size; the endpoint still clips it to ``page_size_max``.
Limit = Annotated[int, Interval(ge=1, le=INT32_MAX)]
Count = Annotated[int, Interval(ge=0, le=INT32_MAX)]
# A customs office's four-digit code (a ``String(4)`` column).
OfficeCode = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]

# Tab, line feed and carriage return are text; other C0/C1 controls and lone surrogates
# are not (PostgreSQL refuses NUL and unpaired surrogates cannot be encoded at all).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def plain_text(value: str) -> str:
    """Refuse control characters and text that is only whitespace (it says nothing)."""
    found = _CONTROL.search(value)
    if found is not None:
        raise PydanticCustomError(
            "text.control_character",
            "must not contain control characters ({code} at position {at})",
            {"code": f"U+{ord(found.group()):04X}", "at": found.start()},
        )
    if value and not value.strip():
        raise PydanticCustomError("text.blank", "must not be only whitespace")
    return value


def Text(max_length: int, min_length: int = 0) -> Any:
    """Printable text of at most ``max_length`` characters (a ``String(max_length)`` column)."""
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length),
        AfterValidator(plain_text),
    ]


@dataclass(frozen=True)
class DateWindow:
    """The business dates that make sense: not before ``earliest``, at most ``days_ahead``
    days after today. A declaration dated 9999-12-31 is a typing slip, not a plan."""

    earliest: date = date(2000, 1, 1)
    days_ahead: int = 731

    def latest(self, today: date | None = None) -> date:
        return (today or datetime.now(UTC).date()) + timedelta(days=self.days_ahead)


class _Window:
    """The window in force, set from settings when the platform is built (``configure``)."""

    current: ClassVar[DateWindow] = DateWindow()


def configure(window: DateWindow) -> None:
    """Put the settings' date window in force for every BusinessDate validated from now on."""
    _Window.current = window


def _in_window(value: date) -> date:
    window = _Window.current
    if value < window.earliest:
        raise PydanticCustomError(
            "date.too_early",
            "must not be before {earliest}",
            {"earliest": window.earliest.isoformat()},
        )
    latest = window.latest()
    if value > latest:
        raise PydanticCustomError(
            "date.too_late",
            "must not be more than {days} days ahead (after {latest})",
            {"days": window.days_ahead, "latest": latest.isoformat()},
        )
    return value


BusinessDate = Annotated[date, AfterValidator(_in_window)]
# Instants must carry their UTC offset: a bare clock time is ambiguous across zones, and
# storage is UTC. Their date is held to the same window as business dates.


def _instant_in_window(value: datetime) -> datetime:
    _in_window(value.date())
    return value


Instant = Annotated[AwareDatetime, AfterValidator(_instant_in_window)]


def _check(value: Any, wide: bool) -> None:
    if isinstance(value, str):
        plain_text(value)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        top = INT64_MAX if wide else INT32_MAX
        if not -top - 1 <= value <= top:
            raise PydanticCustomError(
                "int.out_of_range",
                "must be between {low} and {top}",
                {"low": -top - 1, "top": top},
            )
    elif isinstance(value, list | tuple | set | frozenset):
        for member in value:
            _check(member, wide)
    elif isinstance(value, dict):
        for key, member in value.items():
            _check(key, wide)
            _check(member, wide)


class Input(BaseModel):
    """What every validated input shares: unknown fields refused, no infinities, and every
    text and integer held to what a column can store (the model's nested blocks are Inputs
    too, so they check their own fields)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    # Integer fields stored in ``bigint`` columns; every other integer is an ``integer``.
    wide_integers: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _bounded(cls, value: Any, info: ValidationInfo) -> Any:
        _check(value, info.field_name in cls.wide_integers)
        return value
