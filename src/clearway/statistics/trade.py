"""Trade statistics: values in CNY and USD and quantities, grouped and filtered.

Reads ``trade_facts`` (see ``facts.py`` for what counts and how values are converted). Each
call is one grouped SQL statement (plus one for the total when groups can share a
declaration), identical on SQLite and PostgreSQL, and returns plain dataclasses the API, the
CLI and the web pages render as they like.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    case,
    cast,
    distinct,
    extract,
    func,
    select,
)
from sqlalchemy.orm import Session

from clearway.identity.model import Actor
from clearway.persistence.tables_statistics import trade_facts, trade_monthly
from clearway.statistics import labels, monthly
from clearway.statistics.commands import Scope, TradeDimension, TradeQuery, TradeSort
from clearway.statistics.sql import reads_directly, scope_conditions, visible_from
from clearway.statistics.trade_figures import (
    CENT,
    GRAM,
    QUANTITY_PLACES,
    TradeFigures,
    TradeRow,
    TradeTable,
    fold,
)

tf = trade_facts.c
tm = trade_monthly.c
D = TradeDimension
__all__ = ["TradeFigures", "TradeRow", "TradeTable", "trade"]


@dataclass(frozen=True)
class _Reading:
    """The table a query reads and how its rows give a year and a month."""

    c: Any  # the table's columns
    year: ColumnElement[int]
    month: ColumnElement[int]


def _facts() -> _Reading:
    day = tf.declaration_date
    return _Reading(tf, cast(extract("year", day), Integer), cast(extract("month", day), Integer))


def _monthly() -> _Reading:
    return _Reading(tm, tm.period // 100, tm.period % 100)


Keys = Callable[[_Reading], list[ColumnElement[Any]]]

# Each dimension: the SQL values it groups by, and how they read as one key.
_GROUPS: dict[TradeDimension, tuple[Keys, Callable[..., str]]] = {
    D.YEAR: (lambda r: [r.year], lambda y: f"{y}"),
    D.QUARTER: (lambda r: [r.year, (r.month + 2) // 3], lambda y, q: f"{y}-Q{q}"),
    D.MONTH: (lambda r: [r.year, r.month], lambda y, m: f"{y}-{m:02d}"),
    D.FLOW: (lambda r: [r.c.flow], str),
    D.OFFICE: (lambda r: [r.c.office_code], str),
    D.PORT: (lambda r: [r.c.port_code], str),
    D.HS_CHAPTER: (lambda r: [func.substr(r.c.tariff_code, 1, 2)], str),
    D.HS_HEADING: (lambda r: [func.substr(r.c.tariff_code, 1, 4)], str),
    D.HS_SUBHEADING: (lambda r: [func.substr(r.c.tariff_code, 1, 6)], str),
    D.HS_LINE: (lambda r: [r.c.tariff_code], str),
    D.ORIGIN_COUNTRY: (lambda r: [r.c.origin_country], str),
    D.DESTINATION_COUNTRY: (lambda r: [r.c.destination_country], str),
    D.PARTNER_COUNTRY: (lambda r: [r.c.partner_country], str),
    D.ENTERPRISE: (lambda r: [r.c.trader_id], str),
    D.CREDIT_LEVEL: (lambda r: [r.c.credit_level], str),
    D.FACILITATION_MODE: (lambda r: [r.c.facilitation_mode], str),
    D.TRANSPORT_MODE: (lambda r: [r.c.transport_mode], str),
}


def _hs_range(prefix: str) -> list[ColumnElement[bool]]:
    """Codes starting with the prefix as a range, so an ordinary index serves it whatever the
    collation: ``8507`` → ``'8507' <= code < '8508'``."""
    found = [tf.tariff_code >= prefix]
    following = int(prefix) + 1
    if len(str(following)) <= len(prefix):
        found.append(tf.tariff_code < str(following).zfill(len(prefix)))
    return found


def _measures_sql(whole_declarations: bool) -> list[ColumnElement[Any]]:
    """The sums of a group. When every group holds whole declarations (no item-level grouping
    or filter), a declaration is counted at its first line, which lets the database hash the
    groups (and split the work) instead of sorting for a distinct count."""
    declarations = (
        func.count(case((tf.line_no == 1, 1)))
        if whole_declarations
        else func.count(distinct(tf.declaration_id))
    )
    return [
        declarations,
        func.count(),
        func.coalesce(func.sum(tf.value_cny), 0),
        func.sum(tf.value_usd),
        func.count(tf.value_usd),
        func.coalesce(func.sum(tf.net_weight), 0),
        func.coalesce(func.sum(tf.quantity), 0),
        func.min(tf.unit),
        func.max(tf.unit),
    ]


def _monthly_measures() -> list[ColumnElement[Any]]:
    return [
        func.coalesce(func.sum(tm.declarations), 0),
        func.coalesce(func.sum(tm["items"]), 0),
        func.coalesce(func.sum(tm.value_cny), 0),
        func.sum(tm.value_usd),
        func.coalesce(func.sum(tm.usd_items), 0),
        func.coalesce(func.sum(tm.net_weight), 0),
        func.coalesce(func.sum(tm.quantity), 0),
        func.min(tm.unit_low),
        func.max(tm.unit_high),
    ]


def _whole_months(scope: Scope) -> bool:
    starts = scope.date_from is None or scope.date_from.day == 1
    ends = scope.date_to is None or (scope.date_to + timedelta(days=1)).day == 1
    return starts and ends


def _figures(row: Sequence[Any]) -> TradeFigures:
    declarations, items, cny, usd, usd_items, kg, quantity, low_unit, high_unit = row
    same_unit = low_unit is not None and low_unit == high_unit
    return TradeFigures(
        declarations=int(declarations),
        items=int(items),
        value_cny=Decimal(cny).quantize(CENT),
        value_usd=Decimal(usd).quantize(CENT) if usd is not None and usd_items == items else None,
        net_weight_kg=Decimal(kg).quantize(GRAM),
        quantity=Decimal(quantity).quantize(QUANTITY_PLACES) if same_unit else None,
        unit=low_unit if same_unit else None,
    )


def trade(session: Session, actor: Actor, query: TradeQuery) -> TradeTable:
    """Trade figures the actor may see, grouped as asked, with the total of the whole scope.

    Whole months grouped by per-declaration attributes read the monthly sums (when tenancy is
    a plain filter: customs, enterprise users); anything finer reads the item facts.
    """
    whole = not (query.hs_prefix or query.country) and all(
        d.per_declaration for d in query.group_by
    )
    source: FromClause
    if whole and reads_directly(actor) and _whole_months(query.scope):
        reading, (source, conditions) = _monthly(), visible_from(trade_monthly, actor)
        measures = _monthly_measures()
        undated = replace(query.scope, date_from=None, date_to=None)
        conditions += scope_conditions(trade_monthly, undated)
        if query.scope.date_from is not None:
            conditions.append(tm.period >= monthly.period(query.scope.date_from))
        if query.scope.date_to is not None:
            conditions.append(tm.period <= monthly.period(query.scope.date_to))
    else:
        reading, (source, conditions) = _facts(), visible_from(trade_facts, actor)
        measures = _measures_sql(whole)
        conditions += scope_conditions(trade_facts, query.scope)
    if query.hs_prefix:
        conditions += _hs_range(query.hs_prefix)
    if query.country:
        conditions.append(tf.partner_country == query.country)
    spans: list[tuple[TradeDimension, int]] = []
    group: list[ColumnElement[Any]] = []
    for dimension in query.group_by:
        exprs = _GROUPS[dimension][0](reading)
        spans.append((dimension, len(exprs)))
        group += exprs
    stmt = select(*group, *measures).select_from(source).where(*conditions)
    if group:
        stmt = stmt.group_by(*group)
        ordering = group if query.sort is TradeSort.KEYS else [measures[2].desc()]
        stmt = stmt.order_by(*ordering, *group)
    if query.limit:
        stmt = stmt.limit(query.limit)
    rows = session.execute(stmt).all()
    keyed: list[tuple[dict[str, str], TradeFigures]] = []
    for row in rows:
        keys, at = {}, 0
        for dimension, width in spans:
            keys[dimension.value] = _GROUPS[dimension][1](*row[at : at + width])
            at += width
        keyed.append((keys, _figures(row[at:])))
    if not group:
        total = keyed[0][1] if keyed else _figures((0, 0, 0, None, 0, 0, 0, None, None))
        return TradeTable(query, [], total)
    if query.limit is None and all(d.per_declaration for d in query.group_by):
        total = fold([f for _, f in keyed])
    else:  # groups can share a declaration (or are cut off): count the scope itself
        overall = select(*measures).select_from(source).where(*conditions)
        total = _figures(session.execute(overall).one())
    names = _labels(session, query.group_by, [k for k, _ in keyed])
    return TradeTable(
        query,
        [TradeRow(k, {d: names[d][v] for d, v in k.items() if v in names[d]}, f) for k, f in keyed],
        total,
    )


def _labels(
    session: Session, dimensions: Sequence[TradeDimension], keys: list[dict[str, str]]
) -> dict[str, dict[str, str]]:
    """Readable names for the keys of the dimensions that have them."""
    found: dict[str, dict[str, str]] = {d.value: {} for d in dimensions}
    for dimension in dimensions:
        values = [k[dimension.value] for k in keys]
        names: dict[str, str] = {}
        if dimension is D.OFFICE:
            names = labels.offices(session, values)
        elif dimension is D.ENTERPRISE:
            by_id = labels.enterprise_names(session, [int(v) for v in values])
            names = {str(i): n for i, n in by_id.items()}
        elif dimension in (D.ORIGIN_COUNTRY, D.DESTINATION_COUNTRY, D.PARTNER_COUNTRY):
            names = labels.countries(values)
        elif dimension is D.HS_LINE:
            names = labels.tariff_descriptions(session, values)
        elif dimension in (D.HS_CHAPTER, D.HS_HEADING, D.HS_SUBHEADING):
            names = {v: n for v in set(values) if (n := labels.hs_name(v))}
        found[dimension.value] = names
    return found
