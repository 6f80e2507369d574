"""Rules of two-step and centralized declaration. Pure: no I/O, values in, values out.

Deadlines are instants: a thing done exactly at its deadline is in time, one second later it
is late. Months and calendar days are read in the district's time zone; storage stays UTC.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from clearway.shared.errors import FieldError, RuleViolation


def two_step_anchor(
    anchor: str, entry_times: Iterable[datetime], released_at: datetime | None
) -> datetime | None:
    """When the complete declaration's clock starts, or None while it has not started.

    ``entry``: the transport's entry (the earliest E0 manifest or E1 arrival recorded); with
    neither on record the goods' release stands in for it, as they cannot leave before they
    entered. ``release``: the summary's release (pickup).
    """
    if anchor == "entry":
        entries = sorted(entry_times)
        if entries:
            return entries[0]
    return released_at


def complete_due(anchor_at: datetime, days: int) -> datetime:
    """The instant the complete declaration is due: `days` whole days after the anchor."""
    return anchor_at + timedelta(days=days)


def is_late(at: datetime, due: datetime) -> bool:
    """At the deadline is in time; any later is late."""
    return at > due


def ensure_import_list_in_time(now: datetime, entry_at: datetime, days: int) -> None:
    """An import centralized list is lodged within `days` of the transport's entry."""
    if entry_at > now:
        raise RuleViolation.single(
            "entry_at", "centralized.entry_in_future", "the transport has not entered yet"
        )
    due = entry_at + timedelta(days=days)
    if is_late(now, due):
        raise RuleViolation.single(
            "entry_at",
            "centralized.import_list_deadline",
            f"an import list is due within {days} days of the transport's entry "
            f"({entry_at.isoformat()}), by {due.isoformat()}",
        )


def ensure_export_list_in_time(now: datetime, loading_at: datetime, hours: float) -> None:
    """An export centralized list is lodged at least `hours` before loading."""
    due = loading_at - timedelta(hours=hours)
    if is_late(now, due):
        raise RuleViolation.single(
            "loading_at",
            "centralized.export_list_lead_time",
            f"an export list is due {hours:g} h before loading ({loading_at.isoformat()}), "
            f"by {due.isoformat()}",
        )


def local_day(at: datetime, zone: str) -> date:
    """The calendar day of an instant in the district's time zone."""
    return at.astimezone(ZoneInfo(zone)).date()


def period_of(at: datetime, zone: str) -> str:
    """The month (``YYYY-MM``) an instant falls in, in the district's time zone."""
    return local_day(at, zone).strftime("%Y-%m")


def period_end(period: str, zone: str) -> datetime:
    """The first instant after the period's month, in UTC."""
    year, month = (int(part) for part in period.split("-"))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime.combine(date(year, month, 1), time(), ZoneInfo(zone)).astimezone(UTC)


def consolidation_due(
    period: str, grace_days: int, zone: str, grace_months: int = 0, within_year: bool = False
) -> datetime:
    """The instant a period's lists must be consolidated by: the end of the month
    `grace_months` after the period's, plus `grace_days`; never past the period's year's end
    when the regime may not cross a calendar year.

    General trade by the 10th of the next month (days 10), but December's by 31 December;
    bonded goods by the end of the next month (months 1).
    """
    year, month = (int(part) for part in period.split("-"))
    last = add_months(date(year, month, 1), grace_months)
    due = period_end(last.strftime("%Y-%m"), zone) + timedelta(days=grace_days)
    if within_year:
        return min(due, period_end(f"{year}-12", zone))
    return due


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ensure_period(period: str) -> None:
    """A period is a month written ``YYYY-MM``."""
    try:
        year, month = (int(part) for part in period.split("-"))
        date(year, month, 1)
    except ValueError:
        raise RuleViolation.single(
            "period", "period", f"'{period}' is not a month written YYYY-MM"
        ) from None
    if len(period) != 7:
        raise RuleViolation.single("period", "period", f"'{period}' is not written YYYY-MM")


@dataclass(frozen=True)
class LineConditions:
    """A summary item's tariff line and the supervision conditions in force on its day."""

    line_no: int
    tariff_code: str
    conditions: str


def summary_flag_errors(
    lines: Iterable[LineConditions],
    licence_required: bool,
    inspection_required: bool,
    licence_number: str | None,
    inspection_codes: Collection[str],
) -> list[FieldError]:
    """What a two-step summary's flags understate against its tariff lines' conditions.

    A condition code among ``inspection_codes`` (A, B) means statutory inspection; any other
    code names a licence or permit, whose number the summary must give. Saying more than the
    tariff requires is the declarant's caution and is never refused.
    """
    inspected, licensed = [], []
    for line in lines:
        codes = [c for c in line.conditions.strip() if not c.isspace()]
        label = f"item {line.line_no} {line.tariff_code}"
        if any(c in inspection_codes for c in codes):
            inspected.append(label)
        others = "".join(c for c in codes if c not in inspection_codes)
        if others:
            licensed.append(f"{label} (conditions {others})")
    errors: list[FieldError] = []
    if inspected and not inspection_required:
        errors.append(
            FieldError(
                "inspection_required",
                "two_step.statutory_inspection",
                "statutory inspection applies to " + ", ".join(inspected),
            )
        )
    if licensed and not licence_required:
        errors.append(
            FieldError(
                "licence_required",
                "two_step.licence_required",
                "a licence is required for " + ", ".join(licensed),
            )
        )
    if (licensed or licence_required) and not (licence_number or "").strip():
        errors.append(
            FieldError(
                "licence_number",
                "two_step.licence_number",
                "goods that need a licence give its number on the summary",
            )
        )
    return errors


def centralized_scope_errors(
    category: str,
    allowed: Collection[str],
    transport_mode: str,
    regime: str,
    office_code: str,
) -> list[FieldError]:
    """Why a filing's goods may not use centralized declaration at the office; empty when
    they may. Bonded goods through road ports must be bonded and travel by road."""
    errors: list[FieldError] = []
    if category not in allowed:
        errors.append(
            FieldError(
                "goods_category",
                "centralized.goods_category",
                f"{category.replace('_', ' ')} goods may not use centralized declaration at "
                f"office {office_code} (allowed: {', '.join(sorted(allowed)) or 'none'})",
            )
        )
    elif category == "bonded_road":
        if transport_mode != "road":
            errors.append(
                FieldError(
                    "transport_mode",
                    "centralized.bonded_road",
                    "bonded goods use centralized declaration through road ports only",
                )
            )
        if regime != "bonded":
            errors.append(
                FieldError(
                    "regime",
                    "centralized.bonded_road",
                    "goods filed as bonded goods through road ports are declared as bonded",
                )
            )
    return errors


def category_goods_errors(
    category: str, items: Iterable[tuple[str, bool]], prefixes: Collection[str]
) -> list[FieldError]:
    """Why a list's goods are not the goods its filing was filed for; empty when they are.

    ``items`` are (tariff code, declares a UN number) per item. Dangerous goods must declare
    a UN number; perishables and publications must fall under one of the category's HS
    prefixes (the dated table); general and bonded-road filings are scoped by the filing, not
    by the goods."""
    if category in ("general", "bonded_road"):
        return []
    errors = []
    for n, (code, has_un_number) in enumerate(items):
        if category == "dangerous_goods":
            fits, path = has_un_number, f"items[{n}].dangerous_goods"
            why = "declares no UN number"
        else:
            fits, path = any(code.startswith(p) for p in prefixes), f"items[{n}].tariff_code"
            why = f"tariff line {code} is not among the category's goods"
        if not fits:
            errors.append(
                FieldError(
                    path,
                    "centralized.goods_category_mismatch",
                    f"the filing is for {category.replace('_', ' ')} goods, but item {n + 1} {why}",
                )
            )
    return errors
