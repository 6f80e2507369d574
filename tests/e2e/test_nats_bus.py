"""The outbox relayed to a real NATS JetStream server on loopback, when one answers.

Skipped with the reason when the ``nats-py`` client is not installed or no server listens on
127.0.0.1:4222; the relay's bookkeeping is covered without a server in the integration tests.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import socket
import uuid
from typing import Any

import pytest

from clearway.bootstrap import Platform
from clearway.declarations.status import Command
from clearway.notifications.bus import NatsJetStreamPublisher, relay
from clearway.notifications.tables import outbox_events
from tests.builders import RISK, seed_district
from tests.liaison_support import act, count, lodge, notifying

NATS_URL = "nats://127.0.0.1:4222"


def _nats_or_skip() -> None:
    if importlib.util.find_spec("nats") is None:
        pytest.skip("NATS test skipped: the nats-py client is not installed")
    try:
        socket.create_connection(("127.0.0.1", 4222), timeout=1).close()
    except OSError:
        pytest.skip("NATS test skipped: no NATS server answers on 127.0.0.1:4222")


async def _read_back(stream: str, subject: str, expected: int) -> list[Any]:
    import nats

    nc = await nats.connect(NATS_URL, connect_timeout=2, allow_reconnect=False)
    try:
        js = nc.jetstream(timeout=5)
        sub = await js.pull_subscribe(subject, durable=None, stream=stream)
        messages = await sub.fetch(expected, timeout=5)
        for message in messages:
            await message.ack()
        await js.delete_stream(stream)
        return list(messages)
    finally:
        await nc.close()


def test_events_reach_jetstream_once_with_their_event_id(committed_platform: Platform) -> None:
    _nats_or_skip()
    platform = notifying(committed_platform)
    district = seed_district(platform)
    d = lodge(platform, district.exporter)
    act(platform, d.id, Command.SUBMIT, district.exporter)
    act(platform, d.id, Command.ACCEPT, RISK)
    suffix = uuid.uuid4().hex[:8]
    stream, prefix = f"CLEARWAY_TEST_{suffix}", f"cwtest{suffix}"
    publisher = NatsJetStreamPublisher(NATS_URL, stream, prefix, timeout_seconds=5)
    assert relay(platform, publisher, prefix) == 2
    assert relay(platform, publisher, prefix) == 0
    assert count(platform, outbox_events, outbox_events.c.bus_published_at.is_(None)) == 0
    received = asyncio.run(_read_back(stream, f"{prefix}.>", 2))
    assert [m.subject for m in received] == [f"{prefix}.declaration.status_changed"] * 2
    assert [m.headers["Nats-Msg-Id"] for m in received] == [
        json.loads(m.data)["id"] for m in received
    ]


def test_publishing_works_from_a_thread_that_runs_an_event_loop() -> None:
    from clearway.notifications.bus import BusMessage

    _nats_or_skip()
    suffix = uuid.uuid4().hex[:8]
    stream, prefix = f"CLEARWAY_TEST_{suffix}", f"cwtest{suffix}"
    publisher = NatsJetStreamPublisher(NATS_URL, stream, prefix, timeout_seconds=5)
    message = BusMessage(str(uuid.uuid4()), f"{prefix}.probe", b"{}")

    async def inside_a_loop() -> list[str]:
        return publisher.publish([message])

    assert asyncio.run(inside_a_loop()) == [message.event_id]
    assert len(asyncio.run(_read_back(stream, f"{prefix}.>", 1))) == 1
