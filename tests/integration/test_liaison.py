"""Liaison on SQLite and PostgreSQL: coordinators, routing, deadlines, escalation, tenancy."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clearway.audit.tables import audit_events
from clearway.bootstrap import Platform
from clearway.enterprises import services as enterprises
from clearway.enterprises.commands import CreditLevelInput
from clearway.enterprises.model import CreditLevel
from clearway.identity.model import Actor
from clearway.liaison import queries, services
from clearway.liaison.commands import AssignmentInput, RequestActionInput, RequestInput
from clearway.liaison.model import Duty, RequestCategory
from clearway.liaison.status import RequestCommand, RequestStatus
from clearway.liaison.tables import liaison_requests
from clearway.notifications import queries as inbox
from clearway.shared.clock import FixedClock
from clearway.shared.errors import NotFound, PermissionDenied, RuleViolation
from tests.builders import ADMIN, NOW, RISK, TODAY, District, seed_district
from tests.liaison_support import count, liaison_officer, notifying

TERMS = services.LiaisonTerms(
    deadline_hours={"urgent_clearance": 2.0, "question": 48.0, "complaint": 120.0},
    escalation_hours=8.0,
    max_escalations=2,
)


@pytest.fixture()
def district(platform: Platform) -> District:
    notifying(platform)
    return seed_district(platform)


def _open(platform: Platform, actor: Actor, category: RequestCategory, **extra: object) -> int:
    with platform.uow() as uow:
        return services.open_request(
            uow,
            RequestInput(category=category, subject="Train X8017", body="please", **extra),  # type: ignore[arg-type]
            actor,
            platform.clock,
            TERMS,
        ).id


def _act(
    platform: Platform, request_id: int, command: RequestCommand, actor: Actor, **body: object
) -> object:
    with platform.uow() as uow:
        return services.act(
            uow,
            request_id,
            command,
            RequestActionInput(**body),
            actor,
            platform.clock,
            TERMS,  # type: ignore[arg-type]
        )


def test_advanced_certified_enterprises_get_a_coordinator_and_lose_it_with_the_level(
    platform: Platform, district: District
) -> None:
    with platform.uow() as uow:
        nobody = services.sync_coordinators(uow, ADMIN, platform.clock)
    assert nobody.unstaffed == [district.exporter_id] and nobody.assigned == []
    liu, zhao = liaison_officer(platform, "liu"), liaison_officer(platform, "zhao")
    with platform.uow() as uow:
        first = services.sync_coordinators(uow, ADMIN, platform.clock)
    assert first.assigned == [(district.exporter_id, liu.user_id)]
    with platform.uow() as uow:
        enterprises.change_credit_level(
            uow,
            district.importer_id,
            CreditLevelInput(
                level=CreditLevel.ADVANCED_CERTIFIED, effective_from=TODAY, reason="AEO audit"
            ),
            RISK,
            platform.clock,
        )
        enterprises.change_credit_level(
            uow,
            district.exporter_id,
            CreditLevelInput(level=CreditLevel.CERTIFIED, effective_from=TODAY, reason="re-rated"),
            RISK,
            platform.clock,
        )
    with platform.uow() as uow:
        second = services.sync_coordinators(uow, ADMIN, platform.clock)
    # zhao had no work, so the new enterprise goes to zhao; the downgraded one is relieved.
    assert second.assigned == [(district.importer_id, zhao.user_id)]
    assert second.ended == [district.exporter_id]
    with platform.uow() as uow:
        assert services.sync_coordinators(uow, ADMIN, platform.clock).assigned == []
    history = queries.history(platform.sessions(), ADMIN, district.exporter_id)
    [ended] = history.assignments
    assert ended.duty is Duty.COORDINATOR and ended.end_reason == "credit level is now certified"
    notices = inbox.inbox(platform.sessions(), zhao, False, 10, 0)
    assert [m.event_type for m in notices.items] == ["liaison.officer_assigned"]


def test_requests_go_to_the_liaison_officer_with_a_deadline_by_category(
    platform: Platform, district: District
) -> None:
    liu = liaison_officer(platform, "liu")
    with platform.uow() as uow:
        services.assign_officer(
            uow,
            AssignmentInput(enterprise_id=district.importer_id, officer_id=int(liu.user_id or 0)),
            ADMIN,
            platform.clock,
        )
    request_id = _open(platform, district.importer, RequestCategory.URGENT_CLEARANCE)
    with platform.sessions() as s:
        request = queries.get_visible(s, liu, request_id)
        assert request.status is RequestStatus.ASSIGNED and request.assignee_id == liu.user_id
        assert request.due_at == NOW + timedelta(hours=2)
        assert [e.command for e in request.entries] == ["open", "assign"]
        with pytest.raises(NotFound):
            queries.get_visible(s, district.exporter, request_id)
    told = inbox.inbox(platform.sessions(), liu, False, 10, 0)
    assert [m.event_type for m in told.items] == [
        "liaison.request_assigned",
        "liaison.request_opened",
        "liaison.officer_assigned",
    ]
    with pytest.raises(PermissionDenied):
        _act(platform, request_id, RequestCommand.ANSWER, district.importer, body="self-served")
    with pytest.raises(RuleViolation):
        _act(platform, request_id, RequestCommand.ASSIGN, ADMIN, assignee_id=district.importer_id)
    _act(platform, request_id, RequestCommand.ANSWER, liu, body="reload directly from the train")
    answered = inbox.inbox(platform.sessions(), district.importer, False, 10, 0)
    assert answered.items[0].event_type == "liaison.request_answered"
    assert isinstance(platform.clock, FixedClock)
    platform.clock.advance(timedelta(hours=1))
    _act(platform, request_id, RequestCommand.FOLLOW_UP, district.importer, body="and the pellets?")
    with platform.sessions() as s:
        request = queries.get_visible(s, district.importer, request_id)
        assert request.status is RequestStatus.ASSIGNED
        assert request.due_at == NOW + timedelta(hours=3)
    _act(platform, request_id, RequestCommand.CLOSE, district.importer, body="thanks")
    assert count(platform, audit_events, audit_events.c.entity == "liaison_request") == 4


def test_refused_requests_write_nothing(platform: Platform, district: District) -> None:
    with pytest.raises(PermissionDenied):
        _open(platform, RISK, RequestCategory.QUESTION)
    with pytest.raises(RuleViolation) as refused:
        _open(
            platform, district.exporter, RequestCategory.QUESTION, declaration="0291-2026-E-999999"
        )
    assert refused.value.errors[0].rule == "unknown_declaration"
    assert count(platform, liaison_requests) == 0


def test_overdue_requests_are_escalated_once_per_window_up_to_the_limit(
    platform: Platform, district: District
) -> None:
    liaison_officer(platform, "liu")
    with platform.uow() as uow:
        services.sync_coordinators(uow, ADMIN, platform.clock)
    urgent = _open(platform, district.exporter, RequestCategory.URGENT_CLEARANCE)
    calm = _open(platform, district.exporter, RequestCategory.QUESTION)
    clock = platform.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(hours=2, minutes=1))
    with platform.uow() as uow:
        assert services.escalate_overdue(uow, clock, TERMS) == [urgent]
    with platform.uow() as uow:
        assert services.escalate_overdue(uow, clock, TERMS) == []  # a fresh 8-hour window
    clock.advance(timedelta(hours=8, minutes=1))
    with platform.uow() as uow:
        assert services.escalate_overdue(uow, clock, TERMS) == [urgent]
    clock.advance(timedelta(days=3))
    with platform.uow() as uow:  # level 2 is the top; the question is now late too
        assert services.escalate_overdue(uow, clock, TERMS) == [calm]
    with platform.sessions() as s:
        request = queries.get_visible(s, district.exporter, urgent)
        assert request.status is RequestStatus.ESCALATED and request.escalation_level == 2
        total, late = queries.list_visible(
            s, ADMIN, queries.RequestFilter(overdue_at=clock.now()), 10, 0
        )
        assert total == 1 and [r.id for r in late] == [urgent]  # still late, at the top
    coordinator_inbox = [
        m.event_type for m in inbox.inbox(platform.sessions(), _liu(platform), False, 20, 0).items
    ]
    assert coordinator_inbox.count("liaison.request_escalated") == 3


def _liu(platform: Platform) -> Actor:
    from clearway.identity.services import authenticate

    return authenticate(platform.sessions(), "liu", "liaison-pw-123")
