"""The transactional outbox: domain events written inside the business transaction.

A service (or the declaration timeline hook) calls :func:`publish` on the connection of its own
transaction, so the event, its inbox lines and one pending delivery per matching webhook commit
or vanish together with the change that caused them. Nothing is sent here: the dispatcher sends
later, so a slow or dead receiver can never block or roll back the business transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select

from clearway.notifications.rules import wants
from clearway.notifications.status import DELIVERY_TRANSITIONS
from clearway.notifications.tables import (
    inbox_messages,
    outbox_events,
    webhook_deliveries,
    webhook_subscriptions,
)


@dataclass(frozen=True)
class OutboxEvent:
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
    select(_s.id, _s.enterprise_id, _s.topics)
    .where(_s.enterprise_id.in_(bindparam("enterprises", expanding=True)), _s.active.is_(True))
    .order_by(_s.id)
)


def publish(conn: Connection, event: OutboxEvent) -> None:
    """Queue an event in the caller's transaction: outbox row, inbox lines, webhook deliveries."""
    publish_all(conn, [event])


def publish_all(conn: Connection, events: Sequence[OutboxEvent]) -> None:
    """Queue events in the caller's transaction, in order, a statement per table for them all
    (a submission screened at once gains three timeline lines). The outbox rows' ids are asked
    back only when a webhook subscription needs them for its deliveries."""
    if not events:
        return
    told = sorted({e for event in events for e in event.enterprise_ids})
    subscriptions = conn.execute(_SUBSCRIBERS, {"enterprises": told}).all() if told else []
    rows = [
        {
            "event_id": event.event_id,
            "event_type": event.event_type,
            "stream_key": event.stream_key,
            "seq": event.seq,
            "occurred_at": event.occurred_at,
            "payload": json.loads(json.dumps(event.payload, default=str)),
        }
        for event in events
    ]
    inbox = [line for event in events for line in _inbox_lines(event)]
    if not subscriptions:
        conn.execute(_INSERT_EVENT, rows)
    else:
        returning = _INSERT_EVENT.returning(outbox_events.c.id, sort_by_parameter_order=True)
        outbox_ids = [int(row[0]) for row in conn.execute(returning, rows)]
        deliveries = [
            _delivery(outbox_id, sid, event)
            for outbox_id, event in zip(outbox_ids, events, strict=True)
            for sid, enterprise_id, topics in subscriptions
            if enterprise_id in event.enterprise_ids and wants(topics, event.event_type)
        ]
        if deliveries:
            conn.execute(_INSERT_DELIVERY, deliveries)
    if inbox:
        conn.execute(_INSERT_INBOX, inbox)


def _inbox_lines(event: OutboxEvent) -> list[dict[str, Any]]:
    """One line per enterprise told and per officer told."""
    recipients = [(e, None) for e in sorted(set(event.enterprise_ids))] + [
        (None, u) for u in sorted(set(event.user_ids))
    ]
    return [
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
    ]


def _delivery(outbox_id: int, subscription_id: int, event: OutboxEvent) -> dict[str, Any]:
    """A pending delivery of the event to one webhook subscription."""
    return {
        "outbox_id": outbox_id,
        "subscription_id": subscription_id,
        "stream_key": event.stream_key,
        "status": DELIVERY_TRANSITIONS.initial.value,
        "attempts": 0,
        "next_attempt_at": event.occurred_at,
        "locked_until": None,
        "last_status_code": None,
        "last_error": "",
        "delivered_at": None,
        "dead_at": None,
        "created_at": event.occurred_at,
    }
