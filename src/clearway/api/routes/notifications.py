"""Notifications: the in-app inbox, webhook subscriptions, deliveries and redelivery."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import Field

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas_liaison import (
    DeliveryPublic,
    InboxMessagePublic,
    InboxPublic,
    WebhookCreated,
    WebhookPublic,
)
from clearway.notifications import queries, services, signing
from clearway.notifications.commands import WebhookInput
from clearway.notifications.model import WebhookSubscription
from clearway.notifications.status import DeliveryStatus
from clearway.shared.bounds import BigId, Id, Input, Limit, Offset

router = APIRouter(prefix="/notifications", tags=["notifications"])


class RedeliverInput(Input):
    wide_integers = frozenset({"delivery_ids"})

    delivery_ids: list[BigId] = Field(min_length=1, max_length=1000)


def present_webhook(subscription: WebhookSubscription) -> WebhookPublic:
    return WebhookPublic(
        id=subscription.id,
        enterprise_id=subscription.enterprise_id,
        url=subscription.url,
        topics=subscription.topic_list,
        active=subscription.active,
        created_at=subscription.created_at,
        created_by=subscription.created_by,
        deactivated_at=subscription.deactivated_at,
    )


@router.get("/inbox", response_model=InboxPublic)
def inbox(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    unread: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> InboxPublic:
    """The caller's inbox (and its enterprise's), newest first."""
    limit = min(limit, platform.settings.page_size_max)
    page = queries.inbox(session, actor, unread, limit, offset)
    return InboxPublic(
        total=page.total,
        unread=page.unread,
        limit=limit,
        offset=offset,
        items=[InboxMessagePublic.model_validate(m) for m in page.items],
    )


@router.post("/inbox/{message_id}/read", status_code=status.HTTP_204_NO_CONTENT)
def mark_read(message_id: BigId, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> None:
    services.mark_read(uow, message_id, actor, platform.clock)


@router.post("/webhooks", status_code=status.HTTP_201_CREATED, response_model=WebhookCreated)
def subscribe(
    body: WebhookInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> WebhookCreated:
    """Register an http(s) endpoint; the signing secret is in this answer only."""
    done = services.subscribe(
        uow,
        body,
        actor,
        platform.clock,
        platform.settings,
    )
    return WebhookCreated(
        **present_webhook(done.subscription).model_dump(),
        secret=done.secret,
        signature_header=signing.SIGNATURE_HEADER,
        timestamp_header=signing.TIMESTAMP_HEADER,
        event_id_header=signing.EVENT_ID_HEADER,
        replay_window_seconds=platform.settings.notify_replay_window_seconds,
    )


@router.get("/webhooks", response_model=list[WebhookPublic])
def webhooks(actor: ActorDep, session: SessionDep) -> list[WebhookPublic]:
    return [present_webhook(s) for s in queries.subscriptions(session, actor)]


@router.post("/webhooks/{subscription_id}/deactivate", response_model=WebhookPublic)
def deactivate(
    subscription_id: Id, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> WebhookPublic:
    """Stop an endpoint; deliveries still waiting for it are dead-lettered."""
    return present_webhook(services.deactivate(uow, subscription_id, actor, platform.clock))


@router.get("/deliveries", response_model=list[DeliveryPublic])
def deliveries(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    status_: Annotated[DeliveryStatus | None, Query(alias="status")] = None,
    webhook: Id | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[DeliveryPublic]:
    """Deliveries newest first; `status=dead` lists the dead letters."""
    limit = min(limit, platform.settings.page_size_max)
    rows = queries.deliveries(
        session, actor, status_.value if status_ else None, webhook, limit, offset
    )
    return [DeliveryPublic.model_validate(r) for r in rows]


@router.post("/deliveries/redeliver", response_model=list[int])
def redeliver(
    body: RedeliverInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> list[int]:
    """Administrators queue dead (or delivered) deliveries again with a fresh attempt budget."""
    done = services.redeliver(uow, body.delivery_ids, actor, platform.clock)
    return [d.id for d in done]
