"""Imperative mapping of the liaison, broker-information and notification classes.

Called once from :func:`clearway.persistence.orm.start_mappers`, so the domains stay free of
ORM imports exactly as the foundation's are.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import registry, relationship

from clearway.brokerage import tables as brokerage_tables
from clearway.brokerage.model import ImportPlan, TrainConsist, Wagon
from clearway.brokerage.status import PlanStatus, TrainStatus
from clearway.liaison import tables as t
from clearway.liaison.model import (
    Duty,
    LiaisonAssignment,
    LiaisonRequest,
    RequestCategory,
    RequestEntry,
)
from clearway.liaison.status import RequestStatus
from clearway.notifications import tables as notification_tables
from clearway.notifications.model import InboxMessage, WebhookDelivery, WebhookSubscription
from clearway.notifications.status import DeliveryStatus
from clearway.persistence.enums import coerce_enums_on_load


def map_liaison(reg: registry) -> None:
    """Map every class of the three domains onto its table."""
    reg.map_imperatively(LiaisonAssignment, t.liaison_assignments)
    reg.map_imperatively(RequestEntry, t.liaison_messages)
    reg.map_imperatively(
        LiaisonRequest,
        t.liaison_requests,
        version_id_col=t.liaison_requests.c.version,
        properties={
            "entries": relationship(
                RequestEntry,
                order_by=t.liaison_messages.c.seq,
                lazy="selectin",
                cascade="all, delete-orphan",
            )
        },
    )
    reg.map_imperatively(
        ImportPlan,
        brokerage_tables.import_plans,
        version_id_col=brokerage_tables.import_plans.c.version,
    )
    reg.map_imperatively(Wagon, brokerage_tables.wagons)
    reg.map_imperatively(
        TrainConsist,
        brokerage_tables.train_consists,
        version_id_col=brokerage_tables.train_consists.c.version,
        properties={
            "wagons": relationship(
                Wagon,
                order_by=brokerage_tables.wagons.c.position,
                lazy="selectin",
                cascade="all, delete-orphan",
            )
        },
    )
    reg.map_imperatively(WebhookSubscription, notification_tables.webhook_subscriptions)
    reg.map_imperatively(WebhookDelivery, notification_tables.webhook_deliveries)
    reg.map_imperatively(InboxMessage, notification_tables.inbox_messages)
    coerce_enums_on_load(_ENUM_ATTRS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, type[StrEnum]]] = {
    LiaisonAssignment: {"duty": Duty},
    LiaisonRequest: {"status": RequestStatus, "category": RequestCategory},
    ImportPlan: {"status": PlanStatus},
    TrainConsist: {"status": TrainStatus},
    WebhookDelivery: {"status": DeliveryStatus},
}
