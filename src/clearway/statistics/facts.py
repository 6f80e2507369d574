"""Keeping the statistics read models (``release_facts``, ``trade_facts``) true, in-transaction.

The read models are a projection of the declarations, their items and timelines, the credit
history and the exchange rates. :func:`project` re-derives the rows of any set of declarations
with two ``INSERT … SELECT`` statements, the same SQL on SQLite and PostgreSQL, so the full
rebuild, the benchmark and the per-change upkeep share one definition.

``trade_monthly`` (``monthly.py``) sums the trade facts per enterprise month and is re-derived
with them, a slice at a time.

Upkeep follows every session of the platform's factory: as a follower of the timeline
(``declarations.timeline``), every new timeline line marks its declaration, however it was
written, and the marked declarations are re-projected once, just before the transaction
commits (a submission screened and routed in one transaction gains two lines; re-deriving
after each cost the statements twice and held the enterprise's lock from the first line to the
commit). An ``after_flush`` listener sees the rest: a declaration changed without a new line
is marked the same way, and a credit record
re-projects its enterprise's declarations from the day it takes effect (the level counted is
the one in force on the declaration date); an exchange rate re-projects the declarations in
that currency (all of them for USD) from the day it applies. The change and its statistics
commit or roll back together. Writers that bypass the platform (the benchmark's COPY) call
:func:`project` or :func:`rebuild` themselves.

What counts in trade statistics: declarations **released or later** (released, exited, closed),
as customs trade statistics count goods that have cleared customs. Values are converted to CNY
at the declaration currency's rate in force on the declaration date, and to USD at the USD rate
in force on that date (``exchange_rates``); without a rate the converted value stays empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
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
    event,
    func,
    insert,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from clearway.declarations import timeline
from clearway.declarations.model import Declaration, DeclarationEvent
from clearway.declarations.status import Milestone, Status
from clearway.declarations.tables import declaration_events, declaration_items, declarations
from clearway.enterprises.model import CreditLevel, CreditRecord
from clearway.enterprises.tables import credit_records
from clearway.reference.model import ExchangeRate
from clearway.reference.tables import exchange_rates
from clearway.statistics import locks, monthly
from clearway.statistics.sql import segment_seconds
from clearway.statistics.tables import milestone_column, release_facts, trade_facts
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
        d.facilitation_mode,
        d.transport_mode,
        *(pivot.c[milestone_column(m)] for m in Milestone),
        *(segment_seconds(s, lambda m: pivot.c[milestone_column(m)]) for s in SEGMENTS),
    ).select_from(declarations.join(pivot, pivot.c.declaration_id == d.id))


RELEASE_COLUMNS = [c.name for c in release_facts.c]


def _trade_rows(which: ColumnElement[bool]) -> Select[Any]:
    i = declaration_items.c
    value_cny = case(
        (d.currency == HOME_CURRENCY, i.value),
        else_=i.value * rate_on(d.currency, d.declaration_date),
    )
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
            d.facilitation_mode,
            d.transport_mode,
            i.tariff_code,
            i.origin_country,
            i.destination_country,
            case((d.flow == "import", i.origin_country), else_=i.destination_country),
            d.currency,
            i.value,
            value_cny,
            value_cny / rate_on(literal(STATISTICS_CURRENCY), d.declaration_date),
            i.net_weight,
            i.quantity,
            i.unit,
        )
        .select_from(declaration_items.join(declarations, d.id == i.declaration_id))
        .where(which, d.status.in_([s.value for s in COUNTED]))
    )


TRADE_COLUMNS = [c.name for c in trade_facts.c]


def _statements(which: ColumnElement[bool]) -> list[Executable]:
    chosen = select(d.id).where(which)
    return [
        delete(release_facts).where(release_facts.c.declaration_id.in_(chosen)),
        delete(trade_facts).where(trade_facts.c.declaration_id.in_(chosen)),
        insert(release_facts).from_select(RELEASE_COLUMNS, _release_rows(which)),
        insert(trade_facts).from_select(TRADE_COLUMNS, _trade_rows(which)),
    ]


@lru_cache(maxsize=1)
def _by_ids() -> list[Executable]:
    """The statements for a list of declaration ids, built once (they run on every flush)."""
    return _statements(d.id.in_(bindparam("ids", expanding=True)))


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


def project_ids(conn: Connection, ids: list[int]) -> None:
    """Re-derive the read models for these declarations and the months they fall in."""
    locks.declarations_of(conn, ids)
    for statement in _by_ids():
        conn.execute(statement, {"ids": ids})
    monthly.refresh_declarations(conn, ids)


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


@dataclass(frozen=True)
class Reprojection:
    """Declarations to re-derive, and the enterprise months (from ``since``) that follow."""

    which: ColumnElement[bool]
    trader_id: int | None
    since: date


# Declarations of this session's transaction waiting to be re-projected (in ``Session.info``).
_MARKED = "clearway.statistics_marked"


def install(sessions: sessionmaker[Session]) -> None:
    """Keep the read models in step with every session of this factory (idempotent)."""
    timeline.follow(sessions, project_lines)
    if not getattr(sessions, "_projects_statistics", False):
        for name, listener in _listeners():
            event.listen(sessions, name, listener)
        sessions._projects_statistics = True  # type: ignore[attr-defined]


def uninstall(sessions: sessionmaker[Session]) -> None:
    timeline.unfollow(sessions, project_lines)
    if getattr(sessions, "_projects_statistics", False):
        for name, listener in _listeners():
            event.remove(sessions, name, listener)
        sessions._projects_statistics = False  # type: ignore[attr-defined]


def project_lines(session: Session, lines: Sequence[DeclarationEvent]) -> None:
    """Mark the declarations whose timelines gained these lines, for the commit."""
    _mark(session, (line.declaration_id for line in lines))


def _mark(session: Session, ids: Iterable[int]) -> None:
    marked: set[int] = session.info.setdefault(_MARKED, set())
    marked.update(ids)


def _before_commit(session: Session) -> None:
    """Re-derive every marked declaration once, after the transaction's last flush."""
    session.flush()  # the commit would flush next; its lines must be marked first
    marked: set[int] | None = session.info.pop(_MARKED, None)
    if marked:
        project_ids(session.connection(), sorted(marked))


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # rolled back (or committed): nothing stays marked
        session.info.pop(_MARKED, None)


def _listeners() -> list[tuple[str, Callable[..., None]]]:
    """The session events the upkeep listens to, and what each runs."""
    return [
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
        ("after_transaction_end", _after_transaction_end),
    ]


def affected(new: list[object], dirty: list[object]) -> list[Reprojection]:
    """What credit records and exchange rates in a flush alter (new timeline lines are handled
    apart, by declaration id)."""
    found: list[Reprojection] = []
    for o in [*new, *dirty]:
        if isinstance(o, CreditRecord):
            # A new level applies from its start; a closed one stops applying at its end.
            since = o.effective_from if o in new else (o.effective_to or o.effective_from)
            which = and_(d.trader_id == o.enterprise_id, d.declaration_date >= since)
            found.append(Reprojection(which, o.enterprise_id, since))
        elif isinstance(o, ExchangeRate) and o.currency != HOME_CURRENCY:
            currency = true() if o.currency == STATISTICS_CURRENCY else d.currency == o.currency
            which = and_(currency, d.declaration_date >= o.valid_from)
            found.append(Reprojection(which, None, o.valid_from))
    return found


def _after_flush(session: Session, _context: Any) -> None:
    """Credit records, exchange rates, and declarations changed without a timeline line (an
    amended draft, a confirmed appointment's facilitation mode), marked like those with one."""
    changes = affected(list(session.new), list(session.dirty))
    _mark(
        session,
        (
            o.id
            for o in session.dirty
            if isinstance(o, Declaration) and session.is_modified(o, include_collections=False)
        ),
    )
    if changes:
        conn = session.connection()
        for change in changes:
            project(conn, change.which, change.trader_id, change.since)
