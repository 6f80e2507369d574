"""``trade_monthly``: trade summed per month and per-declaration attributes, from ``trade_facts``.

A slice is one enterprise's month; it is re-derived whole (delete, then ``INSERT … SELECT``
grouped from the item facts), so the sums can never drift from the facts they come from.
A declaration is counted at its first line, so counts add up across rows.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    bindparam,
    case,
    cast,
    delete,
    extract,
    func,
    insert,
    select,
)

from clearway.persistence.tables_statistics import trade_facts, trade_monthly

tf = trade_facts.c
tm = trade_monthly.c
DIMENSIONS = (
    "flow",
    "office_code",
    "trader_id",
    "port_code",
    "credit_level",
    "facilitation_mode",
    "transport_mode",
)
COLUMNS = [c.name for c in trade_monthly.c]


def period_of(day: Any) -> ColumnElement[int]:
    """A date column as its month, ``yyyymm``."""
    return cast(extract("year", day), Integer) * 100 + cast(extract("month", day), Integer)


def period(day: date) -> int:
    return day.year * 100 + day.month


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _sums(where: list[ColumnElement[bool]]) -> Select[Any]:
    month = period_of(tf.declaration_date)
    keys = [tf[c] for c in DIMENSIONS]
    return (
        select(
            month,
            *keys,
            func.count(case((tf.line_no == 1, 1))),
            func.count(),
            func.coalesce(func.sum(tf.value_cny), 0),
            func.sum(tf.value_usd),
            func.count(tf.value_usd),
            func.coalesce(func.sum(tf.net_weight), 0),
            func.coalesce(func.sum(tf.quantity), 0),
            func.min(tf.unit),
            func.max(tf.unit),
        )
        .where(*where)
        .group_by(month, *keys)
    )


def refresh(
    conn: Connection,
    trader_id: int | None = None,
    since: date | None = None,
    month: date | None = None,
) -> None:
    """Re-derive one enterprise's (or every) months: all, from ``since``, or just ``month``."""
    rollup: list[ColumnElement[bool]] = []
    facts: list[ColumnElement[bool]] = []
    if trader_id is not None:
        rollup.append(tm.trader_id == trader_id)
        facts.append(tf.trader_id == trader_id)
    if month is not None:
        start = month.replace(day=1)
        rollup.append(tm.period == period(start))
        facts += [tf.declaration_date >= start, tf.declaration_date < _next_month(start)]
    elif since is not None:
        rollup.append(tm.period >= period(since))
        facts.append(tf.declaration_date >= since.replace(day=1))
    conn.execute(delete(trade_monthly).where(*rollup))
    conn.execute(insert(trade_monthly).from_select(COLUMNS, _sums(facts)))


@lru_cache(maxsize=1)
def _slices() -> Select[Any]:
    return (
        select(tf.trader_id, tf.declaration_date)
        .where(tf.declaration_id.in_(bindparam("ids", expanding=True)), tf.line_no == 1)
        .distinct()
    )


def refresh_declarations(conn: Connection, ids: list[int]) -> None:
    """Re-derive the months these declarations fall in (none until they are released)."""
    months = {(t, day.replace(day=1)) for t, day in conn.execute(_slices(), {"ids": ids})}
    for trader_id, month in sorted(months):
        refresh(conn, trader_id, month=month)
