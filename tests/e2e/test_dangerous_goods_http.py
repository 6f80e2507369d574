"""Lithium-battery checks end to end over HTTP: check, refuse with every finding, route."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from clearway.declarations.disclosure import plain_lane_reason
from clearway.enterprises.model import CreditLevel, EnterpriseRole
from clearway.identity.model import Role
from tests.builders import NOW, TODAY, real_user, register_enterprise, token_for
from tests.dangerous_goods_support import (
    ALL_SOFT,
    BAD_RULES,
    QUIET,
    bad_export,
    certificates,
    lithium_export,
    lithium_item,
    wired,
)
from tests.e2e.conftest import LiveApi

API = "/api/v1"


def wire(live: LiveApi, **settings: Any) -> None:
    """Put the checks and screening into the live server's submissions."""
    configured = wired(live.platform, **settings)
    live.platform.settings = configured.settings
    live.platform.submission = configured.submission


def lodge(client: httpx.Client, body: dict[str, Any]) -> str:
    created = client.post(f"{API}/declarations", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["number"])


def submit(client: httpx.Client, number: str) -> httpx.Response:
    return client.post(f"{API}/declarations/{number}/actions/submit")


def test_check_reports_findings_without_lodging_anything(live: LiveApi) -> None:
    wire(live, **QUIET)
    with live.client("exporter") as exporter:
        before = exporter.get(f"{API}/declarations").json()["total"]
        bad = exporter.post(f"{API}/dangerous-goods/check", json=bad_export())
        damaged_body = bad_export()
        damaged_body["items"][0]["dangerous_goods"]["damaged"] = True
        damaged = exporter.post(f"{API}/dangerous-goods/check", json=damaged_body).json()
        good = exporter.post(f"{API}/dangerous-goods/check", json=lithium_export())
        after = exporter.get(f"{API}/declarations").json()["total"]
    assert bad.status_code == 200, bad.text
    result = bad.json()
    assert result["outcome"] == "refused" and result["transport_mode"] == "air"
    assert {f["rule"] for f in result["findings"] if f["severity"] == "hard"} == BAD_RULES
    assert [f for f in result["findings"] if f["severity"] == "soft"] == []
    # damaged as well: flagged for P908 (soft, red) and, by air, refused whatever the district says
    hard = {f["rule"] for f in damaged["findings"] if f["severity"] == "hard"}
    assert hard == BAD_RULES | {"dg.damaged_by_air"}
    assert [f["lane"] for f in damaged["findings"] if f["severity"] == "soft"] == ["red"]
    assert result["required_certificates"] == [
        "un38_3_summary",
        "packaging_performance_sheet",
        "usage_appraisal_sheet",
    ]
    assert good.json()["outcome"] == "passed" and good.json()["findings"] == []
    assert before == after


@pytest.mark.parametrize(
    ("at", "outcome"),
    [
        (timedelta(seconds=-1), "passed"),  # 23:59:59 on the appraisal's last valid day
        (timedelta(0), "refused"),  # midnight: the next day, one day too late by air
        (timedelta(seconds=1), "refused"),
    ],
)
def test_without_a_declaration_date_the_clock_gives_the_shipping_date(
    live: LiveApi, at: timedelta, outcome: str
) -> None:
    wire(live)  # the district's default checks
    issued = TODAY - timedelta(days=92)  # 2026-08-20: valid by air through 2026-11-20
    body = lithium_export(documents=certificates(appraisal_issued=issued), transport_mode="air")
    del body["declaration_date"]
    midnight = datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=UTC) + timedelta(days=1)
    live.platform.clock.set(midnight + at)  # type: ignore[attr-defined]
    try:
        with live.client("exporter") as exporter:
            result = exporter.post(f"{API}/dangerous-goods/check", json=body).json()
    finally:
        live.platform.clock.set(NOW)  # type: ignore[attr-defined]
    assert result["outcome"] == outcome
    if outcome == "refused":
        assert [f["rule"] for f in result["findings"]] == ["dg.appraisal_validity"]


def test_submission_refused_with_every_failed_check_and_nothing_changed(live: LiveApi) -> None:
    wire(live, **QUIET)
    with live.client("exporter") as exporter:
        number = lodge(exporter, bad_export())
        before = exporter.get(f"{API}/declarations/{number}").json()
        refused = submit(exporter, number)
        after = exporter.get(f"{API}/declarations/{number}").json()
        stored = exporter.get(f"{API}/declarations/{number}/dangerous-goods").json()
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert {e["rule"] for e in problem["errors"]} == BAD_RULES
    assert all(
        e["path"].startswith(("items.0.dangerous_goods.", "documents.")) for e in problem["errors"]
    )
    assert "lithium-battery" in problem["detail"]
    assert after["status"] == "draft" and after["version"] == before["version"]
    assert after["events"] == before["events"] == []
    assert stored == []


def test_soft_findings_route_to_the_lane_floor_with_the_reasons(live: LiveApi) -> None:
    wire(live, **QUIET, **ALL_SOFT)
    with live.client("exporter") as exporter:
        number = lodge(exporter, bad_export())
        done = submit(exporter, number)
        stored = exporter.get(f"{API}/declarations/{number}/dangerous-goods").json()
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "risk_assessed" and done.json()["lane"] == "red"
    # The exporter reads its findings from the checks, and the lane plainly; customs read
    # the targeting reason with its rule ids.
    assert done.json()["lane_reason"] == plain_lane_reason("red")
    [check] = stored
    assert check["outcome"] == "routed" and check["lane_floor"] == "red"
    assert {f["rule"] for f in check["findings"]} == BAD_RULES
    with live.client("risk") as risk:
        assert (
            "dg.sp188_packaging" in risk.get(f"{API}/declarations/{number}").json()["lane_reason"]
        )
        screening = risk.get(f"{API}/risk/declarations/{number}/screening").json()
    assert screening["selected_by"] == "submission_check"
    assert any(r["code"] == "dg.state_of_charge" for r in screening["reasons"])


def _exporter_at(live: LiveApi, n: int, level: CreditLevel) -> httpx.Client:
    """A new exporting enterprise at this credit level, with a signed-in user."""
    enterprise = register_enterprise(
        live.platform, n, f"鄂尔多斯测试锂电 {level.value}", [EnterpriseRole.TRADER], level
    )
    actor = real_user(live.platform, f"exporter_{level.value}", Role.ENTERPRISE_USER, enterprise)
    token = token_for(live.platform, actor)
    return httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {token}"}, timeout=60)


@pytest.mark.parametrize(
    ("n", "level"),
    [
        (11, CreditLevel.ADVANCED_CERTIFIED),
        (12, CreditLevel.REGULAR),
        (13, CreditLevel.DISHONEST),
    ],
)
def test_enterprises_at_every_credit_level_meet_the_same_checks(
    live: LiveApi, n: int, level: CreditLevel
) -> None:
    wire(live, **QUIET)
    with _exporter_at(live, n, level) as exporter:
        clean = submit(exporter, lodge(exporter, lithium_export()))
        damaged = submit(exporter, lodge(exporter, lithium_export([lithium_item(damaged=True)])))
        refused = submit(exporter, lodge(exporter, bad_export()))
    assert clean.status_code == 200 and clean.json()["status"] == "risk_assessed"
    assert damaged.json()["lane"] == "red"
    assert damaged.json()["lane_reason"] == plain_lane_reason("red")
    with live.client("risk") as risk:
        officer_view = risk.get(f"{API}/declarations/{damaged.json()['number']}").json()
    assert "dg.damaged" in officer_view["lane_reason"]
    assert refused.status_code == 422
    assert {e["rule"] for e in refused.json()["errors"]} == BAD_RULES


def test_stored_checks_follow_tenancy_and_checking_needs_sign_in(live: LiveApi) -> None:
    wire(live, **QUIET)
    with live.client("exporter") as exporter:
        number = lodge(exporter, lithium_export())
        assert submit(exporter, number).status_code == 200
        assert (
            exporter.get(f"{API}/declarations/{number}/dangerous-goods").json()[0]["outcome"]
            == "passed"
        )
    with live.client("importer") as importer:
        assert importer.get(f"{API}/declarations/{number}/dangerous-goods").status_code == 404
    with live.client("inspector") as inspector:
        assert inspector.get(f"{API}/declarations/{number}/dangerous-goods").status_code == 200
    with live.client() as anonymous:
        assert (
            anonymous.post(f"{API}/dangerous-goods/check", json=lithium_export()).status_code == 401
        )


def test_malformed_battery_facts_are_refused_naming_the_field(live: LiveApi) -> None:
    body = lithium_export([lithium_item(un_number="3480", watt_hours="-5")])
    with live.client("exporter") as exporter:
        refused = exporter.post(f"{API}/dangerous-goods/check", json=body)
    assert refused.status_code == 422
    paths = {e["path"] for e in refused.json()["errors"]}
    assert paths == {
        "items.0.dangerous_goods.un_number",
        "items.0.dangerous_goods.watt_hours",
    }
