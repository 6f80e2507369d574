"""Optional relay of the outbox to NATS JetStream, for other government systems.

The same events the webhooks carry are published on ``<prefix>.<event type>`` subjects with
the event id as ``Nats-Msg-Id``, so JetStream drops a repeat sent after a crash between
publishing and marking. The ``nats-py`` client is imported only when a relay is built, so
Clearway runs without it when no bus is configured.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select, update

from clearway.bootstrap import Platform
from clearway.notifications.outbox import envelope
from clearway.notifications.tables import outbox_events


class BusUnavailable(RuntimeError):
    """The client library is missing or the server does not answer."""


@dataclass(frozen=True)
class BusMessage:
    event_id: str
    subject: str
    body: bytes


class BusPublisher(Protocol):
    def publish(self, batch: list[BusMessage]) -> list[str]:
        """Publish in order; return the event ids the bus acknowledged (a prefix of the batch)."""
        ...


class NatsJetStreamPublisher:
    """Publishes to a JetStream stream, creating it on first use."""

    def __init__(
        self, url: str, stream: str, subject_prefix: str, timeout_seconds: float = 5.0
    ) -> None:
        try:
            import nats
        except ImportError as exc:
            raise BusUnavailable("the nats-py package is not installed") from exc
        self._nats: Any = nats
        self.url, self.stream, self.prefix = url, stream, subject_prefix
        self.timeout = timeout_seconds

    def subject(self, event_type: str) -> str:
        return f"{self.prefix}.{event_type}"

    def publish(self, batch: list[BusMessage]) -> list[str]:
        """Synchronous for the outbox worker; works from a thread that runs an event loop too
        (an ASGI server's, a browser driver's), where ``asyncio.run`` alone would refuse."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self._publish(batch))
        with ThreadPoolExecutor(max_workers=1) as own_loop:
            return own_loop.submit(asyncio.run, self._publish(batch)).result()

    async def _publish(self, batch: list[BusMessage]) -> list[str]:
        try:
            nc = await self._nats.connect(
                self.url,
                connect_timeout=self.timeout,
                allow_reconnect=False,
                max_reconnect_attempts=0,
            )
        except Exception as exc:  # the client raises several unrelated types here
            raise BusUnavailable(f"NATS at {self.url} does not answer: {exc}") from exc
        acked: list[str] = []
        try:
            js = nc.jetstream(timeout=self.timeout)
            await self._ensure_stream(js)
            for message in batch:
                await js.publish(
                    message.subject, message.body, headers={"Nats-Msg-Id": message.event_id}
                )
                acked.append(message.event_id)
        except Exception as exc:
            if not acked:
                raise BusUnavailable(f"JetStream refused the batch: {exc}") from exc
        finally:
            await nc.close()
        return acked

    async def _ensure_stream(self, js: Any) -> None:
        from nats.js.errors import NotFoundError

        try:
            await js.stream_info(self.stream)
        except NotFoundError:
            await js.add_stream(name=self.stream, subjects=[f"{self.prefix}.>"])


def publisher_for(platform: Platform) -> NatsJetStreamPublisher | None:
    """The configured publisher, or None when no bus is configured."""
    settings = platform.settings
    if not settings.nats_url:
        return None
    return NatsJetStreamPublisher(
        settings.nats_url, settings.nats_stream, settings.nats_subject_prefix
    )


def relay(platform: Platform, publisher: BusPublisher, prefix: str, limit: int = 500) -> int:
    """Publish not-yet-published outbox events in commit order; return how many went out."""
    o = outbox_events.c
    with platform.sessions() as session:
        rows = session.execute(
            select(o.id, o.event_id, o.event_type, o.stream_key, o.seq, o.occurred_at, o.payload)
            .where(o.bus_published_at.is_(None))
            .order_by(o.id)
            .limit(limit)
        ).all()
    if not rows:
        return 0
    batch = [
        BusMessage(
            event_id=r.event_id,
            subject=f"{prefix}.{r.event_type}",
            body=envelope(r.event_id, r.event_type, r.stream_key, r.seq, r.occurred_at, r.payload),
        )
        for r in rows
    ]
    acked = publisher.publish(batch)
    if acked:
        with platform.sessions() as session, session.begin():
            session.execute(
                update(outbox_events)
                .where(o.event_id.in_(acked))
                .values(bus_published_at=platform.clock.now())
            )
    return len(acked)
