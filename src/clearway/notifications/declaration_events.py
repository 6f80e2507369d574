"""Declaration timeline → outbox, inside the same flush.

Every lifecycle change of a declaration appends a :class:`DeclarationEvent` to its timeline in
the business transaction (see ``Declaration.apply``). A SQLAlchemy ``after_flush`` listener on
the platform's session factory turns each new timeline line into an outbox event on the same
connection, so no service has to remember to notify, a status change without its notification
cannot commit, and a rolled-back change leaves no notification behind. ``after_flush`` (not
``before_flush``) because only then do new lines carry their declaration id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, event, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.util import identity_key

from clearway.declarations.model import Declaration, DeclarationEvent
from clearway.enterprises.model import AuthorisationScope
from clearway.notifications.outbox import DomainEvent, publish
from clearway.persistence.tables import broker_authorisations, declarations


@dataclass(frozen=True)
class DeclarationRef:
    """The few declaration facts a notification needs, however they were loaded."""

    id: int
    number: str
    flow: str
    trader_id: int
    broker_id: int | None
    office_code: str
    declaration_date: date


def install(sessions: sessionmaker[Session]) -> None:
    """Make every session of this factory queue notifications for new timeline lines.

    The mark lives on the factory itself: SQLAlchemy's listener registry is keyed by object
    identity, and a new factory can reuse a collected one's id, so `event.contains` may answer
    for a factory that was never hooked.
    """
    if getattr(sessions, "_notifies_timeline", False):
        return
    event.listen(sessions, "after_flush", _after_flush)
    sessions._notifies_timeline = True  # type: ignore[attr-defined]


def uninstall(sessions: sessionmaker[Session]) -> None:
    if getattr(sessions, "_notifies_timeline", False):
        event.remove(sessions, "after_flush", _after_flush)
        sessions._notifies_timeline = False  # type: ignore[attr-defined]


def _after_flush(session: Session, _context: Any) -> None:
    lines = [o for o in session.new if isinstance(o, DeclarationEvent)]
    if not lines:
        return
    conn = session.connection()
    refs: dict[int, DeclarationRef] = {}
    for line in sorted(lines, key=lambda e: (e.declaration_id, e.seq)):
        ref = refs.get(line.declaration_id)
        if ref is None:
            ref = refs[line.declaration_id] = _ref(session, conn, line.declaration_id)
        publish(conn, to_domain_event(ref, line, _broker_told(conn, ref)))


def _ref(session: Session, conn: Connection, declaration_id: int) -> DeclarationRef:
    found = session.identity_map.get(identity_key(Declaration, declaration_id))
    if isinstance(found, Declaration):
        return DeclarationRef(
            id=found.id,
            number=found.number,
            flow=str(found.flow),
            trader_id=found.trader_id,
            broker_id=found.broker_id,
            office_code=found.office_code,
            declaration_date=found.declaration_date,
        )
    d = declarations.c
    row = conn.execute(
        select(
            d.id, d.number, d.flow, d.trader_id, d.broker_id, d.office_code, d.declaration_date
        ).where(d.id == declaration_id)
    ).one()
    return DeclarationRef(*row)


_a = broker_authorisations.c
_MANDATES = select(_a.scope, _a.valid_from, _a.valid_to).where(
    _a.broker_id == bindparam("broker_id"),
    _a.principal_id == bindparam("principal_id"),
    _a.revoked_at.is_(None),
)


def _broker_told(conn: Connection, ref: DeclarationRef) -> bool:
    """The named broker hears only while its mandate covers the declaration (as tenancy does)."""
    if ref.broker_id is None:
        return False
    rows = conn.execute(
        _MANDATES, {"broker_id": ref.broker_id, "principal_id": ref.trader_id}
    ).all()
    return any(
        AuthorisationScope(scope).covers(ref.flow) and start <= ref.declaration_date <= end
        for scope, start, end in rows
    )


def to_domain_event(ref: DeclarationRef, line: DeclarationEvent, broker_told: bool) -> DomainEvent:
    """One timeline line as the event the trader (and its broker) are told."""
    moved = line.from_status != line.to_status
    what = f"{line.from_status} → {line.to_status}" if moved else line.command.replace("_", " ")
    recipients = (
        (ref.trader_id, ref.broker_id) if broker_told and ref.broker_id else (ref.trader_id,)
    )
    return DomainEvent(
        event_type="declaration.status_changed" if moved else "declaration.milestone_recorded",
        stream_key=f"declaration:{ref.id}",
        seq=line.seq,
        occurred_at=line.at,
        title=f"{ref.number}: {what}",
        body=line.reason,
        link=f"/api/v1/declarations/{ref.number}",
        enterprise_ids=tuple(e for e in recipients if e is not None),
        payload={
            "declaration": {
                "id": ref.id,
                "number": ref.number,
                "flow": ref.flow,
                "trader_id": ref.trader_id,
                "broker_id": ref.broker_id,
                "office_code": ref.office_code,
            },
            "change": {
                "seq": line.seq,
                "command": line.command,
                "from_status": line.from_status,
                "to_status": line.to_status,
                "lane": line.lane,
                "milestone": line.milestone,
                "reason": line.reason,
                "at": line.at.isoformat(),
                "actor_role": line.actor_role,
            },
        },
    )
