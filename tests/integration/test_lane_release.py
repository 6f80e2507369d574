"""Green and blue lanes release themselves in the submitting transaction when duty is covered;
a blue release opens a post-clearance audit task officers of the office take and close."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from clearway.api.app import create_app
from clearway.audit.tables import audit_events
from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Declaration, Lane
from clearway.declarations.status import Command, Milestone, Status
from clearway.identity.model import Actor, Role
from clearway.postclearance import queries, services
from clearway.postclearance.commands import FindingInput
from clearway.postclearance.events import PostClearanceAuditClosed
from clearway.postclearance.status import AuditStatus
from clearway.risk import services as risk
from clearway.risk.commands import RuleInput
from clearway.shared.errors import Conflict, NotFound, PermissionDenied, RuleViolation
from tests.builders import (
    HORGOS,
    ORDOS,
    RISK,
    District,
    bearer,
    make_declaration,
    real_user,
    seed_district,
)
from tests.conftest import QUIET, rewired
from tests.ore_support import guarantee

ORDOS_INSPECTOR = Actor(None, "ordos-inspector", Role.INSPECTION_OFFICER, office_code=ORDOS)
HORGOS_INSPECTOR = Actor(None, "horgos-inspector", Role.INSPECTION_OFFICER, office_code=HORGOS)


@pytest.fixture()
def district(platform: Platform) -> District:
    return seed_district(platform)


def releasing(platform: Platform, **settings: Any) -> Platform:
    """The district's defaults: screening routes at once, green and blue release themselves."""
    return rewired(
        platform, **(QUIET | {"auto_release_green": True, "auto_release_blue": True} | settings)
    )


def blue_for(platform: Platform, prefix: str) -> None:
    """A risk rule sending every line of the prefix to the blue lane."""
    data = RuleInput.model_validate(
        {
            "rule_code": f"BLUE-{prefix}",
            "description": "post-clearance audit sample",
            "criteria": {"field": "item.tariff_code", "op": "prefix", "value": prefix},
            "effect": {"lane": "blue"},
        }
    )
    with platform.uow() as uow:
        rule = risk.create_rule(uow, data, RISK, platform.clock)
    with platform.uow() as uow:
        risk.activate_rule(uow, rule.id, RISK, platform.clock)


def submit(platform: Platform, district: District, flow: str = "export") -> Declaration:
    actor = district.broker if flow == "import" else district.exporter
    extra = {"trader_id": district.importer_id} if flow == "import" else {}
    with platform.uow() as uow:
        number = declarations.create(
            uow, make_declaration(flow=flow, **extra), actor, platform.clock, 50
        ).number
    with platform.uow() as uow:
        declarations.act(
            uow, number, Command.SUBMIT, ActionInput(), actor, platform.clock, platform.submission
        )
    with platform.sessions() as s:
        found = declarations.get_visible(s, RISK, number)
        found.events  # noqa: B018 - loaded before the session ends
        return found


def test_a_green_export_owing_nothing_is_released_by_the_system_on_submission(
    platform: Platform, district: District
) -> None:
    done = submit(releasing(platform), district)
    assert (done.status, done.lane) == (Status.RELEASED, Lane.GREEN)
    release = done.events[-1]
    assert (release.command, release.actor, release.milestone) == ("release", "system", "E8")
    assert done.released_at == platform.clock.now()


def test_with_the_setting_off_green_waits_for_an_officer(
    platform: Platform, district: District
) -> None:
    done = submit(releasing(platform, auto_release_green=False), district)
    assert (done.status, done.lane) == (Status.RISK_ASSESSED, Lane.GREEN)
    assert Milestone.E8.value not in [e.milestone for e in done.events]


def test_a_green_import_with_duty_unpaid_and_no_guarantee_waits(
    platform: Platform, district: District
) -> None:
    done = submit(releasing(platform), district, flow="import")
    assert (done.status, done.lane, done.released_at) == (Status.RISK_ASSESSED, Lane.GREEN, None)


def test_a_green_import_secured_by_the_traders_guarantee_is_released(
    platform: Platform, district: District
) -> None:
    held = guarantee(platform, district.importer_id, "1000000")
    done = submit(releasing(platform), district, flow="import")
    assert done.status is Status.RELEASED
    assert [e.command for e in done.events][-3:] == ["assess_duty", "pay", "release"]
    assert "secured by guarantee" in done.events[-2].reason
    with platform.sessions() as s:
        left = s.get(type(held), held.id)
        assert left is not None and left.balance == Decimal("441000.00")  # 559,000 VAT drawn


def test_a_blue_release_opens_an_audit_task_the_office_takes_and_closes(
    platform: Platform, district: District
) -> None:
    blue_for(platform, "8507")
    done = submit(releasing(platform), district)
    assert (done.status, done.lane) == (Status.RELEASED, Lane.BLUE)
    with platform.sessions() as s:
        total, rows = queries.list_visible(s, ORDOS_INSPECTOR, AuditStatus.OPEN, 50, 0)
        assert total == 1 and rows[0].declaration_number == done.number
        assert queries.list_visible(s, HORGOS_INSPECTOR, None, 50, 0) == (0, [])
        assert queries.list_visible(s, RISK, None, 50, 0)[0] == 1  # district-wide
        with pytest.raises(NotFound):
            queries.get_visible(s, HORGOS_INSPECTOR, rows[0].id)
        with pytest.raises(PermissionDenied):
            queries.list_visible(s, district.exporter, None, 50, 0)
    task_id = rows[0].id
    with platform.uow() as uow:
        services.take(uow, task_id, ORDOS_INSPECTOR, platform.clock)
    closed: list[PostClearanceAuditClosed] = []
    watching = (*platform.handlers, (PostClearanceAuditClosed, lambda _s, e: closed.extend(e)))
    platform = replace(platform, handlers=watching)
    finding = FindingInput(finding="nonconform", kind="valuation", revenue_raised=Decimal("1200"))
    with platform.uow() as uow:
        services.close(uow, task_id, finding, ORDOS_INSPECTOR, platform.clock)
    assert [(e.finding, e.kind, e.revenue_raised) for e in closed] == [
        ("nonconform", "valuation", Decimal("1200"))
    ]
    with platform.sessions() as s:
        row = queries.row_of(s, task_id)
        actions = s.scalars(
            select(audit_events.c.action).where(audit_events.c.entity == "post_clearance_audit")
        ).all()
    assert (row.status, row.assignee, row.finding) == ("closed", "ordos-inspector", "nonconform")
    assert list(actions) == ["audit.taken", "audit.closed"]


def test_a_bad_finding_is_refused_naming_each_field_and_nothing_changes(
    platform: Platform, district: District
) -> None:
    blue_for(platform, "8507")
    submit(releasing(platform), district)
    with platform.sessions() as s:
        task_id = queries.list_visible(s, RISK, None, 50, 0)[1][0].id
    with pytest.raises(Conflict), platform.uow() as uow:  # taken first
        services.close(uow, task_id, FindingInput(finding="conform"), RISK, platform.clock)
    with platform.uow() as uow:
        services.take(uow, task_id, ORDOS_INSPECTOR, platform.clock)
    with pytest.raises(PermissionDenied), platform.uow() as uow:  # held by another officer
        services.close(uow, task_id, FindingInput(finding="conform"), RISK, platform.clock)
    with platform.uow() as uow:
        services.take(uow, task_id, RISK, platform.clock)
    bad = FindingInput(finding="nonconform", revenue_raised=Decimal("-1"))
    with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
        services.close(uow, task_id, bad, RISK, platform.clock)
    assert [(e.path, e.rule) for e in refused.value.errors] == [
        ("kind", "audit.kind_required"),
        ("revenue_raised", "audit.revenue_negative"),
    ]
    with platform.sessions() as s:
        assert queries.row_of(s, task_id).status == "taken"


def test_the_queue_over_the_api_refuses_bad_findings_by_field_and_writes_nothing(
    platform: Platform, district: District
) -> None:
    blue_for(platform, "8507")
    submit(releasing(platform), district)
    ordos = bearer(platform, real_user(platform, "pca-ordos", Role.INSPECTION_OFFICER, None, ORDOS))
    horgos = bearer(
        platform, real_user(platform, "pca-horgos", Role.INSPECTION_OFFICER, None, HORGOS)
    )
    trader = bearer(
        platform, real_user(platform, "pca-trader", Role.ENTERPRISE_USER, district.exporter_id)
    )
    client = TestClient(create_app(platform))
    url = "/api/v1/post-clearance-audits"
    listed = client.get(url, params={"status": "open"}, headers=ordos).json()
    assert listed["total"] == 1 and listed["items"][0]["allowed_commands"] == ["take"]
    task = listed["items"][0]["id"]
    assert client.get(url, headers=horgos).json()["total"] == 0
    assert client.get(f"{url}/{task}", headers=horgos).status_code == 404
    assert client.get(url, headers=trader).status_code == 403
    assert client.get(url, params={"status": "lost"}, headers=ordos).status_code == 422
    assert client.post(f"{url}/{task}/take", headers=ordos).json()["assignee"] == "pca-ordos"
    bad = client.post(
        f"{url}/{task}/close",
        json={"finding": "nonconform", "kind": "smuggling", "revenue_raised": "1e400"},
        headers=ordos,
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert sorted(e["path"] for e in bad.json()["errors"]) == ["kind", "revenue_raised"]
    unfit = client.post(f"{url}/{task}/close", json={"finding": "nonconform"}, headers=ordos)
    assert [(e["path"], e["rule"]) for e in unfit.json()["errors"]] == [
        ("kind", "audit.kind_required"),
        ("revenue_raised", "audit.revenue_required"),
    ]
    assert client.get(f"{url}/{task}", headers=ordos).json()["status"] == "taken"
    done = client.post(
        f"{url}/{task}/close",
        json={"finding": "nonconform", "kind": "origin", "revenue_raised": "0"},
        headers=ordos,
    )
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["allowed_commands"]) == ("closed", [])
    again = client.post(f"{url}/{task}/close", json={"finding": "conform"}, headers=ordos)
    assert again.status_code == 409
