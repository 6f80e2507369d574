"""The monthly rollups of ``trade_facts``: ``trade_monthly`` and ``trade_monthly_items``.

``trade_monthly`` sums trade per month and per-declaration attributes; a declaration is
counted at its first line, so counts add up across rows. ``trade_monthly_items`` adds one item
attribute (an HS level or a country, :data:`ITEM_CODES`) and counts the distinct
declarations with an item of each code.

A slice is one enterprise's month; both rollups re-derive it whole (delete, then ``INSERT …
SELECT`` grouped from the item facts), so the sums can never drift from the facts they come
from.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    Table,
    case,
    cast,
    delete,
    distinct,
    extract,
    func,
    insert,
    literal,
    select,
    union_all,
)
from sqlalchemy.sql.selectable import CompoundSelect

from clearway.statistics.commands import TradeDimension
from clearway.statistics.rollups import HS_DIGITS
from clearway.statistics.tables import trade_facts, trade_monthly, trade_monthly_items

D = TradeDimension
tf = trade_facts.c
DIMENSIONS = (
    "flow",
    "office_code",
    "trader_id",
    "port_code",
    "credit_level",
    "facilitation_measures",
    "transport_mode",
    "trade_mode",
    "heading",
)
# The value of an item attribute on a trade fact: what ``trade_monthly_items`` groups by and
# what the item-level queries on ``trade_facts`` group by, the same expression.
ITEM_CODES: dict[TradeDimension, ColumnElement[str]] = {
    **{d: func.substr(tf.tariff_code, 1, n) for d, n in HS_DIGITS.items() if n < 10},
    D.HS_LINE: tf.tariff_code,
    D.ORIGIN_COUNTRY: tf.origin_country,
    D.DESTINATION_COUNTRY: tf.destination_country,
    D.PARTNER_COUNTRY: tf.partner_country,
}


def period_of(day: Any) -> ColumnElement[int]:
    """A date column as its month, ``yyyymm``."""
    return cast(extract("year", day), Integer) * 100 + cast(extract("month", day), Integer)


def period(day: date) -> int:
    return day.year * 100 + day.month


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def fact_measures(declarations: ColumnElement[int]) -> list[ColumnElement[Any]]:
    """What a group of trade facts adds up to, in the column order of the rollups (after the
    keys) and of ``trade_figures``: how its declarations are counted is the caller's."""
    return [
        declarations,
        func.count(),
        func.coalesce(func.sum(tf.value_cny), 0),
        func.sum(tf.value_usd),
        func.count(tf.value_usd),
        func.coalesce(func.sum(tf.statistical_value_cny), 0),
        func.sum(tf.statistical_value_usd),
        func.coalesce(func.sum(tf.net_weight), 0),
        func.coalesce(func.sum(tf.quantity), 0),
        func.min(tf.unit),
        func.max(tf.unit),
    ]


def rollup_measures(rollup: Table) -> list[ColumnElement[Any]]:
    """The same figures summed over rows of either rollup (their measure columns are alike)."""
    c = rollup.c
    return [
        func.coalesce(func.sum(c.declarations), 0),
        func.coalesce(func.sum(c["items"]), 0),
        func.coalesce(func.sum(c.value_cny), 0),
        func.sum(c.value_usd),
        func.coalesce(func.sum(c.usd_items), 0),
        func.coalesce(func.sum(c.statistical_value_cny), 0),
        func.sum(c.statistical_value_usd),
        func.coalesce(func.sum(c.net_weight), 0),
        func.coalesce(func.sum(c.quantity), 0),
        func.min(c.unit_low),
        func.max(c.unit_high),
    ]


FIRST_LINE = func.count(case((tf.line_no == 1, 1)))


def _slice_keys() -> list[ColumnElement[Any]]:
    """What both rollups group trade facts by: the month and the per-declaration dimensions."""
    return [period_of(tf.declaration_date), *(tf[c] for c in DIMENSIONS)]


def _sums(where: list[ColumnElement[bool]]) -> Select[Any]:
    keys = _slice_keys()
    return select(*keys, *fact_measures(FIRST_LINE)).where(*where).group_by(*keys)


def _item_sums(where: list[ColumnElement[bool]]) -> CompoundSelect[Any]:
    keys = _slice_keys()
    distinct_declarations = func.count(distinct(tf.declaration_id))
    return union_all(
        *(
            select(literal(d.value), *keys, code, *fact_measures(distinct_declarations))
            .where(*where)
            .group_by(*keys, code)
            for d, code in ITEM_CODES.items()
        )
    )


def _slice(
    rollup: Table, trader_id: int | None, since: date | None, month: date | None
) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if trader_id is not None:
        found.append(rollup.c.trader_id == trader_id)
    if month is not None:
        found.append(rollup.c.period == period(month))
    elif since is not None:
        found.append(rollup.c.period >= period(since))
    return found


def refresh(
    conn: Connection,
    trader_id: int | None = None,
    since: date | None = None,
    month: date | None = None,
) -> None:
    """Re-derive one enterprise's (or every) months: all, from ``since``, or just ``month``."""
    start = month.replace(day=1) if month is not None else None
    facts: list[ColumnElement[bool]] = []
    if trader_id is not None:
        facts.append(tf.trader_id == trader_id)
    if start is not None:
        facts += [tf.declaration_date >= start, tf.declaration_date < _next_month(start)]
    elif since is not None:
        facts.append(tf.declaration_date >= since.replace(day=1))
    for rollup, sums in ((trade_monthly, _sums(facts)), (trade_monthly_items, _item_sums(facts))):
        conn.execute(delete(rollup).where(*_slice(rollup, trader_id, since, start)))
        conn.execute(insert(rollup).from_select([c.name for c in rollup.c], sums))
