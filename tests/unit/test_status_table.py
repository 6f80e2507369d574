"""The declaration status table, over every (status, command) pair."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from clearway.declarations.model import Declaration, DeclarationItem, Flow, Lane
from clearway.declarations.status import PREVIOUS, SAME, TRANSITIONS, Command, Milestone, Status
from clearway.identity.model import Actor, Role
from clearway.shared.errors import IllegalTransition, RuleViolation

AT = datetime(2026, 11, 20, tzinfo=UTC)
OFFICER = Actor(user_id=1, username="risk", role=Role.RISK_OFFICER)


def _declaration(status: Status) -> Declaration:
    d = Declaration(
        number="0291-2026-E-000001", flow=Flow.EXPORT, duty_amount=Decimal(0), updated_at=AT
    )
    d.items = [DeclarationItem(line_no=1, tariff_code="8507600030")]
    d.status = status
    if status is Status.SUSPENDED:
        d.suspended_from = Status.INSPECTION
    return d


@pytest.mark.parametrize(("status", "command"), list(itertools.product(Status, Command)))
def test_every_pair_follows_the_table(status: Status, command: Command) -> None:
    d = _declaration(status)
    move = TRANSITIONS.get((status, command))
    if move is None:
        with pytest.raises(IllegalTransition) as refused:
            d.apply(command, OFFICER, AT, reason="because", lane=Lane.RED)
        assert refused.value.extra["current_status"] == status.value
        assert refused.value.extra["command"] == command.value
        assert d.status is status and d.events == []
        return
    event = d.apply(command, OFFICER, AT, reason="because", lane=Lane.RED)
    expected = {PREVIOUS: Status.INSPECTION, SAME: status}.get(str(move.target), move.target)
    assert d.status == expected
    assert event.from_status == status.value and event.to_status == d.status.value
    assert event.actor == "risk" and event.actor_role == "risk_officer"
    assert event.milestone == (move.milestone.value if move.milestone else None)


def test_final_statuses_allow_nothing_but_nothing() -> None:
    for status in (Status.CLOSED, Status.CANCELLED, Status.REJECTED):
        assert not [c for (s, c) in TRANSITIONS if s is status]


def test_every_status_is_reachable_from_draft() -> None:
    reached, frontier = {Status.DRAFT}, [Status.DRAFT]
    while frontier:
        current = frontier.pop()
        for (s, _c), move in TRANSITIONS.items():
            if s is current and isinstance(move.target, Status) and move.target not in reached:
                reached.add(move.target)
                frontier.append(move.target)
    assert reached == set(Status)


def test_milestones_cover_the_release_study() -> None:
    marked = {m.milestone for m in TRANSITIONS.values() if m.milestone}
    assert marked == set(Milestone)


@pytest.mark.parametrize("command", [Command.REJECT, Command.SUSPEND, Command.REROUTE])
def test_refusing_commands_need_a_reason(command: Command) -> None:
    status = {
        Command.REJECT: Status.SUBMITTED,
        Command.SUSPEND: Status.ACCEPTED,
        Command.REROUTE: Status.RISK_ASSESSED,
    }[command]
    d = _declaration(status)
    with pytest.raises(RuleViolation) as refused:
        d.apply(command, OFFICER, AT, reason="  ", lane=Lane.RED)
    assert refused.value.errors[0].path == "reason"
    assert d.status is status


def test_assigning_a_lane_needs_the_lane() -> None:
    d = _declaration(Status.ACCEPTED)
    with pytest.raises(RuleViolation) as refused:
        d.apply(Command.ASSIGN_LANE, OFFICER, AT, reason="profile")
    assert refused.value.errors[0].path == "lane"


def test_release_waits_for_payment_when_duty_is_due() -> None:
    d = _declaration(Status.DUTY_ASSESSED)
    d.duty_amount = Decimal("100.00")
    with pytest.raises(IllegalTransition):
        d.apply(Command.RELEASE, OFFICER, AT)
    d.apply(Command.PAY, OFFICER, AT)
    d.apply(Command.RELEASE, OFFICER, AT)
    assert d.status is Status.RELEASED and d.released_at == AT


def test_resume_returns_to_where_it_was_suspended() -> None:
    d = _declaration(Status.DOCUMENT_CHECK)
    d.apply(Command.SUSPEND, OFFICER, AT, reason="origin verification")
    d.apply(Command.RESUME, OFFICER, AT)
    assert d.status is Status.DOCUMENT_CHECK and d.suspended_from is None
