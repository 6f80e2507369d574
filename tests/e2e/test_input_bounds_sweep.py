"""Every operation of the OpenAPI document, sent hostile values as a real user of each role.

Each number field gets ``"1e309"``, each integer ``2**31``, each text a NUL or only blanks,
each date 9999-12-31 and each time no offset; each integer path id ``2**31``, ``2**63`` and
Arabic-Indic digits; each query integer the same. Whatever the operation, the answer is one
it documents, never a 5xx, a 422 names the field and the rule, and nothing is written.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clearway.api.app import create_app
from clearway.bootstrap import Platform, schema
from tests.builders import bearer, real_user, seed_district
from tests.e2e.conftest import USERS

PROBLEM = "application/problem+json"
# Who tries each operation, in turn, until one is let in (neither 401 nor 403).
ROLES = tuple(u for u in USERS if u[0] not in ("importer", "other_broker"))
BIG_ID = 2**31  # one past PostgreSQL's integer
HUGE = 2**63  # one past bigint: offsets
ARABIC_INDIC_12 = "\u0661\u0662"
# Each family of hostile values: what numbers, integers, text, dates and times become.
FAMILIES: dict[str, dict[str, Any]] = {
    "infinite": {"number": "1e309", "integer": BIG_ID},
    "not a number": {"number": "NaN", "integer": HUGE},
    "minus infinity": {"number": "-Infinity", "integer": -HUGE},
    "too precise": {"number": "1.000000001", "integer": BIG_ID},
    "too many digits": {"number": "12345678901234567890", "integer": BIG_ID},
    "control character": {"string": "lithium\x00battery"},
    "only whitespace": {"string": " \t "},
    "far future": {"date": "9999-12-31", "date-time": "9999-12-31T00:00:00+08:00"},
    "no offset": {"date": "1000-01-01", "date-time": "2026-11-20T08:00:00"},
}
PLAIN = {
    "number": "1",
    "integer": 1,
    "string": "x",
    "date": "2026-11-20",
    "date-time": "2026-11-20T08:00:00+08:00",
    "boolean": True,
}


def _resolve(node: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = doc["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _kind(node: dict[str, Any]) -> str:
    if node.get("format") in ("date", "date-time"):
        return str(node["format"])
    kind = node.get("type", "string")
    # Decimals are documented as a number or a decimal string.
    if (
        kind == "string"
        and "pattern" in node
        and "\\d" in node["pattern"]
        and "." in node["pattern"]
    ):
        return "number"
    return str(kind)


def value_for(node: dict[str, Any], doc: dict[str, Any], family: dict[str, Any]) -> Any:
    """A value of the schema ``node`` with every leaf of the family's kinds made hostile."""
    node = _resolve(node, doc)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if _resolve(o, doc).get("type") != "null"]
            if options:
                return value_for(options[0], doc, family)
    if "enum" in node:
        return node["enum"][0]
    if "const" in node:
        return node["const"]
    kind = _kind(node)
    if kind == "object":
        return {
            name: value_for(prop, doc, family) for name, prop in node.get("properties", {}).items()
        }
    if kind == "array":
        return [value_for(node.get("items", {}), doc, family)]
    return family.get(kind, PLAIN.get(kind, "x"))


def _rows(platform: Platform) -> Counter[str]:
    with platform.uow() as uow:
        return Counter(
            {
                t.name: int(uow.session.scalar(select(func.count()).select_from(t)) or 0)
                for t in schema().sorted_tables
            }
        )


def requests_for(path: str, op: dict[str, Any], doc: dict[str, Any]) -> Any:
    """(family, url, json body or None) for each hostile variant of one operation; a family
    with no field of its kinds in the operation sends nothing hostile, so it is left out."""
    plain = next(iter(_variants(path, op, doc, {"plain": {}})))[1:]
    for variant in _variants(path, op, doc, FAMILIES):
        if variant[1:] != plain:
            yield variant


def _variants(
    path: str, op: dict[str, Any], doc: dict[str, Any], families: dict[str, dict[str, Any]]
) -> Any:
    params = op.get("parameters", [])
    body = op.get("requestBody", {}).get("content", {}).get("application/json")
    for name, family in families.items():
        url = path
        query = []
        for p in params:
            node = _resolve(p["schema"], doc)
            if p["in"] == "header":
                continue
            # A path's text is hostile too; its numbers and dates are the ids tried below.
            text_only = {k: v for k, v in family.items() if k == "string"}
            value = value_for(node, doc, family if p["in"] == "query" else text_only)
            if p["in"] == "path":
                if _kind(node) == "integer" or node.get("type") == "integer":
                    value = {"infinite": BIG_ID, "not a number": HUGE, "plain": 1}.get(
                        name, ARABIC_INDIC_12
                    )
                url = url.replace("{" + p["name"] + "}", quote(str(value), safe=""))
            elif p["in"] == "query":
                query.append(f"{p['name']}={quote(str(value), safe='')}")
        if query:
            url += "?" + "&".join(query)
        payload = value_for(body["schema"], doc, family) if body else None
        yield name, url, payload


@pytest.fixture()
def sweep(platform: Platform) -> tuple[TestClient, dict[str, dict[str, str]], dict[str, Any]]:
    district = seed_district(platform)
    headers = {
        name: bearer(
            platform, real_user(platform, name, role, getattr(district, attr) if attr else None)
        )
        for name, role, attr in ROLES
    }
    client = TestClient(create_app(platform), raise_server_exceptions=False)
    return client, headers, client.get("/openapi.json").json()


def test_no_hostile_value_costs_a_5xx_an_undocumented_answer_or_a_row(
    platform: Platform, sweep: tuple[TestClient, dict[str, dict[str, str]], dict[str, Any]]
) -> None:
    client, headers, doc = sweep
    before = _rows(platform)
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    sent = 0
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if not path.startswith("/api/"):
                continue
            sent += 1
            for family, url, payload in requests_for(path, op, doc):
                for who in headers:
                    answer = client.request(method.upper(), url, json=payload, headers=headers[who])
                    if answer.status_code not in (401, 403):
                        break
                status = answer.status_code
                statuses[status] += 1
                where = f"{method.upper()} {url[:90]} [{family}] as {who}: {status}"
                if status >= 500 or str(status) not in op["responses"]:
                    failures.append(f"{where} {answer.text[:200]}")
                elif status == 422:
                    problem = answer.json()
                    named = all(e.get("path") and e.get("rule") for e in problem["errors"])
                    if answer.headers["content-type"] != PROBLEM or not named:
                        failures.append(f"{where} names no field and rule: {answer.text[:200]}")
    assert failures == [], "\n".join(failures)
    # The values were refused, not the callers: almost every hostile request answered 422.
    assert sent > 150 and statuses[422] > 0.75 * sum(statuses.values()), statuses
    assert sum(s for code, s in statuses.items() if code < 300) == 0, statuses
    assert _rows(platform) - before == Counter(), "a hostile request wrote a row"
