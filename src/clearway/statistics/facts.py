"""Keeping the statistics read models (``release_facts``, ``trade_facts``) true, in-transaction.

The read models are a projection of the declarations, their items and timelines, the credit
history and the exchange rates. :func:`project` re-derives the rows of any set of declarations
with two ``INSERT … SELECT`` statements, the same SQL on SQLite and PostgreSQL, so the full
rebuild, the benchmark and the per-change upkeep share one definition.

``trade_monthly`` (``monthly.py``) sums the trade facts per enterprise month and is re-derived
with them, a slice at a time.

Upkeep is three handlers of domain events (``bootstrap.HANDLERS``), run by the unit of work
before it commits: a declaration that moved or changed is re-derived once, whatever happened to
it in the transaction; a credit level re-derives its enterprise's declarations from the day it
takes effect; an exchange rate those in its currency from the day it applies. The change and
its statistics commit or roll back together. Writers that bypass the platform (the benchmark's
COPY) call :func:`project` or :func:`rebuild` themselves.

What counts in trade statistics: declarations **released or later** (released, exited, closed),
as customs trade statistics count goods that have cleared customs. Values are converted to CNY
at the declaration currency's rate in force on the declaration date, and to USD at the USD rate
in force on that date (``exchange_rates``); without a rate the converted value stays empty.
The statistical value (FOB for exports, CIF for imports, stored on the item) is converted the
same way. Each fact carries its trade (supervision) mode and the heading the mode counts under
on that date (``trade_modes.py``): trade, or a movement between a bonded zone and the domestic
area, which trade figures leave out and report on their own.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Executable,
    Select,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from clearway.declarations.events import DeclarationChanged, DeclarationMoved
from clearway.declarations.model import Declaration
from clearway.declarations.status import Milestone, Status
from clearway.declarations.tables import declaration_events, declaration_items, declarations
from clearway.enterprises.events import CreditLevelChanged
from clearway.enterprises.model import CreditLevel
from clearway.enterprises.tables import credit_records
from clearway.reference.events import ExchangeRateSet
from clearway.reference.tables import exchange_rates
from clearway.statistics import locks, monthly
from clearway.statistics.sql import segment_seconds
from clearway.statistics.tables import milestone_column, release_facts, trade_facts
from clearway.statistics.trade_modes import heading_sql
from clearway.statistics.trs import SEGMENTS

COUNTED = (Status.RELEASED, Status.EXITED, Status.CLOSED)
HOME_CURRENCY = "CNY"
STATISTICS_CURRENCY = "USD"
REBUILD_CHUNK = 50_000

d = declarations.c


def credit_level_on(enterprise: Any, day: Any) -> ColumnElement[str]:
    """The level in force on a day, as ``Enterprise.credit_level_on`` reads the history."""
    c = credit_records.c
    found = (
        select(c.level)
        .where(
            c.enterprise_id == enterprise,
            c.effective_from <= day,
            or_(c.effective_to.is_(None), c.effective_to > day),
        )
        .order_by(c.effective_from)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(found, CreditLevel.REGULAR.value)


def rate_on(currency: Any, day: Any) -> ColumnElement[Any]:
    """CNY per unit of a currency on a day: the latest rate that started on or before it."""
    x = exchange_rates.c
    return (
        select(x.cny_per_unit)
        .where(x.currency == currency, x.valid_from <= day)
        .order_by(x.valid_from.desc())
        .limit(1)
        .scalar_subquery()
    )


def _release_rows(which: ColumnElement[bool]) -> Select[Any]:
    e = declaration_events.c
    pivot = (
        select(
            e.declaration_id,
            *(
                func.min(case((e.milestone == m.value, e.at))).label(milestone_column(m))
                for m in Milestone
            ),
        )
        .where(e.declaration_id.in_(select(d.id).where(which)))
        .group_by(e.declaration_id)
        .subquery()
    )
    return select(
        d.id,
        d.flow,
        d.status,
        d.office_code,
        d.trader_id,
        d.declaration_date,
        d.lane,
        credit_level_on(d.trader_id, d.declaration_date),
        d.facilitation_measures,
        d.transport_mode,
        *(pivot.c[milestone_column(m)] for m in Milestone),
        *(segment_seconds(s, lambda m: pivot.c[milestone_column(m)]) for s in SEGMENTS),
    ).select_from(declarations.join(pivot, pivot.c.declaration_id == d.id))


RELEASE_COLUMNS = [c.name for c in release_facts.c]


def _trade_rows(which: ColumnElement[bool]) -> Select[Any]:
    i = declaration_items.c

    def cny(value: Any) -> ColumnElement[Any]:
        return case(
            (d.currency == HOME_CURRENCY, value),
            else_=value * rate_on(d.currency, d.declaration_date),
        )

    def usd(value_cny: ColumnElement[Any]) -> ColumnElement[Any]:
        return value_cny / rate_on(literal(STATISTICS_CURRENCY), d.declaration_date)

    value_cny, statistical_cny = cny(i.value), cny(i.statistical_value)
    return (
        select(
            i.declaration_id,
            i.line_no,
            d.flow,
            d.office_code,
            d.port_code,
            d.trader_id,
            d.declaration_date,
            credit_level_on(d.trader_id, d.declaration_date),
            d.facilitation_measures,
            d.transport_mode,
            d.supervision_mode,
            heading_sql(d.supervision_mode, d.declaration_date),
            i.tariff_code,
            i.origin_country,
            i.destination_country,
            case((d.flow == "import", i.origin_country), else_=i.destination_country),
            d.currency,
            i.value,
            value_cny,
            usd(value_cny),
            statistical_cny,
            usd(statistical_cny),
            i.net_weight,
            i.quantity,
            i.unit,
        )
        .select_from(declaration_items.join(declarations, d.id == i.declaration_id))
        .where(which, d.status.in_([s.value for s in COUNTED]))
    )


TRADE_COLUMNS = [c.name for c in trade_facts.c]


def _deletes(which: ColumnElement[bool]) -> list[Executable]:
    chosen = select(d.id).where(which)
    return [
        delete(release_facts).where(release_facts.c.declaration_id.in_(chosen)),
        delete(trade_facts).where(trade_facts.c.declaration_id.in_(chosen)),
    ]


def _release_insert(which: ColumnElement[bool]) -> Executable:
    return insert(release_facts).from_select(RELEASE_COLUMNS, _release_rows(which))


def _trade_insert(which: ColumnElement[bool]) -> Executable:
    return insert(trade_facts).from_select(TRADE_COLUMNS, _trade_rows(which))


def _statements(which: ColumnElement[bool]) -> list[Executable]:
    return [*_deletes(which), _release_insert(which), _trade_insert(which)]


@lru_cache(maxsize=1)
def _by_ids() -> tuple[list[Executable], Executable, Executable]:
    """The statements for a list of declaration ids, built once (they run on every change):
    the deletes, the release-fact insert, the trade-fact insert."""
    which = d.id.in_(bindparam("ids", expanding=True))
    return _deletes(which), _release_insert(which), _trade_insert(which)


def project(
    conn: Connection,
    which: ColumnElement[bool],
    trader_id: int | None = None,
    since: date | None = None,
) -> None:
    """Re-derive the read models for the declarations ``which`` selects (on ``declarations``),
    then the monthly sums of that enterprise (or all) from that day (or ever)."""
    if trader_id is None:
        locks.district(conn)
    else:
        locks.enterprises(conn, [trader_id])
    for statement in _statements(which):
        conn.execute(statement)
    monthly.refresh(conn, trader_id, since)


def project_declarations(
    conn: Connection, changed: Sequence[Declaration], fresh: Set[int] = frozenset()
) -> None:
    """Re-derive the read models of these declarations (as flushed) and the months they count in.

    ``fresh`` names declarations whose timeline began in this transaction: facts are derived
    from a timeline (release facts join it; trade facts count released goods), so a
    declaration without earlier lines has none to delete. Trade
    facts and monthly sums exist only for counted declarations, whose trader and date the
    aggregates in hand already give, so nothing is read back to find them.
    """
    by_id = {declaration.id: declaration for declaration in changed}
    locks.enterprises(conn, {declaration.trader_id for declaration in by_id.values()})
    deletes, release_insert, trade_insert = _by_ids()
    known = sorted(set(by_id) - set(fresh))
    if known:
        for statement in deletes:
            conn.execute(statement, {"ids": known})
    conn.execute(release_insert, {"ids": sorted(by_id)})
    counted = [x for x in by_id.values() if x.status in COUNTED]
    if not counted:
        return
    conn.execute(trade_insert, {"ids": sorted(x.id for x in counted)})
    months = {(x.trader_id, x.declaration_date.replace(day=1)) for x in counted}
    for trader_id, month in sorted(months):
        monthly.refresh(conn, trader_id, month=month)


def rebuild(conn: Connection, chunk: int = REBUILD_CHUNK) -> int:
    """Re-derive every row, a chunk of declaration ids per statement; the declarations seen."""
    low, high = conn.execute(select(func.min(d.id), func.max(d.id))).one()
    for start in range(int(low or 1) - 1, int(high or 0), chunk):
        for statement in _statements(and_(d.id > start, d.id <= start + chunk)):
            conn.execute(statement)
    if low is None:
        conn.execute(delete(release_facts))
        conn.execute(delete(trade_facts))
    monthly.refresh(conn)
    return int(conn.execute(select(func.count()).select_from(release_facts)).scalar_one())


def on_declarations_changed(session: Session, events: Sequence[DeclarationChanged]) -> None:
    """Handler: re-derive every declaration that moved or changed in the transaction, once,
    after its last flush (a submission screened and routed in one transaction moves three
    times)."""
    fresh = {
        e.declaration_id for e in events if isinstance(e, DeclarationMoved) and e.line.seq == 1
    }
    project_declarations(session.connection(), [e.declaration for e in events], fresh)


def on_credit_level_changed(session: Session, events: Sequence[CreditLevelChanged]) -> None:
    """Handler: a level counts from the day it takes effect, so the enterprise's declarations
    from that day are re-derived (the level counted is the one in force on their date)."""
    conn = session.connection()
    for e in events:
        which = and_(d.trader_id == e.enterprise_id, d.declaration_date >= e.since)
        project(conn, which, e.enterprise_id, e.since)


def on_exchange_rate_set(session: Session, events: Sequence[ExchangeRateSet]) -> None:
    """Handler: a rate re-derives the declarations in its currency (all of them for USD, the
    statistics currency) from the day it applies."""
    # One projection per currency, from its earliest new rate: a table of monthly rates loaded
    # at once re-derives each currency once, not once per month.
    earliest: dict[str, date] = {}
    for e in events:
        if e.currency != HOME_CURRENCY:
            earliest[e.currency] = min(e.valid_from, earliest.get(e.currency, e.valid_from))
    conn = session.connection()
    for code, since in earliest.items():
        currency = true() if code == STATISTICS_CURRENCY else d.currency == code
        project(conn, and_(currency, d.declaration_date >= since), None, since)
