"""Each bound of clearway.shared.bounds as a declarant meets it over HTTP: a 422 naming the
field and the rule, and no declaration written (docs/input_bounds.md)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.declarations.tables import declaration_items, declarations
from tests.builders import battery_item, bearer, declaration_body, real_user, seed_district

API = "/api/v1/declarations"


@pytest.fixture()
def declarant(platform: Platform) -> tuple[TestClient, dict[str, str]]:
    district = seed_district(platform)
    actor = real_user(platform, "exporter", district.exporter.role, district.exporter_id)
    return TestClient(create_app(platform)), bearer(platform, actor)


def _count(platform: Platform) -> tuple[int, int]:
    with platform.uow() as uow:
        return tuple(  # type: ignore[return-value]
            int(uow.session.scalar(select(func.count()).select_from(t)) or 0)
            for t in (declarations, declaration_items)
        )


def _refused(answer: Any, path: str, rule: str | None = None) -> dict[str, str]:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    named = [e for e in answer.json()["errors"] if e["path"] == path]
    assert named, answer.json()["errors"]
    if rule is not None:
        assert named[0]["rule"] == rule, named
    return named[0]


# A quantity however the infinity or the not-a-number is spelt: as JSON strings, and as the
# bare tokens Python's JSON parser accepts (1e309 overflows a float to infinity).
SPELLINGS = [
    '"1e309"',
    "1e309",
    '"NaN"',
    "NaN",
    '"-Infinity"',
    "-Infinity",
    '"inf"',
    '" 1E+309 "',
    '"sNaN"',
    "Infinity",
    '"-1e-400"',
]


@pytest.mark.parametrize("spelt", SPELLINGS)
def test_a_non_finite_quantity_is_refused_however_it_is_spelt(
    platform: Platform, declarant: tuple[TestClient, dict[str, str]], spelt: str
) -> None:
    client, headers = declarant
    body = json.dumps(declaration_body()).replace('"quantity": "2"', f'"quantity": {spelt}')
    assert spelt in body
    answer = client.post(API, content=body, headers=headers | {"content-type": "application/json"})
    _refused(answer, "items.0.quantity")
    assert _count(platform) == (0, 0)


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("quantity", "1.00001", "decimal_max_places"),  # SQLite would round it to 1.0000
        ("quantity", "12345678901234567", "decimal_whole_digits"),  # numeric(18,4) overflow
        ("value", "1" * 19, "decimal_max_digits"),
        ("goods_name", "lithium\x00battery", "text.control_character"),
        ("goods_name", "\u0085cells", "text.control_character"),
        ("goods_name", " \t ", "text.blank"),
    ],
)
def test_an_item_value_the_column_cannot_hold_is_refused_not_rounded(
    platform: Platform,
    declarant: tuple[TestClient, dict[str, str]],
    field: str,
    value: str,
    rule: str,
) -> None:
    client, headers = declarant
    body = declaration_body(items=[battery_item(**{field: value})])
    _refused(client.post(API, json=body, headers=headers), f"items.0.{field}", rule)
    assert _count(platform) == (0, 0)


def test_a_business_date_far_out_of_reason_is_refused(
    platform: Platform, declarant: tuple[TestClient, dict[str, str]]
) -> None:
    client, headers = declarant
    for day, rule in (("9999-12-31", "date.too_late"), ("1900-01-01", "date.too_early")):
        answer = client.post(API, json=declaration_body(declaration_date=day), headers=headers)
        _refused(answer, "declaration_date", rule)
    assert _count(platform) == (0, 0)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        (f"{API}?offset={2**63}", "query.offset"),
        (f"{API}?limit={2**31}", "query.limit"),
        (f"{API}?enterprise={2**31}", "query.enterprise"),
        ("/api/v1/enterprises/2147483648", "path.enterprise_id"),
        ("/api/v1/enterprises/%D9%A1%D9%A2", "path.enterprise_id"),  # Arabic-Indic 12
        ("/api/v1/enterprises/%EF%BC%91", "path.enterprise_id"),  # full-width 1
        (f"{API}?office=05%0001", "query.office"),
    ],
)
def test_ids_and_offsets_past_their_columns_and_foreign_digits_are_refused(
    declarant: tuple[TestClient, dict[str, str]], url: str, path: str
) -> None:
    client, headers = declarant
    _refused(client.get(url, headers=headers), path)
