"""Imperative mapping of the notification classes, so the domain imports no ORM.

Outbox events are written and read with Core statements, so they are not mapped. Called once
from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import registry

from clearway.notifications import tables as t
from clearway.notifications.model import InboxMessage, WebhookDelivery, WebhookSubscription
from clearway.notifications.status import DeliveryStatus
from clearway.persistence.enums import coerce_enums_on_load


def map_notifications(reg: registry) -> None:
    """Map the webhook subscriptions and deliveries and the inbox messages onto their tables."""
    reg.map_imperatively(WebhookSubscription, t.webhook_subscriptions)
    reg.map_imperatively(WebhookDelivery, t.webhook_deliveries)
    reg.map_imperatively(InboxMessage, t.inbox_messages)
    coerce_enums_on_load(_ENUM_ATTRS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, type[StrEnum]]] = {
    WebhookDelivery: {"status": DeliveryStatus},
}
