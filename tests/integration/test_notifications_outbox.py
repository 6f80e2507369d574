"""The outbox on SQLite and PostgreSQL: written with the status change, rolled back with it."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from clearway.audit.tables import audit_events
from clearway.bootstrap import Platform
from clearway.config import Settings
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command, Status
from clearway.enterprises.tables import broker_authorisations
from clearway.notifications import queries, sealing, services
from clearway.notifications.bus import BusMessage, relay
from clearway.notifications.commands import WebhookInput
from clearway.notifications.tables import (
    inbox_messages,
    outbox_events,
    webhook_deliveries,
    webhook_subscriptions,
)
from clearway.risk.scoring import ScoreResult
from clearway.shared.errors import Conflict, NotFound, PermissionDenied, RuleViolation
from tests.builders import ADMIN, RISK, District, ore_item, seed_district
from tests.conftest import rewired
from tests.liaison_support import act, count, lodge, notifying


@pytest.fixture()
def district(platform: Platform) -> District:
    notifying(platform)
    return seed_district(platform)


def test_status_change_queues_its_event_in_the_same_transaction(
    platform: Platform, district: District
) -> None:
    d = lodge(platform, district.exporter)
    assert count(platform, outbox_events) == 0  # a draft is nobody's news yet
    act(platform, d.id, Command.SUBMIT, district.exporter)
    act(platform, d.id, Command.ACCEPT, RISK)
    with platform.sessions() as s:
        rows = s.execute(
            select(outbox_events).where(outbox_events.c.stream_key == f"declaration:{d.id}")
        ).all()
    assert [(r.seq, r.event_type) for r in rows] == [
        (1, "declaration.status_changed"),
        (2, "declaration.status_changed"),
    ]
    assert len({r.event_id for r in rows}) == 2  # each event its own id for de-duplication
    assert rows[1].payload["change"]["to_status"] == "accepted"
    assert rows[1].payload["declaration"]["number"] == d.number
    page = queries.inbox(platform.sessions(), district.exporter, False, 10, 0)
    assert page.total == 2 and page.unread == 2
    assert page.items[0].title == f"{d.number}: submitted → accepted"


def test_a_rolled_back_change_leaves_no_notification_behind(
    platform: Platform, district: District
) -> None:
    d = lodge(platform, district.exporter)

    class ScoringFails:
        def score(self, _records: object) -> ScoreResult:
            raise RuntimeError("risk engine down")

    failing = rewired(platform, ScoringFails())
    with pytest.raises(RuntimeError), failing.uow() as uow:
        declarations.act(
            uow,
            d.id,
            Command.SUBMIT,
            ActionInput(),
            district.exporter,
            failing.clock,
            failing.submission,
        )
    assert count(platform, outbox_events) == 0
    assert count(platform, inbox_messages) == 0
    with platform.sessions() as s:
        assert declarations.get_visible(s, district.exporter, d.id).status is Status.DRAFT


def test_the_broker_is_told_only_while_its_mandate_covers_the_declaration(
    platform: Platform, district: District
) -> None:
    d = lodge(
        platform,
        district.broker,
        flow="import",
        trader_id=district.importer_id,
        items=[ore_item()],
    )
    act(platform, d.id, Command.SUBMIT, district.broker)
    told = {r.enterprise_id for r in _inbox_rows(platform)}
    assert told == {district.importer_id, district.broker_id}
    with platform.uow() as uow:
        uow.session.execute(update(broker_authorisations).values(revoked_at=platform.clock.now()))
        uow.commit()
    act(platform, d.id, Command.ACCEPT, RISK)
    latest = [r for r in _inbox_rows(platform) if "accepted" in r.title]
    assert [r.enterprise_id for r in latest] == [district.importer_id]


def _inbox_rows(platform: Platform) -> list[object]:
    with platform.sessions() as s:
        return list(s.execute(select(inbox_messages).order_by(inbox_messages.c.id)).all())


def test_deliveries_are_queued_for_matching_webhooks_only(
    platform: Platform, district: District
) -> None:
    hooks = {}
    for topics in (["declaration.*"], ["train.*"]):
        with platform.uow() as uow:
            hook = services.subscribe(
                uow,
                WebhookInput(url="https://exporter.example/hooks", topics=topics),
                district.exporter,
                platform.clock,
                platform.settings,
            )
            hooks[topics[0]] = hook.subscription.id
    with platform.uow() as uow:
        services.subscribe(
            uow,
            WebhookInput(url="https://importer.example/hooks"),
            district.importer,
            platform.clock,
            platform.settings,
        )
    d = lodge(platform, district.exporter)
    act(platform, d.id, Command.SUBMIT, district.exporter)
    with platform.sessions() as s:
        queued = s.execute(select(webhook_deliveries)).all()
    assert [(q.subscription_id, q.status, q.attempts) for q in queued] == [
        (hooks["declaration.*"], "pending", 0)
    ]


def test_a_webhook_url_that_is_not_http_is_refused_and_nothing_written(
    platform: Platform, district: District
) -> None:
    with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
        services.subscribe(
            uow,
            WebhookInput(url="ftp://files.example/in"),
            district.exporter,
            platform.clock,
            platform.settings,
        )
    assert [(e.path, e.rule) for e in refused.value.errors] == [("url", "webhook_url")]
    assert count(platform, webhook_subscriptions) == 0
    assert count(platform, audit_events, audit_events.c.action == "webhook.subscribed") == 0
    with pytest.raises(RuleViolation), platform.uow() as uow:  # not for someone else
        services.subscribe(
            uow,
            WebhookInput(url="https://a.example/", enterprise_id=district.importer_id),
            district.exporter,
            platform.clock,
            platform.settings,
        )
    with pytest.raises(PermissionDenied), platform.uow() as uow:
        services.subscribe(
            uow, WebhookInput(url="https://a.example/"), RISK, platform.clock, platform.settings
        )


def test_inbox_lines_are_private_to_their_enterprise(
    platform: Platform, district: District
) -> None:
    d = lodge(platform, district.exporter)
    act(platform, d.id, Command.SUBMIT, district.exporter)
    [line] = queries.inbox(platform.sessions(), district.exporter, False, 10, 0).items
    assert queries.inbox(platform.sessions(), district.importer, False, 10, 0).total == 0
    with pytest.raises(NotFound), platform.uow() as uow:
        services.mark_read(uow, line.id, district.importer, platform.clock)
    with platform.uow() as uow:
        services.mark_read(uow, line.id, district.exporter, platform.clock)
    page = queries.inbox(platform.sessions(), district.exporter, True, 10, 0)
    assert page.unread == 0 and page.items == []


def test_redelivery_is_an_administrators_decision_and_deactivation_dead_letters(
    platform: Platform, district: District
) -> None:
    with platform.uow() as uow:
        hook = services.subscribe(
            uow,
            WebhookInput(url="https://exporter.example/hooks"),
            district.exporter,
            platform.clock,
            platform.settings,
        )
    d = lodge(platform, district.exporter)
    act(platform, d.id, Command.SUBMIT, district.exporter)
    act(platform, d.id, Command.ACCEPT, RISK)
    with platform.sessions() as s:
        first, second = s.scalars(select(webhook_deliveries.c.id).order_by(webhook_deliveries.c.id))
    with platform.uow() as uow:
        uow.session.execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.id == first)
            .values(status="dead", attempts=8)
        )
        uow.commit()
    with pytest.raises(PermissionDenied), platform.uow() as uow:
        services.redeliver(uow, [first], district.exporter, platform.clock)
    with pytest.raises(Conflict), platform.uow() as uow:  # still pending: nothing to redo
        services.redeliver(uow, [second], ADMIN, platform.clock)
    with platform.uow() as uow:
        assert services.dead_letters(uow, hook.subscription.id) == [first]
        [again] = services.redeliver(uow, [first], ADMIN, platform.clock)
    assert again.status.value == "pending" and again.attempts == 0
    with platform.uow() as uow:
        services.deactivate(uow, hook.subscription.id, district.exporter, platform.clock)
    views = queries.deliveries(platform.sessions(), district.exporter, "dead", None, 10, 0)
    assert sorted(v.id for v in views) == [first, second]
    assert {v.last_error for v in views} == {"subscription deactivated"}
    assert queries.deliveries(platform.sessions(), district.importer, None, None, 10, 0) == []


class _Bus:
    def __init__(self, acks: int) -> None:
        self.acks, self.seen = acks, []  # type: ignore[var-annotated]

    def publish(self, batch: list[BusMessage]) -> list[str]:
        self.seen.append([m.subject for m in batch])
        return [m.event_id for m in batch[: self.acks]]


def test_bus_relay_publishes_in_commit_order_and_marks_only_what_was_acknowledged(
    platform: Platform, district: District
) -> None:
    d = lodge(platform, district.exporter)
    for command, actor in ((Command.SUBMIT, district.exporter), (Command.ACCEPT, RISK)):
        act(platform, d.id, command, actor)
    bus = _Bus(acks=1)
    assert relay(platform, bus, "clearway") == 1
    assert bus.seen == [["clearway.declaration.status_changed"] * 2]
    bus.acks = 5
    assert relay(platform, bus, "clearway") == 1
    assert relay(platform, bus, "clearway") == 0
    assert count(platform, outbox_events, outbox_events.c.bus_published_at.is_(None)) == 0


def test_lines_written_together_reach_each_webhook_with_their_own_events_in_order(
    platform: Platform, district: District
) -> None:
    hooks = {}
    for trader in (district.exporter, district.importer):
        with platform.uow() as uow:
            url = f"https://{trader.username}.example/hooks"
            hooks[trader.enterprise_id] = services.subscribe(
                uow, WebhookInput(url=url), trader, platform.clock, platform.settings
            ).subscription.id
    export = lodge(platform, district.exporter)
    imported = lodge(platform, district.importer, flow="import")
    with platform.uow() as uow:  # five lines of two declarations in one flush
        for ref, trader in ((export, district.exporter), (imported, district.importer)):
            found = declarations.get_visible(uow.session, trader, ref.id)
            found.apply(Command.SUBMIT, trader, platform.clock.now())
            found.apply(Command.ACCEPT, RISK, platform.clock.now())
        found.apply(Command.ASSIGN_LANE, RISK, platform.clock.now(), reason="x", lane=Lane.GREEN)
        uow.commit()
    o, w = outbox_events.c, webhook_deliveries.c
    with platform.sessions() as s:
        queued = s.execute(
            select(w.subscription_id, o.stream_key, o.seq)
            .join(outbox_events, o.id == w.outbox_id)
            .order_by(w.id)
        ).all()
    assert [tuple(q) for q in queued] == [
        (hooks[district.exporter_id], f"declaration:{export.id}", 1),
        (hooks[district.exporter_id], f"declaration:{export.id}", 2),
        (hooks[district.importer_id], f"declaration:{imported.id}", 1),
        (hooks[district.importer_id], f"declaration:{imported.id}", 2),
        (hooks[district.importer_id], f"declaration:{imported.id}", 3),
    ]
    assert count(platform, inbox_messages) == 5  # one line per event for its trader


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hooks",
        "http://[::1]/hooks",
        "http://169.254.169.254/latest/meta-data",
        "https://10.0.0.7/hooks",
        "http://0.0.0.0/",
        "http://localhost:8080/hooks",
    ],
)
def test_a_webhook_to_an_internal_address_is_refused_outside_development(
    platform: Platform, district: District, url: str
) -> None:
    with pytest.raises(RuleViolation) as refused:
        _subscribe(platform, district, url)
    [error] = refused.value.errors
    assert (error.path, error.rule) == ("url", "webhook_address")
    assert count(platform, webhook_subscriptions) == 0


def test_a_named_host_may_be_allowed_and_development_allows_any(
    platform: Platform, district: District
) -> None:
    allowed = platform.settings.model_copy(update={"webhook_allowed_hosts": ["127.0.0.1"]})
    development = platform.settings.model_copy(update={"env": "development"})
    for settings, url in ((allowed, "http://127.0.0.1:9/in"), (development, "http://10.0.0.7/")):
        with platform.uow() as uow:
            services.subscribe(
                uow, WebhookInput(url=url), district.exporter, platform.clock, settings
            )
    assert count(platform, webhook_subscriptions) == 2


def test_the_signing_secret_is_stored_sealed_and_signs_with_the_clear_one(
    platform: Platform, district: District
) -> None:
    done = _subscribe(platform, district, "https://exporter.example/hooks")
    with platform.sessions() as s:
        stored = s.scalar(select(webhook_subscriptions.c.secret))
    assert stored is not None and done.secret not in stored and len(done.secret) == 64
    assert sealing.unseal(platform.settings.secret_encryption_key, stored) == done.secret


def _subscribe(
    platform: Platform, district: District, url: str, settings: Settings | None = None
) -> services.Subscribed:
    """The exporter subscribes ``url`` under the platform's (or the given) settings."""
    with platform.uow() as uow:
        return services.subscribe(
            uow,
            WebhookInput(url=url),
            district.exporter,
            platform.clock,
            settings or platform.settings,
        )
