"""The licence register through HTTP: customs records, the holder reads its own, a declaration
that names an exhausted or expired licence answers 422 naming ``items[0].licence_number`` and
the rule, and nothing is written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.declarations.tables import declarations
from clearway.identity.model import Role
from clearway.licensing.tables import licences
from tests.builders import District, bearer, declaration_body, ore_item, real_user, seed_district
from tests.licensing_support import VALID_TO, licence_body, require_licence


@pytest.fixture()
def district(platform: Platform) -> District:
    found = seed_district(platform)
    require_licence(platform)
    return found


@pytest.fixture()
def client(platform: Platform) -> TestClient:
    return TestClient(create_app(platform))


def _headers(platform: Platform, name: str, role: Role, enterprise: int | None = None) -> Any:
    return bearer(platform, real_user(platform, name, role, enterprise))


def _count(platform: Platform, table: Any) -> int:
    with platform.sessions() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_customs_records_and_the_holder_reads_its_own(
    platform: Platform, district: District, client: TestClient
) -> None:
    officer = _headers(platform, "docdesk", Role.INSPECTION_OFFICER)
    made = client.post("/api/v1/licences", json=licence_body(district.importer_id), headers=officer)
    assert made.status_code == 201, made.text
    assert Decimal(made.json()["balance"]) == 5_000_000
    holder = _headers(platform, "importer", Role.ENTERPRISE_USER, district.importer_id)
    assert [x["number"] for x in client.get("/api/v1/licences", headers=holder).json()] == [
        "26-AIL-000123"
    ]
    stranger = _headers(platform, "exporter", Role.ENTERPRISE_USER, district.exporter_id)
    assert client.get("/api/v1/licences", headers=stranger).json() == []
    assert client.get("/api/v1/licences/26-AIL-000123", headers=stranger).status_code == 404


def test_a_trader_may_not_record_its_own_licence(
    platform: Platform, district: District, client: TestClient
) -> None:
    holder = _headers(platform, "importer", Role.ENTERPRISE_USER, district.importer_id)
    got = client.post("/api/v1/licences", json=licence_body(district.importer_id), headers=holder)
    assert got.status_code == 403
    assert _count(platform, licences) == 0


@pytest.mark.parametrize(
    ("override", "path", "rule"),
    [
        ({"condition_code": "A"}, "condition_code", "licence_condition"),
        ({"valid_to": "2026-09-30"}, "valid_to", "period"),
        ({"quantity_granted": "0"}, "quantity_granted", None),
        ({"hs_scope": ["26x"]}, "hs_scope.0", None),
    ],
)
def test_bad_licences_are_refused_by_field(
    platform: Platform,
    district: District,
    client: TestClient,
    override: dict[str, Any],
    path: str,
    rule: str | None,
) -> None:
    officer = _headers(platform, "admin1", Role.ADMINISTRATOR)
    body = licence_body(district.importer_id, **override)
    got = client.post("/api/v1/licences", json=body, headers=officer)
    assert got.status_code == 422, got.text
    errors = got.json()["errors"]
    assert path in {e["path"] for e in errors}, errors
    if rule is not None:
        assert rule in {e["rule"] for e in errors}
    assert _count(platform, licences) == 0


@pytest.mark.parametrize(
    ("kg", "day", "rule"),
    [
        pytest.param("5000001", VALID_TO, "licence_balance", id="one-over-the-balance"),
        pytest.param("100", "2026-11-21", "licence_validity", id="day-after-expiry"),
    ],
)
def test_an_exhausted_or_expired_licence_answers_422_and_writes_nothing(
    platform: Platform, district: District, client: TestClient, kg: str, day: Any, rule: str
) -> None:
    officer = _headers(platform, "admin1", Role.ADMINISTRATOR)
    assert client.post(
        "/api/v1/licences", json=licence_body(district.importer_id), headers=officer
    ).is_success
    holder = _headers(platform, "importer", Role.ENTERPRISE_USER, district.importer_id)
    body = declaration_body(
        "import",
        [ore_item(kg=kg, licence_number="26-AIL-000123")],
        declaration_date=str(day),
    )
    before = _count(platform, declarations)
    got = client.post("/api/v1/declarations?submit=true", json=body, headers=holder)
    assert got.status_code == 422, got.text
    problem = got.json()
    assert {(e["path"], e["rule"]) for e in problem["errors"]} == {
        ("items[0].licence_number", rule)
    }
    assert _count(platform, declarations) == before
    shown = client.get("/api/v1/licences/26-AIL-000123", headers=holder).json()
    assert Decimal(shown["drawn_down"]) == 0 and shown["drawdowns"] == []
