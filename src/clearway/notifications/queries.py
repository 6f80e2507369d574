"""Read side of notifications; an enterprise sees only its own inbox, webhooks and deliveries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session

from clearway.identity.model import Actor
from clearway.notifications.model import InboxMessage, WebhookSubscription
from clearway.notifications.tables import (
    inbox_messages,
    outbox_events,
    webhook_deliveries,
    webhook_subscriptions,
)
from clearway.shared.errors import NotFound

i = inbox_messages.c
s = webhook_subscriptions.c
d = webhook_deliveries.c


def inbox_visibility(actor: Actor) -> ColumnElement[bool]:
    """Lines addressed to the user, and (for enterprise users) to the user's enterprise."""
    own: ColumnElement[bool] = i.user_id == actor.user_id if actor.user_id is not None else false()
    if actor.is_customs or actor.enterprise_id is None:
        return own
    return or_(i.enterprise_id == actor.enterprise_id, own)


@dataclass(frozen=True)
class InboxPage:
    total: int
    unread: int
    items: list[InboxMessage]


def inbox(session: Session, actor: Actor, unread_only: bool, limit: int, offset: int) -> InboxPage:
    """Newest first, with how many lines are unread."""
    mine = inbox_visibility(actor)
    total, unread = session.execute(
        select(func.count(), func.count(i.id).filter(i.read_at.is_(None))).where(mine)
    ).one()
    stmt = select(InboxMessage).where(mine)
    if unread_only:
        stmt = stmt.where(i.read_at.is_(None))
    rows = session.scalars(stmt.order_by(i.id.desc()).limit(limit).offset(offset))
    return InboxPage(int(total), int(unread), list(rows))


def get_message(session: Session, actor: Actor, message_id: int) -> InboxMessage:
    found = session.scalars(
        select(InboxMessage).where(i.id == message_id, inbox_visibility(actor))
    ).first()
    if found is None:
        raise NotFound("inbox message", message_id)
    return found


def _subscription_scope(actor: Actor) -> ColumnElement[bool] | None:
    if actor.is_customs:
        return None
    if actor.enterprise_id is None:
        return false()
    return s.enterprise_id == actor.enterprise_id


def get_subscription(session: Session, actor: Actor, subscription_id: int) -> WebhookSubscription:
    stmt = select(WebhookSubscription).where(s.id == subscription_id)
    if (scope := _subscription_scope(actor)) is not None:
        stmt = stmt.where(scope)
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("webhook", subscription_id)
    return found


def subscriptions(session: Session, actor: Actor) -> list[WebhookSubscription]:
    stmt = select(WebhookSubscription).order_by(s.id)
    if (scope := _subscription_scope(actor)) is not None:
        stmt = stmt.where(scope)
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class DeliveryView:
    id: int
    subscription_id: int
    url: str
    event_id: str
    event_type: str
    stream_key: str
    seq: int
    status: str
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str
    delivered_at: datetime | None
    dead_at: datetime | None


def deliveries(
    session: Session,
    actor: Actor,
    status: str | None,
    subscription_id: int | None,
    limit: int,
    offset: int,
) -> list[DeliveryView]:
    """Deliveries newest first; an enterprise sees those to its own endpoints."""
    o = outbox_events.c
    stmt = (
        select(
            d.id,
            d.subscription_id,
            s.url,
            o.event_id,
            o.event_type,
            d.stream_key,
            o.seq,
            d.status,
            d.attempts,
            d.next_attempt_at,
            d.last_status_code,
            d.last_error,
            d.delivered_at,
            d.dead_at,
        )
        .join(outbox_events, o.id == d.outbox_id)
        .join(webhook_subscriptions, s.id == d.subscription_id)
    )
    if (scope := _subscription_scope(actor)) is not None:
        stmt = stmt.where(scope)
    if status is not None:
        stmt = stmt.where(d.status == status)
    if subscription_id is not None:
        stmt = stmt.where(d.subscription_id == subscription_id)
    rows = session.execute(stmt.order_by(d.id.desc()).limit(limit).offset(offset)).all()
    return [DeliveryView(**row._mapping) for row in rows]
