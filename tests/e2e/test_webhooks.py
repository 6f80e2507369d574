"""Signed webhooks end to end: a real receiver on loopback, real commits, the real dispatcher.

Retries are driven by the platform's clock, not by sleeping: the tests move the clock past
each backoff step, so they run in well under a second of waiting.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from clearway.audit.tables import audit_events
from clearway.bootstrap import Platform, build
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.notifications import services
from clearway.notifications.commands import WebhookInput
from clearway.notifications.dispatcher import (
    Attempt,
    DrainReport,
    _claim,
    _send_run,
    _settle,
    drain,
)
from clearway.notifications.receiver import Received, WebhookReceiver
from clearway.notifications.tables import outbox_events, webhook_deliveries
from clearway.notifications.transport import HttpTransport
from clearway.persistence.db import make_engine
from clearway.shared.clock import FixedClock
from tests.builders import ADMIN, RISK, District, seed_district
from tests.e2e.conftest import LiveApi
from tests.liaison_support import act, count, lodge, notifying


@dataclass
class Outbox:
    platform: Platform
    district: District
    receiver: WebhookReceiver
    clock: FixedClock
    failures: dict[str, int]  # event id -> answers of 500 still to give

    def subscribe(self, path: str, secret_override: str | None = None) -> int:
        with self.platform.uow() as uow:
            hook = services.subscribe(
                uow,
                WebhookInput(url=self.receiver.url(path), topics=["declaration.*"]),
                self.district.exporter,
                self.clock,
                self.platform.settings,
            )
        self.receiver.secrets[path] = secret_override or hook.secret
        return hook.subscription.id

    def events(self, declaration_id: int) -> list[str]:
        with self.platform.sessions() as s:
            return list(
                s.scalars(
                    select(outbox_events.c.event_id)
                    .where(outbox_events.c.stream_key == f"declaration:{declaration_id}")
                    .order_by(outbox_events.c.seq)
                )
            )

    def delivery(self, event_id: str, hook: int | None = None) -> dict[str, object]:
        d, o = webhook_deliveries.c, outbox_events.c
        stmt = (
            select(webhook_deliveries)
            .join(outbox_events, o.id == d.outbox_id)
            .where(o.event_id == event_id)
        )
        if hook is not None:
            stmt = stmt.where(d.subscription_id == hook)
        with self.platform.sessions() as s:
            row = s.execute(stmt).one()
        return dict(row._mapping)


@pytest.fixture()
def outbox(committed_platform: Platform) -> Iterator[Outbox]:
    settings = committed_platform.settings.model_copy(
        update={
            "notify_backoff_seconds": 10.0,
            "notify_max_attempts": 3,
            "notify_workers": 4,
            "webhook_allowed_hosts": ["127.0.0.1"],  # the receiver runs on this machine
        }
    )
    platform = notifying(dataclasses.replace(committed_platform, settings=settings))
    assert isinstance(platform.clock, FixedClock)
    failures: dict[str, int] = {}

    def respond(got: Received) -> int:
        if failures.get(got.event_id, 0) > 0:
            failures[got.event_id] -= 1
            return 500
        return 204

    with WebhookReceiver(respond=respond) as receiver:
        yield Outbox(platform, seed_district(platform), receiver, platform.clock, failures)


def _submitted(box: Outbox) -> tuple[int, str]:
    d = lodge(box.platform, box.district.exporter)
    act(box.platform, d.id, Command.SUBMIT, box.district.exporter)
    return d.id, box.events(d.id)[0]


def test_a_status_change_arrives_signed_with_its_event_id(outbox: Outbox) -> None:
    hook = outbox.subscribe("/exporter")
    forged = outbox.subscribe("/forged", secret_override="not-the-secret")
    declaration_id, event_id = _submitted(outbox)
    report = drain(outbox.platform)
    assert (report.delivered, report.retried) == (1, 1)  # the forged endpoint refuses it
    [got] = outbox.receiver.accepted_in_order("/exporter")
    assert got.event_id == event_id and got.problem is None
    assert got.data["id"] == event_id and got.data["seq"] == 1
    assert got.data["data"]["change"]["to_status"] == "submitted"
    assert got.data["stream"] == f"declaration:{declaration_id}"
    refused = [r for r in outbox.receiver.received if r.path == "/forged"]
    assert refused[0].problem == "signature does not match"
    delivered = outbox.delivery(event_id, hook)
    assert delivered["status"] == "delivered" and delivered["last_status_code"] == 204
    assert outbox.delivery(event_id, forged)["last_status_code"] == 401


def test_500s_are_retried_with_exponential_backoff(outbox: Outbox) -> None:
    outbox.subscribe("/exporter")
    _, event_id = _submitted(outbox)
    outbox.failures[event_id] = 2
    assert drain(outbox.platform).retried == 1
    assert drain(outbox.platform).claimed == 0  # backing off for 10 s
    outbox.clock.advance(timedelta(seconds=10))
    assert drain(outbox.platform).retried == 1
    outbox.clock.advance(timedelta(seconds=19))
    assert drain(outbox.platform).claimed == 0  # the second wait is 20 s
    outbox.clock.advance(timedelta(seconds=1))
    assert drain(outbox.platform).delivered == 1
    assert outbox.delivery(event_id)["attempts"] == 3
    attempts = [r for r in outbox.receiver.received if r.event_id == event_id]
    assert len(attempts) == 3 and len(outbox.receiver.accepted) == 1


def test_dead_letter_after_the_last_attempt_then_redelivery_by_an_administrator(
    outbox: Outbox,
) -> None:
    outbox.subscribe("/exporter")
    _, event_id = _submitted(outbox)
    outbox.failures[event_id] = 99
    for wait in (0, 10, 20):
        outbox.clock.advance(timedelta(seconds=wait))
        drain(outbox.platform)
    dead = outbox.delivery(event_id)
    assert dead["status"] == "dead" and dead["attempts"] == 3
    assert count(outbox.platform, audit_events, audit_events.c.action == "webhook.dead_lettered")
    outbox.clock.advance(timedelta(days=1))
    assert drain(outbox.platform).claimed == 0  # dead letters stay dead
    outbox.failures[event_id] = 0
    with outbox.platform.uow() as uow:
        services.redeliver(uow, [int(str(dead["id"]))], ADMIN, outbox.clock)
    assert drain(outbox.platform).delivered == 1
    assert list(outbox.receiver.accepted) == [event_id]


def test_order_is_kept_per_declaration_while_other_declarations_flow(outbox: Outbox) -> None:
    outbox.subscribe("/exporter")
    first = lodge(outbox.platform, outbox.district.exporter)
    second = lodge(outbox.platform, outbox.district.exporter)
    for d in (first, second):
        act(outbox.platform, d.id, Command.SUBMIT, outbox.district.exporter)
        act(outbox.platform, d.id, Command.ACCEPT, RISK)
    act(outbox.platform, first.id, Command.ASSIGN_LANE, RISK, lane=Lane.GREEN, reason="AEO")
    a1, a2, a3 = outbox.events(first.id)
    outbox.failures[a2] = 1
    report = drain(outbox.platform)
    assert (report.delivered, report.retried, report.released) == (3, 1, 1)
    arrived = [r.event_id for r in outbox.receiver.received]
    assert a3 not in arrived and set(outbox.events(second.id)) <= set(arrived)
    outbox.clock.advance(timedelta(seconds=10))
    assert drain(outbox.platform).delivered == 2
    in_order = [
        r.event_id for r in outbox.receiver.accepted_in_order() if r.event_id in (a1, a2, a3)
    ]
    assert in_order == [a1, a2, a3]
    seqs = [
        r.data["seq"] for r in outbox.receiver.accepted_in_order() if r.event_id in (a1, a2, a3)
    ]
    assert seqs == [1, 2, 3]


def _restarted(platform: Platform) -> Platform:
    """A fresh process on the same database: new engine, new sessions, same settings."""
    engine = make_engine(platform.engine.url.render_as_string(hide_password=False))
    return build(platform.settings, platform.clock, engine, platform.submission)


def test_a_crash_between_commit_and_delivery_delivers_after_restart_once_per_event(
    outbox: Outbox,
) -> None:
    outbox.subscribe("/exporter")
    _, committed_only = _submitted(outbox)  # crash: nothing ran after the commit
    d = lodge(outbox.platform, outbox.district.exporter)
    act(outbox.platform, d.id, Command.SUBMIT, outbox.district.exporter)
    [claimed_then_lost] = outbox.events(d.id)
    assert len(_claim(outbox.platform, 10)) == 2  # crash: leased, never sent
    restarted = _restarted(outbox.platform)
    try:
        assert drain(restarted).claimed == 0  # the dead process's lease still holds
        outbox.clock.advance(timedelta(seconds=5 * 20 + 31))
        assert drain(restarted).delivered == 2
        assert drain(restarted).claimed == 0
    finally:
        restarted.engine.dispose()
    ids = [r.event_id for r in outbox.receiver.received]
    assert sorted(ids) == sorted([committed_only, claimed_then_lost])  # each exactly once


def test_a_crash_after_sending_resends_and_the_receiver_drops_the_repeat(outbox: Outbox) -> None:
    outbox.subscribe("/exporter")
    _, event_id = _submitted(outbox)
    [run] = _claim(outbox.platform, 10)
    transport = HttpTransport(5.0, 1)
    try:
        [sent] = _send_run(run, transport, time.time)  # crash before recording
    finally:
        transport.close()
    assert sent.ok
    outbox.clock.advance(timedelta(seconds=131))
    restarted = _restarted(outbox.platform)
    try:
        assert drain(restarted).delivered == 1
    finally:
        restarted.engine.dispose()
    first, again = [r for r in outbox.receiver.received if r.event_id == event_id]
    assert not first.repeat and again.repeat
    assert list(outbox.receiver.accepted) == [event_id]


def test_the_api_refuses_an_internal_address_with_422_naming_the_url(live: LiveApi) -> None:
    with live.client("exporter") as exporter:
        refused = exporter.post(
            "/api/v1/notifications/webhooks", json={"url": "http://169.254.169.254/latest"}
        )
        listed = exporter.get("/api/v1/notifications/webhooks")
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    [error] = refused.json()["errors"]
    assert error["path"].endswith("url") and "link-local" in error["message"]
    assert listed.json() == []


def test_a_host_re_pointed_inside_after_subscribing_is_refused_when_delivering(
    outbox: Outbox,
) -> None:
    # The receiver's host was allowed when it subscribed; the delivery-time check judges
    # the address again, as it would after a DNS record was changed to point inside.
    outbox.subscribe("/exporter")
    _submitted(outbox)
    strict = outbox.platform.settings.model_copy(update={"webhook_allowed_hosts": []})
    transport = HttpTransport.from_settings(strict)
    try:
        report = drain(outbox.platform, 10, transport)
    finally:
        transport.close()
    assert report.claimed == 1 and report.delivered == 0 and report.retried == 1
    assert outbox.receiver.received == []
    with outbox.platform.sessions() as s:
        error = s.scalar(select(webhook_deliveries.c.last_error))
    assert error is not None and error.startswith("refused: 127.0.0.1") and "loopback" in error


def test_a_dispatcher_that_outlived_its_lease_cannot_settle_what_another_took_over(
    outbox: Outbox,
) -> None:
    outbox.subscribe("/exporter")
    _submitted(outbox)
    [[late]] = _claim(outbox.platform, 10)  # paused past its lease, never settled
    outbox.clock.advance(timedelta(seconds=131))
    [[taken]] = _claim(outbox.platform, 10)
    assert taken.delivery_id == late.delivery_id and taken.claim_token != late.claim_token
    _settle(outbox.platform, [[late]], [Attempt(late.delivery_id, True, False, 500)], DrainReport())
    with outbox.platform.sessions() as s:
        row = s.execute(select(webhook_deliveries)).one()
    assert (row.status, row.attempts, row.claim_token) == ("pending", 0, taken.claim_token)
    _settle(
        outbox.platform, [[taken]], [Attempt(taken.delivery_id, True, True, 204)], DrainReport()
    )
    with outbox.platform.sessions() as s:
        row = s.execute(select(webhook_deliveries)).one()
    assert (row.status, row.attempts, row.claim_token) == ("delivered", 1, None)
