"""Schemathesis over the OpenAPI document as each role: no request answers a server error."""

from __future__ import annotations

import json
import os

import pytest

from clearway.benchmarks.fuzz import fuzz_role
from tests.builders import battery_item, declaration_body, ore_item
from tests.e2e.conftest import LiveApi

pytestmark = pytest.mark.fuzz

# One user per role the district has (traders both ways, a broker, every customs role).
ROLES = ("exporter", "importer", "broker", "risk", "inspector", "liaison", "admin")
EXAMPLES = int(os.environ.get("CLEARWAY_FUZZ_EXAMPLES", "2"))


def _some_declarations(live: LiveApi) -> None:
    """A little of what a district holds: an export lodged and an import lodged by its broker."""
    with live.client("exporter") as client:
        body = declaration_body("export", [battery_item()])
        assert client.post("/api/v1/declarations", json=body).status_code == 201
    with live.client("broker") as client:
        body = declaration_body("import", [ore_item()], trader_id=live.district.importer_id)
        answer = client.post("/api/v1/declarations", json=body)
        assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("who", ROLES)
def test_no_request_answers_a_server_error(live: LiveApi, who: str) -> None:
    _some_declarations(live)
    with live.client() as client:
        openapi = client.get("/openapi.json").json()

    report = fuzz_role(openapi, live.url, who, live.tokens[who], EXAMPLES)

    print(json.dumps(report.as_dict()))
    assert report.cases > 0
    assert report.failing == {}, json.dumps(report.failing, indent=1)
