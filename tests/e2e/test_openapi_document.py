"""The OpenAPI document tells the truth: valid 3.1, every refusal documented as problem JSON,
and what the API really answers is among what it documents."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from tests.builders import bearer, declaration_body, real_user, seed_district

PROBLEM = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture()
def client(platform: Platform) -> TestClient:
    return TestClient(create_app(platform))


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(p, m, op) for p, item in doc["paths"].items() for m, op in item.items()]


def test_the_document_validates_as_openapi_3_1(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    validate(doc)


def test_every_refusal_is_documented_with_the_problem_schema(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    operations = _operations(doc)
    assert len(operations) > 150
    for path, method, op in operations:
        responses = op["responses"]
        refusals = {s: r for s, r in responses.items() if int(s) >= 400}
        assert "503" in refusals, (method, path)
        for status, answer in refusals.items():
            assert answer["content"] == {"application/problem+json": {"schema": PROBLEM}}, (
                method,
                path,
                status,
            )
        if "security" in op:
            assert {"401", "403", "404"} <= set(refusals), (method, path)
        if "requestBody" in op:
            assert {"400", "413", "415", "422"} <= set(refusals), (method, path)
        if method in ("post", "put", "patch", "delete"):
            assert {"409", "507"} <= set(refusals), (method, path)
    assert "429" in doc["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert "HTTPValidationError" not in doc["components"]["schemas"]


def test_unauthenticated_and_oversized_answers_are_documented_ones(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    for path, method, op in _operations(doc):
        url = path.replace("{", "").replace("}", "")
        anonymous = client.request(method.upper(), url)
        assert str(anonymous.status_code) in op["responses"], (method, path, anonymous.text)
        if "requestBody" in op and "application/json" in op["requestBody"]["content"]:
            wrong_type = client.request(
                method.upper(), url, content=b"a=1", headers={"content-type": "text/plain"}
            )
            assert str(wrong_type.status_code) in op["responses"], (method, path)


def test_times_the_api_answers_carry_their_offset(platform: Platform, client: TestClient) -> None:
    district = seed_district(platform)
    headers = bearer(
        platform, real_user(platform, "exporter", district.exporter.role, district.exporter_id)
    )
    made = client.post("/api/v1/declarations?submit=true", json=declaration_body(), headers=headers)
    assert made.status_code == 201, made.text
    ref = made.json()["number"]
    answers = [
        client.get(f"/api/v1/declarations/{ref}", headers=headers).json(),
        client.get(f"/api/v1/declarations/{ref}/events", headers=headers).json(),
    ]
    times = [v for a in answers for v in _strings(a) if TIME.match(v)]
    assert len(times) >= 2, answers
    assert all(OFFSET.search(t) for t in times), times


TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
OFFSET = re.compile(r"(Z|[+-]\d{2}:\d{2})$")


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []
