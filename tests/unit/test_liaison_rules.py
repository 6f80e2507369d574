"""Liaison rules and the request aggregate without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from clearway.enterprises.model import CreditLevel
from clearway.identity.model import Actor, Role
from clearway.liaison.model import LiaisonRequest, RequestCategory
from clearway.liaison.rules import due_at, least_loaded, needs_coordinator
from clearway.liaison.status import (
    REQUEST_TRANSITIONS,
    SAME,
    RequestCommand,
    RequestStatus,
)
from clearway.shared.errors import Conflict, RuleViolation

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
ENTERPRISE = Actor(user_id=7, username="importer", role=Role.ENTERPRISE_USER, enterprise_id=2)
OFFICER = Actor(user_id=11, username="liaison", role=Role.LIAISON_OFFICER)


def _request(category: RequestCategory = RequestCategory.QUESTION) -> LiaisonRequest:
    return LiaisonRequest(2, category, "subject", "body", None, ENTERPRISE, NOW, NOW)


def test_deadline_follows_the_category_and_the_district_setting() -> None:
    hours = {"urgent_clearance": 2.0, "question": 48.0}
    assert due_at("urgent_clearance", NOW, hours) == NOW + timedelta(hours=2)
    assert due_at("question", NOW, hours) == NOW + timedelta(hours=48)
    assert due_at("complaint", NOW, hours) == NOW + timedelta(hours=120)  # built-in default


def test_only_advanced_certified_enterprises_are_entitled_to_a_coordinator() -> None:
    assert [level for level in CreditLevel if needs_coordinator(level)] == [
        CreditLevel.ADVANCED_CERTIFIED
    ]


def test_work_goes_to_the_least_loaded_officer_then_the_lowest_id() -> None:
    assert least_loaded({5: 3, 9: 1, 4: 1}) == 4
    assert least_loaded({}) is None


@pytest.mark.parametrize("status", list(RequestStatus))
@pytest.mark.parametrize("command", [c for c in RequestCommand if c is not RequestCommand.OPEN])
def test_request_moves_only_as_the_table_says(
    status: RequestStatus, command: RequestCommand
) -> None:
    request = _request()
    request.status = status
    target = REQUEST_TRANSITIONS.get((status, command))
    assert REQUEST_TRANSITIONS.find(status, command) == target
    kwargs = {"body": "text", "assignee_id": 11}
    if target is None:
        with pytest.raises(Conflict):
            request.apply(command, OFFICER, NOW, **kwargs)  # type: ignore[arg-type]
        assert request.status is status and len(request.entries) == 1
    else:
        request.apply(command, OFFICER, NOW, **kwargs)  # type: ignore[arg-type]
        assert request.status is (status if target == SAME else target)
        assert request.entries[-1].command == command.value


def test_closed_requests_accept_nothing_more() -> None:
    request = _request()
    request.apply(RequestCommand.CLOSE, ENTERPRISE, NOW)
    assert request.closed_at == NOW
    for command in (RequestCommand.ANSWER, RequestCommand.FOLLOW_UP, RequestCommand.ESCALATE):
        with pytest.raises(Conflict):
            request.apply(command, OFFICER, NOW, body="x")


def test_answer_and_escalation_need_a_text_and_leave_a_timeline() -> None:
    request = _request(RequestCategory.URGENT_CLEARANCE)
    with pytest.raises(RuleViolation):
        request.apply(RequestCommand.ANSWER, OFFICER, NOW, body="  ")
    later = NOW + timedelta(hours=3)
    assert request.overdue(later)
    window = later + timedelta(hours=8)
    request.apply(RequestCommand.ESCALATE, OFFICER, later, "late", due_at=window)
    request.apply(RequestCommand.ANSWER, OFFICER, later, "released on arrival")
    assert request.status is RequestStatus.ANSWERED and request.escalation_level == 1
    assert request.assignee_id == OFFICER.user_id and not request.overdue(later)
    assert [e.seq for e in request.entries] == [1, 2, 3]
    assert [e.to_status for e in request.entries] == ["open", "escalated", "answered"]
