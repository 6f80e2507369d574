"""Query parameters of the statistics, checked once for the API, the CLI and the web pages.

Every refusal names its parameter and the rule, like the rest of Clearway, so a bad query
answers 422 with the field (never an empty table that looks like a real answer).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from clearway.declarations.model import FacilitationMode, Flow, Lane, TransportMode
from clearway.enterprises.model import CreditLevel
from clearway.shared.errors import Collector
from clearway.statistics.trade_modes import TradeHeading


class TradeDimension(StrEnum):
    """What trade figures can be grouped by."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    FLOW = "flow"
    OFFICE = "office"
    PORT = "port"
    HS_CHAPTER = "hs_chapter"
    HS_HEADING = "hs_heading"
    HS_SUBHEADING = "hs_subheading"
    HS_LINE = "hs_line"
    ORIGIN_COUNTRY = "origin_country"
    DESTINATION_COUNTRY = "destination_country"
    PARTNER_COUNTRY = "partner_country"
    ENTERPRISE = "enterprise"
    CREDIT_LEVEL = "credit_level"
    FACILITATION_MODE = "facilitation_mode"
    TRANSPORT_MODE = "transport_mode"
    TRADE_MODE = "trade_mode"  # the supervision mode (0110 general trade, …)

    @property
    def per_declaration(self) -> bool:
        """One value per declaration (not per item): its groups never share a declaration."""
        return self not in _ITEM_LEVEL

    @property
    def disjoint(self) -> bool:
        """Its groups never share a declaration, so they add up to the total: not an item
        attribute, nor the facilitation measure (a declaration using two counts under each)."""
        return self.per_declaration and self is not TradeDimension.FACILITATION_MODE


_ITEM_LEVEL = frozenset(
    {
        TradeDimension.HS_CHAPTER,
        TradeDimension.HS_HEADING,
        TradeDimension.HS_SUBHEADING,
        TradeDimension.HS_LINE,
        TradeDimension.ORIGIN_COUNTRY,
        TradeDimension.DESTINATION_COUNTRY,
        TradeDimension.PARTNER_COUNTRY,
    }
)


class ReleaseDimension(StrEnum):
    """What release times can be broken down by (DOMAIN.md §9)."""

    LANE = "lane"
    CREDIT_LEVEL = "credit_level"
    FACILITATION_MODE = "facilitation_mode"
    TRANSPORT_MODE = "transport_mode"
    ARRIVAL = "arrival"  # pre-arrival lodgement, lodged after arrival, or no arrival recorded
    OFFICE = "office"
    FLOW = "flow"


class TradeSort(StrEnum):
    KEYS = "keys"
    VALUE = "value"


@dataclass(frozen=True)
class Scope:
    """Filters every statistic shares: flow, declaration-date period, office, enterprise."""

    flow: Flow | None = None
    date_from: date | None = None
    date_to: date | None = None
    office_code: str | None = None
    enterprise_id: int | None = None
    credit_level: CreditLevel | None = None
    facilitation_mode: FacilitationMode | None = None
    transport_mode: TransportMode | None = None


@dataclass(frozen=True)
class TradeQuery:
    """Trade figures: grouped by the dimensions, filtered by the scope, HS prefix and country."""

    scope: Scope = field(default_factory=Scope)
    group_by: tuple[TradeDimension, ...] = ()
    hs_prefix: str | None = None
    country: str | None = None
    sort: TradeSort = TradeSort.KEYS
    limit: int | None = None
    heading: TradeHeading = TradeHeading.TRADE
    trade_mode: str | None = None


@dataclass(frozen=True)
class ReleaseQuery:
    """Release-time figures of the declarations released in the scope."""

    scope: Scope = field(default_factory=Scope)
    lane: Lane | None = None


def parse_dimensions(raw: str | Iterable[str] | None) -> list[str]:
    """``"month,hs_chapter"`` or ``["month", "hs_chapter"]`` as a clean list of names."""
    if raw is None:
        return []
    parts = raw.split(",") if isinstance(raw, str) else [p for r in raw for p in r.split(",")]
    return [p.strip() for p in parts if p.strip()]


def scope(
    *,
    flow: Flow | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    office_code: str | None = None,
    enterprise_id: int | None = None,
    credit_level: CreditLevel | None = None,
    facilitation_mode: FacilitationMode | None = None,
    transport_mode: TransportMode | None = None,
) -> Scope:
    """A checked scope: the period in order, the office a 4-digit code."""
    errors = Collector()
    if date_from and date_to and date_to < date_from:
        errors.add("to", "period", f"{date_to} is before from {date_from}")
    if office_code is not None and not (len(office_code) == 4 and office_code.isdigit()):
        errors.add("office", "office_code", "a customs office code is 4 digits")
    errors.raise_if_any()
    return Scope(
        flow=flow,
        date_from=date_from,
        date_to=date_to,
        office_code=office_code,
        enterprise_id=enterprise_id,
        credit_level=credit_level,
        facilitation_mode=facilitation_mode,
        transport_mode=transport_mode,
    )


def trade_query(
    base: Scope,
    group_by: str | Iterable[str] | None = None,
    hs_prefix: str | None = None,
    country: str | None = None,
    sort: TradeSort = TradeSort.KEYS,
    limit: int | None = None,
    heading: TradeHeading = TradeHeading.TRADE,
    trade_mode: str | None = None,
) -> TradeQuery:
    """Check the trade parameters, reporting every broken rule at once."""
    errors = Collector()
    dimensions: list[TradeDimension] = []
    for name in parse_dimensions(group_by):
        try:
            dimension = TradeDimension(name)
        except ValueError:
            known = ", ".join(d.value for d in TradeDimension)
            errors.add("group_by", "unknown_dimension", f"'{name}' is not one of {known}")
            continue
        if dimension in dimensions:
            errors.add("group_by", "repeated_dimension", f"'{name}' is given twice")
        dimensions.append(dimension)
    periods = {TradeDimension.YEAR, TradeDimension.QUARTER, TradeDimension.MONTH}
    if len(periods.intersection(dimensions)) > 1:
        errors.add("group_by", "one_period", "group by one of year, quarter or month")
    if hs_prefix is not None and not (hs_prefix.isdigit() and 2 <= len(hs_prefix) <= 10):
        errors.add("hs", "hs_prefix", "an HS prefix is 2 to 10 digits (chapter, heading, line)")
    if country is not None and not (len(country) == 2 and country.isalpha()):
        errors.add("country", "country", "a country is its ISO 3166 two-letter code")
    if limit is not None and limit < 1:
        errors.add("limit", "positive", "limit must be at least 1")
    if trade_mode is not None and not (len(trade_mode) == 4 and trade_mode.isdigit()):
        errors.add("trade_mode", "trade_mode", "a trade (supervision) mode is 4 digits")
    errors.raise_if_any()
    return TradeQuery(
        scope=base,
        group_by=tuple(dimensions),
        hs_prefix=hs_prefix,
        country=country.upper() if country else None,
        sort=sort,
        limit=limit,
        heading=heading,
        trade_mode=trade_mode,
    )


def release_dimensions(raw: str | Iterable[str] | None) -> list[ReleaseDimension]:
    """Breakdown dimensions, refusing unknown names with the list of known ones."""
    errors = Collector()
    found: list[ReleaseDimension] = []
    for name in parse_dimensions(raw):
        try:
            found.append(ReleaseDimension(name))
        except ValueError:
            known = ", ".join(d.value for d in ReleaseDimension)
            errors.add("by", "unknown_dimension", f"'{name}' is not one of {known}")
    errors.raise_if_any()
    return list(dict.fromkeys(found))


def curve_hours(raw: str | Iterable[str] | None) -> list[float] | None:
    """Thresholds of the release curve in hours (ascending, positive), or None for the default."""
    names = parse_dimensions(raw)
    if not names:
        return None
    errors = Collector()
    values: list[float] = []
    for name in names:
        try:
            value = float(name)
        except ValueError:
            errors.add("hours", "number", f"'{name}' is not a number of hours")
            continue
        if not 0 < value <= 24 * 366:
            errors.add("hours", "range", f"{name} must be above 0 and at most a year")
        values.append(value)
    if len(values) > 100:
        errors.add("hours", "max_points", "at most 100 thresholds")
    errors.raise_if_any()
    return sorted(set(values))


def comparison_periods(
    before_from: date | None,
    before_to: date | None,
    after_from: date | None,
    after_to: date | None,
) -> tuple[tuple[date, date], tuple[date, date]]:
    """Both periods of a before/after comparison, each complete and in order."""
    errors = Collector()
    given = {
        "before_from": before_from,
        "before_to": before_to,
        "after_from": after_from,
        "after_to": after_to,
    }
    for name, value in given.items():
        if value is None:
            errors.add(name, "required", "a comparison needs both ends of both periods")
    errors.raise_if_any()
    assert before_from and before_to and after_from and after_to
    if before_to < before_from:
        errors.add("before_to", "period", "is before before_from")
    if after_to < after_from:
        errors.add("after_to", "period", "is before after_from")
    errors.raise_if_any()
    return (before_from, before_to), (after_from, after_to)
