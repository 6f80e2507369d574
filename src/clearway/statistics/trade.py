"""Trade statistics: values in CNY and USD and quantities, grouped and filtered.

Reads the cheapest read model that answers exactly (see ``facts.py`` for what counts and how
values are converted, ``monthly.py`` for the rollups): over whole months, for customs and
enterprise users (tenancy a plain filter), ``trade_monthly`` when every grouping and filter is
per declaration, ``trade_monthly_items`` when one item attribute (an HS level or a country) is
grouped or filtered on; anything else (a period ending mid-month, a broker, two item
attributes, an HS prefix of odd length) reads the item facts. Each call is one grouped SQL
statement (plus one for the total when groups can share a declaration), identical on SQLite
and PostgreSQL, and returns plain dataclasses the API, the CLI and the web pages render as
they like.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    Select,
    Table,
    cast,
    distinct,
    extract,
    func,
    select,
)
from sqlalchemy.orm import Session

from clearway.identity.model import Actor
from clearway.statistics import labels, monthly, rollups, trade_modes
from clearway.statistics.commands import TradeDimension, TradeQuery, TradeSort
from clearway.statistics.monthly import FIRST_LINE, ITEM_CODES
from clearway.statistics.rollups import HS_DIGITS
from clearway.statistics.sql import per_measure, reads_directly, scope_conditions, visible_from
from clearway.statistics.tables import trade_facts, trade_monthly, trade_monthly_items
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
ti = trade_monthly_items.c
D = TradeDimension
__all__ = ["TradeFigures", "TradeRow", "TradeTable", "trade"]


@dataclass(frozen=True)
class _Reading:
    """The table a query reads, how its rows give a year and a month, and an item attribute."""

    c: Any  # the table's columns
    year: ColumnElement[int]
    month: ColumnElement[int]
    item: Callable[[TradeDimension], ColumnElement[str]]


def _facts() -> _Reading:
    day = tf.declaration_date
    year, month = cast(extract("year", day), Integer), cast(extract("month", day), Integer)
    return _Reading(tf, year, month, ITEM_CODES.__getitem__)


def _rollup(table: Table, grain: TradeDimension | None = None) -> _Reading:
    """A monthly rollup; of ``trade_monthly_items``, the rows of one attribute (``grain``),
    whose codes also give the coarser HS levels."""
    c = table.c

    def item(dimension: TradeDimension) -> ColumnElement[str]:
        digits = HS_DIGITS.get(dimension, 0)
        if grain in HS_DIGITS and digits < HS_DIGITS[grain]:
            return func.substr(c.code, 1, digits)
        return c.code

    return _Reading(c, c.period // 100, c.period % 100, item)


Keys = Callable[[_Reading], list[ColumnElement[Any]]]


def _item(dimension: TradeDimension) -> Keys:
    return lambda r: [r.item(dimension)]


# Each dimension: the SQL values it groups by, and how they read as one key.
_GROUPS: dict[TradeDimension, tuple[Keys, Callable[..., str]]] = {
    D.YEAR: (lambda r: [r.year], lambda y: f"{y}"),
    D.QUARTER: (lambda r: [r.year, (r.month + 2) // 3], lambda y, q: f"{y}-Q{q}"),
    D.MONTH: (lambda r: [r.year, r.month], lambda y, m: f"{y}-{m:02d}"),
    D.FLOW: (lambda r: [r.c.flow], str),
    D.OFFICE: (lambda r: [r.c.office_code], str),
    D.PORT: (lambda r: [r.c.port_code], str),
    **{d: (_item(d), str) for d in ITEM_CODES},
    D.ENTERPRISE: (lambda r: [r.c.trader_id], str),
    D.CREDIT_LEVEL: (lambda r: [r.c.credit_level], str),
    D.FACILITATION_MODE: (lambda r: [r.c.facilitation_measures], str),  # joined per measure
    D.TRANSPORT_MODE: (lambda r: [r.c.transport_mode], str),
    D.TRADE_MODE: (lambda r: [r.c.trade_mode], str),
}


def _hs_range(code: ColumnElement[str], prefix: str) -> list[ColumnElement[bool]]:
    """Codes starting with the prefix as a range, so an ordinary index serves it whatever the
    collation: ``8507`` → ``'8507' <= code < '8508'``."""
    found = [code >= prefix]
    following = int(prefix) + 1
    if len(str(following)) <= len(prefix):
        found.append(code < str(following).zfill(len(prefix)))
    return found


@dataclass(frozen=True)
class _Plan:
    """What a trade query reads: the groups' source, conditions and measures, and the
    statement of the scope's total (for groups that may share a declaration)."""

    reading: _Reading
    source: FromClause
    conditions: list[ColumnElement[bool]]
    measures: list[ColumnElement[Any]]
    total: Select[Any]


def _trade_conditions(table: Table, query: TradeQuery) -> list[ColumnElement[bool]]:
    """The heading asked for (trade, or zone movements) and the trade mode, if one is."""
    found = [table.c.heading == query.heading.value]
    if query.trade_mode is not None:
        found.append(table.c.trade_mode == query.trade_mode)
    return found


def _rollup_scope(
    rollup: Table, actor: Actor, query: TradeQuery
) -> tuple[FromClause, list[ColumnElement[bool]]]:
    """A rollup as the actor may see it, within the query's (whole) months and heading."""
    scope = query.scope
    source, conditions = visible_from(rollup, actor)
    conditions += scope_conditions(rollup, replace(scope, date_from=None, date_to=None))
    conditions += _trade_conditions(rollup, query)
    if scope.date_from is not None:
        conditions.append(rollup.c.period >= monthly.period(scope.date_from))
    if scope.date_to is not None:
        conditions.append(rollup.c.period <= monthly.period(scope.date_to))
    return source, conditions


def _sums(rollup: Table, source: FromClause, where: list[ColumnElement[bool]]) -> Select[Any]:
    return select(*monthly.rollup_measures(rollup)).select_from(source).where(*where)


def _per_declaration(actor: Actor, query: TradeQuery) -> _Plan:
    source, conditions = _rollup_scope(trade_monthly, actor, query)
    measures = monthly.rollup_measures(trade_monthly)
    total = _sums(trade_monthly, source, conditions)
    return _Plan(_rollup(trade_monthly), source, conditions, measures, total)


def _per_item(actor: Actor, query: TradeQuery, grain: TradeDimension) -> _Plan:
    """The rows of one item attribute; the total from the rows of the filter's one code (or,
    without a filter, from ``trade_monthly``)."""
    source, scope = _rollup_scope(trade_monthly_items, actor, query)
    conditions = [*scope, ti.dimension == grain.value]
    filtered, value = rollups.filter_grain(query), query.country or query.hs_prefix
    if value and len(value) < HS_DIGITS.get(grain, 0):  # a coarser prefix of a finer level
        conditions += _hs_range(ti.code, value)
    elif value:
        conditions.append(ti.code == value)
    if filtered is None:
        total = _sums(trade_monthly, *_rollup_scope(trade_monthly, actor, query))
    else:
        one_code = [*scope, ti.dimension == filtered.value, ti.code == value]
        total = _sums(trade_monthly_items, source, one_code)
    measures = monthly.rollup_measures(trade_monthly_items)
    return _Plan(_rollup(trade_monthly_items, grain), source, conditions, measures, total)


def _per_fact(actor: Actor, query: TradeQuery, item_level: bool) -> _Plan:
    source, conditions = visible_from(trade_facts, actor)
    conditions += scope_conditions(trade_facts, query.scope)
    conditions += _trade_conditions(trade_facts, query)
    if query.hs_prefix:
        conditions += _hs_range(tf.tariff_code, query.hs_prefix)
    if query.country:
        conditions.append(tf.partner_country == query.country)
    # When every group holds whole declarations (no item-level grouping or filter), a
    # declaration is counted at its first line, which lets the database hash the groups (and
    # split the work) instead of sorting for a distinct count.
    declarations = func.count(distinct(tf.declaration_id)) if item_level else FIRST_LINE
    measures = monthly.fact_measures(declarations)
    total = select(*measures).select_from(source).where(*conditions)
    return _Plan(_facts(), source, conditions, measures, total)


def _plan(actor: Actor, query: TradeQuery) -> _Plan:
    item_level = rollups.item_level(query)
    if reads_directly(actor) and rollups.whole_months(query.scope):
        if not item_level:
            return _per_declaration(actor, query)
        grain = rollups.item_grain(query)
        if grain is not None:
            return _per_item(actor, query, grain)
    return _per_fact(actor, query, item_level)


def _figures(row: Sequence[Any]) -> TradeFigures:
    declarations, items, cny, usd, usd_items, stat_cny, stat_usd, kg, quantity, low, high = row
    same_unit = low is not None and low == high
    all_usd = usd_items == items

    def in_usd(value: Any) -> Decimal | None:
        return Decimal(value).quantize(CENT) if value is not None and all_usd else None

    return TradeFigures(
        declarations=int(declarations),
        items=int(items),
        value_cny=Decimal(cny).quantize(CENT),
        value_usd=in_usd(usd),
        statistical_value_cny=Decimal(stat_cny).quantize(CENT),
        statistical_value_usd=in_usd(stat_usd),
        net_weight_kg=Decimal(kg).quantize(GRAM),
        quantity=Decimal(quantity).quantize(QUANTITY_PLACES) if same_unit else None,
        unit=low if same_unit else None,
    )


def trade(session: Session, actor: Actor, query: TradeQuery) -> TradeTable:
    """Trade figures the actor may see, grouped as asked, with the total of the whole scope."""
    plan = _plan(actor, query)
    measures = plan.measures
    spans: list[tuple[TradeDimension, int]] = []
    group: list[ColumnElement[Any]] = []
    source = plan.source
    for dimension in query.group_by:
        if dimension is D.FACILITATION_MODE:  # one row per measure the declaration uses
            source, measure = per_measure(source, plan.reading.c.facilitation_measures)
            exprs = [measure]
        else:
            exprs = _GROUPS[dimension][0](plan.reading)
        spans.append((dimension, len(exprs)))
        group += exprs
    stmt = select(*group, *measures).select_from(source).where(*plan.conditions)
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
        total = keyed[0][1] if keyed else _figures((0, 0, 0, None, 0, 0, None, 0, 0, None, None))
        return TradeTable(query, [], total)
    if query.limit is None and all(d.disjoint for d in query.group_by):
        total = fold([f for _, f in keyed])
    else:  # groups can share a declaration (or are cut off): count the scope itself
        total = _figures(session.execute(plan.total).one())
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
        elif dimension is D.TRADE_MODE:
            names = trade_modes.names(values)
        elif dimension is D.HS_LINE:
            names = labels.tariff_descriptions(session, values)
        elif dimension in (D.HS_CHAPTER, D.HS_HEADING, D.HS_SUBHEADING):
            names = {v: n for v in set(values) if (n := labels.hs_name(v))}
        found[dimension.value] = names
    return found
