"""Notification use cases: subscribe a webhook, deactivate it, redeliver, read the inbox."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select, update

from clearway.audit.services import record
from clearway.config import Settings
from clearway.enterprises.model import Enterprise
from clearway.identity.model import Actor, Role
from clearway.notifications.addresses import AddressGuard, url_refusal
from clearway.notifications.commands import WebhookInput
from clearway.notifications.model import WebhookDelivery, WebhookSubscription
from clearway.notifications.queries import get_message, get_subscription
from clearway.notifications.rules import check_webhook
from clearway.notifications.sealing import seal
from clearway.notifications.status import DELIVERY_TRANSITIONS, DeliveryCommand, DeliveryStatus
from clearway.notifications.tables import webhook_deliveries
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import NotFound, PermissionDenied, RuleViolation

MAX_REDELIVER = 1000


def _subscriber(uow: UnitOfWork, actor: Actor, named: int | None) -> int:
    """Enterprises subscribe for themselves; an administrator names the enterprise."""
    if actor.role in (Role.ENTERPRISE_USER, Role.BROKER_USER) and actor.enterprise_id:
        if named not in (None, actor.enterprise_id):
            raise RuleViolation.single(
                "enterprise_id", "own_enterprise", "an enterprise subscribes only for itself"
            )
        return actor.enterprise_id
    if actor.role is Role.ADMINISTRATOR:
        if named is None:
            raise RuleViolation.single("enterprise_id", "required", "name the enterprise")
        if uow.session.get(Enterprise, named) is None:
            raise RuleViolation.single(
                "enterprise_id", "unknown_enterprise", f"enterprise {named} does not exist"
            )
        return named
    raise PermissionDenied(f"{actor.role.label}s do not subscribe webhooks")


@dataclass(frozen=True)
class Subscribed:
    """A new subscription and its signing secret in clear: the only time it is ever shown."""

    subscription: WebhookSubscription
    secret: str


def subscribe(
    uow: UnitOfWork,
    data: WebhookInput,
    actor: Actor,
    clock: Clock,
    settings: Settings,
) -> Subscribed:
    """Register an endpoint; its signing secret is stored sealed and shown once, here.

    Outside development a URL whose host resolves to an internal address is refused unless
    the host is named in ``webhook_allowed_hosts``; the dispatcher checks again at delivery.
    """
    enterprise_id = _subscriber(uow, actor, data.enterprise_id)
    check_webhook(data.url, data.topics)
    refusal = url_refusal(AddressGuard.from_settings(settings), data.url)
    if refusal is not None:
        raise RuleViolation.single("url", "webhook_address", refusal)
    now = clock.now()
    secret = secrets.token_hex(32)
    subscription = WebhookSubscription(
        enterprise_id=enterprise_id,
        url=data.url,
        secret=seal(settings.secret_encryption_key, secret),
        topics=data.topics,
        created_at=now,
        created_by=actor.username,
    )
    uow.session.add(subscription)
    uow.flush()
    record(
        uow.session,
        actor,
        now,
        "webhook.subscribed",
        "webhook_subscription",
        subscription.id,
        {"enterprise_id": enterprise_id, "url": data.url, "topics": subscription.topics},
    )
    uow.commit()
    return Subscribed(subscription, secret)


def deactivate(
    uow: UnitOfWork, subscription_id: int, actor: Actor, clock: Clock
) -> WebhookSubscription:
    """Stop an endpoint; what was still waiting for it is dead-lettered, not silently dropped."""
    subscription = get_subscription(uow.session, actor, subscription_id)
    if actor.is_customs and actor.role is not Role.ADMINISTRATOR:
        raise PermissionDenied("only administrators deactivate an enterprise's webhook")
    now = clock.now()
    subscription.deactivate(now)
    d = webhook_deliveries.c
    result = uow.session.execute(
        update(webhook_deliveries)
        .where(d.subscription_id == subscription_id, d.status == DeliveryStatus.PENDING.value)
        .values(
            status=DELIVERY_TRANSITIONS.move(
                DeliveryStatus.PENDING, DeliveryCommand.DEAD_LETTER
            ).value,
            dead_at=now,
            locked_until=None,
            last_error="subscription deactivated",
        )
    )
    dropped = int(getattr(result, "rowcount", 0))
    record(
        uow.session,
        actor,
        now,
        "webhook.deactivated",
        "webhook_subscription",
        subscription_id,
        {"dead_lettered": dropped},
    )
    uow.commit()
    return subscription


def redeliver(
    uow: UnitOfWork, delivery_ids: list[int], actor: Actor, clock: Clock
) -> list[WebhookDelivery]:
    """An administrator queues dead (or delivered) deliveries again with a fresh budget."""
    if actor.role is not Role.ADMINISTRATOR:
        raise PermissionDenied("only administrators redeliver webhooks")
    now = clock.now()
    found = []
    for delivery_id in delivery_ids:
        delivery = uow.session.get(WebhookDelivery, delivery_id)
        if delivery is None:
            raise NotFound("webhook delivery", delivery_id)
        delivery.redeliver(now)
        found.append(delivery)
    record(
        uow.session,
        actor,
        now,
        "webhook.redelivered",
        "webhook_delivery",
        ",".join(str(i) for i in delivery_ids)[:40],
        {"delivery_ids": delivery_ids},
    )
    uow.commit()
    return found


def dead_letters(uow: UnitOfWork, subscription_id: int | None) -> list[int]:
    """Ids of dead deliveries, oldest first (for a bulk redelivery)."""
    d = webhook_deliveries.c
    stmt = select(d.id).where(d.status == DeliveryStatus.DEAD.value)
    if subscription_id is not None:
        stmt = stmt.where(d.subscription_id == subscription_id)
    return list(uow.session.scalars(stmt.order_by(d.id).limit(MAX_REDELIVER)))


def mark_read(uow: UnitOfWork, message_id: int, actor: Actor, clock: Clock) -> None:
    """Mark an inbox line read; the line itself keeps who read it first and when."""
    get_message(uow.session, actor, message_id).mark_read(actor.username, clock.now())
    uow.commit()
