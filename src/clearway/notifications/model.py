"""Webhook subscriptions, their deliveries and in-app inbox messages.

The dispatcher moves deliveries in bulk with guarded UPDATEs for speed; people (an enterprise
deactivating a webhook, an administrator redelivering) go through the methods here, which
consult the same status table.
"""

from __future__ import annotations

from datetime import datetime

from clearway.notifications.status import DELIVERY_TRANSITIONS, DeliveryCommand, DeliveryStatus
from clearway.shared.errors import Conflict


class WebhookSubscription:
    """An enterprise's HTTPS (or HTTP) endpoint and the secret its deliveries are signed with."""

    id: int
    enterprise_id: int
    url: str
    secret: str
    topics: str
    active: bool
    created_at: datetime
    created_by: str
    deactivated_at: datetime | None

    def __init__(
        self,
        enterprise_id: int,
        url: str,
        secret: str,
        topics: list[str],
        created_at: datetime,
        created_by: str,
    ) -> None:
        self.enterprise_id = enterprise_id
        self.url = url
        self.secret = secret
        self.topics = ",".join(topics) or "*"
        self.active = True
        self.created_at = created_at
        self.created_by = created_by
        self.deactivated_at = None

    @property
    def topic_list(self) -> list[str]:
        return [t for t in self.topics.split(",") if t]

    def deactivate(self, at: datetime) -> None:
        if not self.active:
            raise Conflict(f"webhook {self.id} is already deactivated")
        self.active = False
        self.deactivated_at = at


class WebhookDelivery:
    """One event on its way to one subscription."""

    id: int
    outbox_id: int
    subscription_id: int
    stream_key: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    locked_until: datetime | None
    last_status_code: int | None
    last_error: str
    delivered_at: datetime | None
    dead_at: datetime | None
    created_at: datetime

    def redeliver(self, at: datetime) -> None:
        """Queue again with a fresh attempt budget (an administrator's decision)."""
        self.status = DELIVERY_TRANSITIONS.move(
            self.status, DeliveryCommand.REDELIVER, subject=f"delivery {self.id}"
        )
        self.attempts = 0
        self.next_attempt_at = at
        self.locked_until = None
        self.dead_at = None
        self.delivered_at = None


class InboxMessage:
    """A line in an enterprise's (or an officer's) in-app inbox."""

    id: int
    enterprise_id: int | None
    user_id: int | None
    event_id: str
    event_type: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None
    read_by: str | None

    def mark_read(self, by: str, at: datetime) -> None:
        """The first reader and time are kept; reading again changes nothing."""
        if self.read_at is None:
            self.read_at = at
            self.read_by = by
