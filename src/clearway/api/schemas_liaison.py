"""Response shapes of liaison, the broker information platform and notifications."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AssignmentPublic(_Out):
    id: int
    enterprise_id: int
    officer_id: int
    duty: str
    assigned_at: datetime
    assigned_by: str
    reason: str
    ended_at: datetime | None
    end_reason: str


class RequestEntryPublic(_Out):
    seq: int
    at: datetime
    author: str
    author_role: str
    command: str
    from_status: str
    to_status: str
    body: str


class RequestSummary(_Out):
    id: int
    enterprise_id: int
    category: str
    subject: str
    status: str
    assignee_id: int | None
    declaration_id: int | None
    opened_by: str
    opened_at: datetime
    due_at: datetime
    escalation_level: int
    answered_at: datetime | None
    closed_at: datetime | None
    version: int


class RequestPublic(RequestSummary):
    overdue: bool
    allowed_commands: list[str]
    entries: list[RequestEntryPublic]


class RequestPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[RequestSummary]


class HistoryPublic(BaseModel):
    enterprise_id: int
    assignments: list[AssignmentPublic]
    requests: list[RequestSummary]


class CoordinatorSyncPublic(BaseModel):
    assigned: list[tuple[int, int]]
    ended: list[int]
    unstaffed: list[int]


class ImportPlanPublic(_Out):
    """Risk fields are filled for customs only: research results are not told to the trade."""

    id: int
    broker_id: int
    principal_id: int
    office_code: str
    plan_date: date
    goods_name: str
    tariff_code: str
    quantity: Decimal
    unit: str
    origin_country: str
    supplier: str
    arrival_from: date
    arrival_to: date
    status: str
    declaration_id: int | None
    created_by: str
    created_at: datetime
    version: int
    risk_level: str | None = None
    risk_score: Decimal | None = None
    risk_reasons: list[dict[str, Any]] | None = None
    screened_by: str | None = None
    screened_at: datetime | None = None


class WagonPublic(_Out):
    position: int
    wagon_number: str
    net_weight: Decimal


class TrainPublic(_Out):
    id: int
    plan_id: int | None
    broker_id: int
    principal_id: int
    office_code: str
    train_number: str
    origin_station: str
    departed_at: datetime
    eta_border: datetime
    arrived_at: datetime | None
    transshipped_at: datetime | None
    status: str
    declaration_id: int | None
    net_weight: Decimal
    version: int
    wagons: list[WagonPublic]


class BoardRowPublic(_Out):
    expected_at: datetime
    kind: str
    office_code: str
    principal_id: int
    principal_name: str
    broker_id: int
    status: str
    train_id: int | None
    train_number: str | None
    wagons: int
    net_weight: Decimal | None
    plan_id: int | None
    goods_name: str | None
    tariff_code: str | None
    origin_country: str | None
    risk_level: str | None
    declaration_number: str | None
    declaration_status: str | None


class InboxMessagePublic(_Out):
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


class InboxPublic(BaseModel):
    total: int
    unread: int
    limit: int
    offset: int
    items: list[InboxMessagePublic]


class WebhookPublic(_Out):
    id: int
    enterprise_id: int
    url: str
    topics: list[str]
    active: bool
    created_at: datetime
    created_by: str
    deactivated_at: datetime | None


class WebhookCreated(WebhookPublic):
    """The secret is shown in this answer only; keep it to verify signatures."""

    secret: str
    signature_header: str
    timestamp_header: str
    event_id_header: str
    replay_window_seconds: int


class DeliveryPublic(_Out):
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
