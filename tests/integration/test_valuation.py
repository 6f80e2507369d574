"""Valuation over HTTP: the customs value built from the price terms, the monthly customs rate,
and duty and VAT per item on each item's share of the CIF value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.declarations.tables import declarations
from clearway.identity.model import Actor
from tests.builders import District, bearer, declaration_body, ore_item, real_user, seed_district

API = "/api/v1"


@pytest.fixture()
def district(platform: Platform) -> District:
    return seed_district(platform)


@pytest.fixture()
def client(platform: Platform) -> TestClient:
    return TestClient(create_app(platform))


def _import(day: str, **overrides: Any) -> dict[str, Any]:
    items = [ore_item("100000.00", kg="1000000"), ore_item("300000.00", kg="3000000")]
    body = declaration_body("import", items=items, currency="USD", declaration_date=day)
    body.update(overrides)
    return body


def _as(platform: Platform, actor: Actor) -> dict[str, str]:
    return bearer(platform, real_user(platform, actor.username, actor.role, actor.enterprise_id))


def _count(platform: Platform) -> int:
    with platform.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(declarations)) or 0)


def _lodge(client: TestClient, platform: Platform, district: District, body: dict[str, Any]) -> Any:
    return client.post(f"{API}/declarations", json=body, headers=_as(platform, district.importer))


def _notice(client: TestClient, platform: Platform, district: District, number: str) -> Any:
    headers = _as(platform, district.importer)
    return client.get(f"{API}/bonded/tax/{number}", headers=headers).json()


def test_fob_import_is_valued_cif_with_the_default_insurance_and_taxed_per_item(
    client: TestClient, platform: Platform, district: District
) -> None:
    lodged = _lodge(
        client, platform, district, _import("2024-03-31", price_terms="FOB", freight="8000")
    )
    assert lodged.status_code == 201, lodged.text
    assert lodged.json()["price_terms"] == "FOB"
    notice = _notice(client, platform, district, lodged.json()["number"])
    valuation = notice["valuation"]
    # insurance unknown: 3 per mille of (400 000 + 8 000) = 1 224; CIF 409 224 USD
    assert valuation["insurance_defaulted"] is True
    assert Decimal(valuation["insurance"]) == Decimal("1224")
    assert Decimal(valuation["value"]) == Decimal("409224")
    # March's rate 7.2175; items share the CIF value pro rata to their price (1 : 3)
    first, second = notice["items"]
    assert Decimal(first["customs_value_cny"]) == Decimal("738393.56")  # 102 306 x 7.2175
    assert Decimal(second["customs_value_cny"]) == Decimal("2215180.67")  # 306 918 x 7.2175
    assert (first["duty"], second["duty"]) == ("0.00", "0.00")  # iron ore: MFN 0 %
    assert Decimal(first["vat"]) == Decimal("95991.16")  # 13 %
    assert Decimal(notice["vat"]) == Decimal(first["vat"]) + Decimal(second["vat"])


def test_the_month_of_the_declaration_picks_the_customs_rate(
    client: TestClient, platform: Platform, district: District
) -> None:
    rates = []
    for day in ("2024-03-31", "2024-04-01"):
        lodged = _lodge(client, platform, district, _import(day, price_terms="CIF"))
        assert lodged.status_code == 201, lodged.text
        rates.append(_notice(client, platform, district, lodged.json()["number"])["cny_per_unit"])
    assert [Decimal(r) for r in rates] == [Decimal("7.2175"), Decimal("7.2200")]


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"price_terms": "FOB"}, "freight"),  # FOB import without freight: no CIF value
        ({"freight": "100"}, "price_terms"),  # charges with no terms to place them
        ({"price_terms": "DDP", "deductions": "400000.00"}, "deductions"),
    ],
)
def test_a_value_that_cannot_be_built_is_refused_with_its_field_and_nothing_written(
    client: TestClient,
    platform: Platform,
    district: District,
    overrides: dict[str, str],
    path: str,
) -> None:
    before = _count(platform)
    refused = _lodge(client, platform, district, _import("2024-03-31", **overrides))
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert path in {e["path"] for e in refused.json()["errors"]}
    assert _count(platform) == before


def test_an_export_on_cif_terms_is_valued_fob(
    client: TestClient, platform: Platform, district: District
) -> None:
    body = declaration_body(price_terms="CIF", freight="20000.00", insurance="1260.00")
    lodged = client.post(f"{API}/declarations", json=body, headers=_as(platform, district.exporter))
    assert lodged.status_code == 201, lodged.text
    headers = _as(platform, district.exporter)
    notice = client.get(f"{API}/bonded/tax/{lodged.json()['number']}", headers=headers).json()
    assert notice["valuation"]["basis"] == "FOB"
    assert Decimal(notice["valuation"]["value"]) == Decimal("398740.00")  # 420 000 - 20 000 - 1 260
