"""The dated table of trade (supervision) modes and the statistics heading each counts under.

China's customs statistics count goods that enter or leave the customs territory; goods moving
between a special customs supervision zone (a comprehensive bonded zone) and the domestic area
never cross that border, so they are kept out of trade statistics and reported on their own
(``docs/rules/trade_statistics.md``). The table ships as ``data/trade_modes.csv``: one row per
mode and period (``valid_from`` through ``valid_to``, both included; empty: no end) with its
heading, ``trade`` or ``zone_movement``. A mode the table does not list counts as trade.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from importlib.resources import files
from typing import Any

from sqlalchemy import ColumnElement, and_, case, literal

from clearway.reference.loading import Row, parse_rows, refuse_overlaps
from clearway.shared.periods import in_force


class TradeHeading(StrEnum):
    """Where a declaration's goods are reported: trade statistics, or zone movements."""

    TRADE = "trade"
    ZONE_MOVEMENT = "zone_movement"


@dataclass(frozen=True)
class TradeMode:
    """One supervision mode over one period: its names and the heading it counts under."""

    code: str
    name_zh: str
    name_en: str
    heading: TradeHeading
    valid_from: date
    valid_to: date | None

    def in_force(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)


COLUMNS = ("code", "name_zh", "name_en", "heading", "valid_from", "valid_to")


def parse_trade_modes(text: str) -> tuple[TradeMode, ...]:
    """The rows of the table; a RuleViolation naming each bad line, or a mode's overlapping
    periods."""
    modes = parse_rows(text, COLUMNS, _trade_mode)
    refuse_overlaps(modes, lambda mode: mode.code, "code")
    return tuple(modes)


def _trade_mode(row: Row) -> TradeMode | None:
    code = row.text("code")
    if code and not (len(code) == 4 and code.isdigit()):
        row.fail("code", "trade_mode", f"'{code}' is not a 4-digit supervision mode")
    heading = row.text("heading")
    if heading and heading not in set(TradeHeading):
        row.fail("heading", "heading", f"'{heading}' is not one of {', '.join(TradeHeading)}")
        return None
    valid_from, valid_to = row.period()
    return TradeMode(
        code,
        row.text("name_zh"),
        row.text("name_en"),
        TradeHeading(heading or TradeHeading.TRADE),
        valid_from or date.min,
        valid_to,
    )


@lru_cache(maxsize=1)
def trade_modes() -> tuple[TradeMode, ...]:
    """The table that ships with Clearway, read once."""
    text = (files("clearway.statistics") / "data" / "trade_modes.csv").read_text("utf-8")
    return parse_trade_modes(text)


def heading_on(code: str, day: date, modes: tuple[TradeMode, ...] | None = None) -> TradeHeading:
    """The heading a declaration of this mode on this day counts under (unlisted: trade)."""
    for mode in trade_modes() if modes is None else modes:
        if mode.code == code and mode.in_force(day):
            return mode.heading
    return TradeHeading.TRADE


def heading_sql(code: Any, day: Any) -> ColumnElement[str]:
    """The SQL twin of :func:`heading_on` over a mode and a date column, for the projection."""
    whens: list[tuple[ColumnElement[bool], str]] = []
    for mode in trade_modes():
        if mode.heading is TradeHeading.TRADE:
            continue
        conditions = [code == mode.code, day >= mode.valid_from]
        if mode.valid_to is not None:
            conditions.append(day <= mode.valid_to)
        whens.append((and_(*conditions), mode.heading.value))
    if not whens:
        return literal(TradeHeading.TRADE.value)
    return case(*whens, else_=TradeHeading.TRADE.value)


def names(codes: list[str]) -> dict[str, str]:
    """Readable names of the modes (the row in force last), ``一般贸易 General trade``."""
    found: dict[str, str] = {}
    for mode in sorted(trade_modes(), key=lambda m: m.valid_from):
        if mode.code in codes:
            found[mode.code] = f"{mode.name_zh} {mode.name_en}"
    return found
