"""The risk API over HTTP: rule management, 422 paths, tenancy, screening and watch endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.identity.model import Role
from tests.builders import District, bearer, declaration_body, real_user, seed_district
from tests.conftest import rewired

API = "/api/v1"
ORE = {"field": "item.tariff_code", "op": "prefix", "value": "2601"}


def _headers(
    platform: Platform, username: str, role: Role, enterprise_id: int | None = None
) -> dict[str, str]:
    return bearer(platform, real_user(platform, username, role, enterprise_id))


class Api:
    def __init__(self, client: TestClient, platform: Platform, district: District) -> None:
        self.client, self.platform, self.district = client, platform, district
        self.risk = _headers(platform, "risk", Role.RISK_OFFICER)
        self.inspector = _headers(platform, "inspector", Role.INSPECTION_OFFICER)
        self.exporter = _headers(platform, "exporter", Role.ENTERPRISE_USER, district.exporter_id)

    def post(self, path: str, who: dict[str, str], body: Any = None) -> Any:
        return self.client.post(API + path, json=body, headers=who)

    def get(self, path: str, who: dict[str, str]) -> Any:
        return self.client.get(API + path, headers=who)


@pytest.fixture()
def api(platform: Platform) -> Iterator[Api]:
    district = seed_district(platform)
    wired = rewired(platform)
    with TestClient(create_app(wired)) as client:
        yield Api(client, wired, district)


def _rule(criteria: Any, **over: Any) -> dict[str, Any]:
    body = {
        "rule_code": "ORE-CHECK",
        "description": "Iron ore imports get a document check",
        "criteria": criteria,
        "effect": {"lane": "yellow"},
        "instructions": ["radiation screening"],
    }
    body.update(over)
    return body


@pytest.mark.parametrize(
    ("criteria", "path", "rule"),
    [
        (
            {"all": [ORE, {"field": "item.colour", "op": "eq", "value": "red"}]},
            "criteria.all.1.field",
            "unknown_field",
        ),
        ({"field": "header.total_value", "op": "gt", "value": "a lot"}, "criteria.value", "type"),
        (
            {"field": "item.origin_country", "op": "in_list", "list": "mainstream"},
            "criteria.list",
            "unknown_list",
        ),
    ],
)
def test_a_broken_rule_is_refused_with_its_path(
    api: Api, criteria: Any, path: str, rule: str
) -> None:
    response = api.post("/risk/rules", api.risk, _rule(criteria))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/validation")
    assert [(e["path"], e["rule"]) for e in problem["errors"]] == [(path, rule)]


def test_shape_errors_are_422_too(api: Api) -> None:
    response = api.post("/risk/rules", api.risk, _rule(ORE, effect={"lane": "purple"}))
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "effect.lane"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/risk/rules", _rule(ORE)),
        ("get", "/risk/rules", None),
        ("get", "/risk/lists", None),
        ("get", "/risk/stats/lanes", None),
        (
            "post",
            "/risk/rules/backtest",
            {"criteria": ORE, "date_from": "2026-11-01", "date_to": "2026-11-30"},
        ),
    ],
)
def test_enterprise_users_get_403(api: Api, method: str, path: str, body: Any) -> None:
    response = getattr(api, method)(path, api.exporter, *([body] if method == "post" else []))
    assert response.status_code == 403, response.text


def test_rule_management_screening_and_watch(api: Api) -> None:
    listed = api.post(
        "/risk/lists",
        api.risk,
        {"name": "mainstream", "kind": "countries", "values": ["AU", "BR", "KZ"]},
    )
    assert listed.status_code == 201 and listed.json()["version"] == 1
    created = api.post(
        "/risk/rules",
        api.risk,
        _rule(
            {
                "all": [
                    ORE,
                    {
                        "not": {
                            "field": "item.origin_country",
                            "op": "in_list",
                            "list": "mainstream",
                        }
                    },
                ]
            }
        ),
    )
    assert created.status_code == 201, created.text
    rule_id = created.json()["id"]
    changed = api.client.put(
        f"{API}/risk/rules/{rule_id}",
        headers=api.risk,
        json={k: v for k, v in _rule(ORE).items() if k != "rule_code"},
    )
    assert changed.json()["version"] == 2 and changed.json()["status"] == "draft"
    assert api.post(f"/risk/rules/{rule_id}/activate", api.inspector).status_code == 403
    active = api.post(f"/risk/rules/{changed.json()['id']}/activate", api.risk)
    assert active.json()["status"] == "active"
    again = api.post(f"/risk/rules/{rule_id}/retire", api.risk, {"reason": "superseded"})
    assert again.json()["status"] == "retired"
    assert api.post(f"/risk/rules/{rule_id}/activate", api.risk).status_code == 409

    body = declaration_body(flow="import", trader_id=api.district.importer_id)
    broker = _headers(api.platform, "broker", Role.BROKER_USER, api.district.broker_id)
    number = api.post("/declarations", broker, body).json()["number"]
    submitted = api.post(f"/declarations/{number}/actions/submit", broker)
    assert submitted.json()["status"] == "risk_assessed", submitted.text
    assert submitted.json()["lane"] in ("yellow", "red")
    screening = api.get(f"/risk/declarations/{number}/screening", api.inspector).json()
    # The rule's instruction, then the ore category's (classified management, docs/ore.md).
    assert screening["instructions"][0] == "radiation screening"
    assert screening["instructions"][1].startswith("ore category B:")
    assert any(r["code"] == "ORE-CHECK v2" for r in screening["reasons"])
    assert api.get(f"/risk/declarations/{number}/screening", broker).status_code == 403

    backtest = api.post(
        "/risk/rules/backtest",
        api.risk,
        {"criteria": ORE, "date_from": "2026-11-01", "date_to": "2026-11-30"},
    )
    assert backtest.json()["declarations"] == 1 and backtest.json()["hits"] == 1
    for watch in ("rules", "lanes", "lift", "drift"):
        response = api.get(f"/risk/stats/{watch}?date_from=2026-11-01", api.risk)
        assert response.status_code == 200, response.text
    assert api.get("/risk/stats/rules", api.risk).json()[0]["hits"] == 1
    exported = api.get("/risk/ruleset", api.risk).json()
    assert [r["rule_code"] for r in exported["rules"]] == ["ORE-CHECK"]


def test_starting_the_api_screens_what_was_left_pending(platform: Platform) -> None:
    district = seed_district(platform)
    exporter = _headers(platform, "exporter", Role.ENTERPRISE_USER, district.exporter_id)
    unscreened = replace(platform, submission=replace(platform.submission, screener=None))
    with TestClient(create_app(unscreened)) as client:  # screening off
        number = client.post(
            f"{API}/declarations", json=declaration_body(), headers=exporter
        ).json()["number"]
        stuck = client.post(f"{API}/declarations/{number}/actions/submit", headers=exporter)
        assert stuck.json()["status"] == "submitted"
    with TestClient(create_app(rewired(platform))) as client:
        assert (
            client.get(f"{API}/declarations/{number}", headers=exporter).json()["status"]
            == "risk_assessed"
        )
