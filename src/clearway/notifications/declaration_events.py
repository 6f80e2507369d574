"""Declaration timeline → outbox, inside the transaction that writes each line.

Every lifecycle change of a declaration appends a :class:`DeclarationEvent` to its timeline in
the business transaction (see ``Declaration.apply``), recorded as a ``DeclarationMoved`` event.
The unit of work hands those to :func:`on_declaration_moved` before it commits, which turns each
into an outbox event on the same connection, so no service has to remember to notify, a status
change without its notification cannot commit, and a rolled-back change leaves no notification
behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from clearway.declarations.disclosure import event_reason_for
from clearway.declarations.events import DeclarationMoved
from clearway.declarations.model import Declaration, DeclarationEvent
from clearway.enterprises.model import AuthorisationScope
from clearway.enterprises.tables import broker_authorisations
from clearway.notifications.outbox import OutboxEvent, publish_all


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


def on_declaration_moved(session: Session, events: Sequence[DeclarationMoved]) -> None:
    """Handler: queue one outbox event per move, to the trader (and its broker), all the moves
    of the transaction together, each declaration's in timeline order."""
    conn = session.connection()
    told: dict[int, tuple[DeclarationRef, bool]] = {}
    queued = []
    for moved in sorted(events, key=lambda e: (e.declaration_id, e.line.seq)):
        if moved.declaration_id not in told:
            ref = _ref(moved.declaration)
            told[moved.declaration_id] = (ref, _broker_told(conn, ref))
        ref, broker_told = told[moved.declaration_id]
        queued.append(to_outbox_event(ref, moved.line, broker_told))
    publish_all(conn, queued)


def _ref(declaration: Declaration) -> DeclarationRef:
    return DeclarationRef(
        id=declaration.id,
        number=declaration.number,
        flow=str(declaration.flow),
        trader_id=declaration.trader_id,
        broker_id=declaration.broker_id,
        office_code=declaration.office_code,
        declaration_date=declaration.declaration_date,
    )


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


def to_outbox_event(ref: DeclarationRef, line: DeclarationEvent, broker_told: bool) -> OutboxEvent:
    """One timeline line as the event the trader (and its broker) are told."""
    moved = line.from_status != line.to_status
    # Traders and brokers are told the lane plainly, never the targeting reasons.
    told = event_reason_for(None, line.command, line.lane, line.reason)
    what = f"{line.from_status} → {line.to_status}" if moved else line.command.replace("_", " ")
    recipients = (
        (ref.trader_id, ref.broker_id) if broker_told and ref.broker_id else (ref.trader_id,)
    )
    return OutboxEvent(
        event_type="declaration.status_changed" if moved else "declaration.milestone_recorded",
        stream_key=f"declaration:{ref.id}",
        seq=line.seq,
        occurred_at=line.at,
        title=f"{ref.number}: {what}",
        body=told,
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
                "reason": told,
                "at": line.at.isoformat(),
                "actor_role": line.actor_role,
            },
        },
    )
