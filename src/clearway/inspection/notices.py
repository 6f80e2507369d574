"""What inspection tells the enterprise: its goods were selected and booked for inspection, a
booking was moved or cancelled by customs, an appointment was decided, an inspection ended.

Events go through the notifications outbox on the caller's connection, so they commit or vanish
with the change they announce; each has its own stream so a receiver sees it in order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from clearway.notifications.outbox import OutboxEvent, publish


def tell_enterprise(
    conn: Connection,
    enterprise_ids: tuple[int | None, ...],
    event_type: str,
    stream_key: str,
    seq: int,
    at: datetime,
    title: str,
    body: str,
    link: str,
    payload: dict[str, Any],
) -> None:
    """Queue one notice for the enterprises named (the trader, and its broker where known)."""
    publish(
        conn,
        OutboxEvent(
            event_type=event_type,
            stream_key=stream_key,
            seq=seq,
            occurred_at=at,
            title=title,
            body=body,
            link=link,
            enterprise_ids=tuple(sorted({e for e in enterprise_ids if e is not None})),
            payload=payload,
        ),
    )


def slot_text(starts_at: datetime, site_code: str, zone: str) -> str:
    local = starts_at.astimezone(ZoneInfo(zone))
    return f"{site_code} on {local:%Y-%m-%d %H:%M} ({zone})"
