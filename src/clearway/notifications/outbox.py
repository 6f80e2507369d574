"""The transactional outbox: domain events written inside the business transaction.

A service (or the declaration timeline hook) calls :func:`publish` on the connection of its own
transaction, so the event, its inbox lines and one pending delivery per matching webhook commit
or vanish together with the change that caused them. Nothing is sent here: the dispatcher sends
later, so a slow or dead receiver can never block or roll back the business transaction.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select

from clearway.notifications.rules import wants
from clearway.notifications.status import DeliveryStatus
from clearway.persistence.tables_liaison import (
    inbox_messages,
    outbox_events,
    webhook_deliveries,
    webhook_subscriptions,
)


@dataclass(frozen=True)
class DomainEvent:
    """Something an enterprise, its broker or an officer must hear about, with its stream order.

    ``stream_key`` names the thing whose events must arrive in order (``declaration:12``);
    ``seq`` is the event's place in that stream. ``enterprise_ids`` are told in their inbox and
    through their webhooks; ``user_ids`` (officers) in their inbox only. ``event_id`` is random,
    never derived from row ids: ids can be reused (SQLite after deletes, a restarted sequence),
    and an outbox collision must never roll back the business transaction.
    """

    event_type: str
    stream_key: str
    seq: int
    occurred_at: datetime
    title: str
    payload: dict[str, Any]
    enterprise_ids: tuple[int, ...] = ()
    user_ids: tuple[int, ...] = ()
    body: str = ""
    link: str = ""
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))


def envelope(
    event_id: str,
    event_type: str,
    stream_key: str,
    seq: int,
    occurred_at: datetime,
    payload: dict[str, Any],
) -> bytes:
    """The JSON body every channel carries; its ``id`` lets receivers drop duplicates."""
    return json.dumps(
        {
            "id": event_id,
            "type": event_type,
            "occurred_at": occurred_at.isoformat(),
            "stream": stream_key,
            "seq": seq,
            "data": payload,
        },
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


# Built once: statements reused with fresh parameters skip SQLAlchemy's per-call compilation,
# which would otherwise cost more than the inserts themselves on every status change.
_s = webhook_subscriptions.c
_INSERT_EVENT = insert(outbox_events)
_INSERT_INBOX = insert(inbox_messages)
_INSERT_DELIVERY = insert(webhook_deliveries)
_SUBSCRIBERS = (
    select(_s.id, _s.topics)
    .where(_s.enterprise_id.in_(bindparam("enterprises", expanding=True)), _s.active.is_(True))
    .order_by(_s.id)
)


def publish(conn: Connection, event: DomainEvent) -> int:
    """Queue an event in the caller's transaction: outbox row, inbox lines, webhook deliveries."""
    payload = json.loads(json.dumps(event.payload, default=str))
    inserted = conn.execute(
        _INSERT_EVENT,
        {
            "event_id": event.event_id,
            "event_type": event.event_type,
            "stream_key": event.stream_key,
            "seq": event.seq,
            "occurred_at": event.occurred_at,
            "payload": payload,
        },
    ).inserted_primary_key
    assert inserted is not None
    outbox_id = int(inserted[0])
    enterprises = sorted(set(event.enterprise_ids))
    recipients = [(e, None) for e in enterprises] + [(None, u) for u in sorted(set(event.user_ids))]
    if recipients:
        conn.execute(
            _INSERT_INBOX,
            [
                {
                    "enterprise_id": enterprise_id,
                    "user_id": user_id,
                    "event_id": event.event_id,
                    "event_type": event.event_type,
                    "title": event.title[:300],
                    "body": event.body,
                    "link": event.link[:200],
                    "created_at": event.occurred_at,
                    "read_at": None,
                    "read_by": None,
                }
                for enterprise_id, user_id in recipients
            ],
        )
    if not enterprises:
        return outbox_id
    subscriptions = conn.execute(_SUBSCRIBERS, {"enterprises": enterprises}).all()
    deliveries = [
        {
            "outbox_id": outbox_id,
            "subscription_id": sid,
            "stream_key": event.stream_key,
            "status": DeliveryStatus.PENDING.value,
            "attempts": 0,
            "next_attempt_at": event.occurred_at,
            "locked_until": None,
            "last_status_code": None,
            "last_error": "",
            "delivered_at": None,
            "dead_at": None,
            "created_at": event.occurred_at,
        }
        for sid, topics in subscriptions
        if wants(topics, event.event_type)
    ]
    if deliveries:
        conn.execute(_INSERT_DELIVERY, deliveries)
    return outbox_id
