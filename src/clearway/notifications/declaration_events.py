"""Declaration timeline → outbox, inside the transaction that writes each line.

Every lifecycle change of a declaration appends a :class:`DeclarationEvent` to its timeline in
the business transaction (see ``Declaration.apply``). As a follower of the timeline
(``declarations.timeline``), this module turns each new line into an outbox event on the same
connection, so no service has to remember to notify, a status change without its notification
cannot commit, and a rolled-back change leaves no notification behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.util import identity_key

from clearway.declarations import timeline
from clearway.declarations.model import Declaration, DeclarationEvent
from clearway.declarations.tables import declarations
from clearway.enterprises.model import AuthorisationScope
from clearway.enterprises.tables import broker_authorisations
from clearway.notifications.outbox import DomainEvent, publish_all


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
    """Make every session of this factory queue notifications for new timeline lines."""
    timeline.follow(sessions, notify)


def uninstall(sessions: sessionmaker[Session]) -> None:
    timeline.unfollow(sessions, notify)


def notify(session: Session, lines: Sequence[DeclarationEvent]) -> None:
    """Queue one outbox event per new timeline line, to the trader (and its broker), all the
    lines of a flush (or of a batch lodged) together."""
    conn = session.connection()
    told: dict[int, tuple[DeclarationRef, bool]] = {}
    events = []
    for line in lines:
        if line.declaration_id not in told:
            ref = _ref(session, conn, line.declaration_id)
            told[line.declaration_id] = (ref, _broker_told(conn, ref))
        ref, broker_told = told[line.declaration_id]
        events.append(to_domain_event(ref, line, broker_told))
    publish_all(conn, events)


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
