"""Import and export lifecycles over HTTP, problem JSON for bad input, idempotent retries."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

from tests.builders import battery_item, declaration_body
from tests.e2e.conftest import PASSWORD, LiveApi


def _act(c: httpx.Client, ref: str, command: str, **body: Any) -> httpx.Response:
    return c.post(f"/api/v1/declarations/{ref}/actions/{command}", json=body)


def test_sign_in_and_export_lifecycle(live: LiveApi) -> None:
    with live.client() as anon:
        refused = anon.post(
            "/api/v1/auth/token", data={"username": "exporter", "password": "wrong"}
        )
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("application/problem+json")
        token = anon.post(
            "/api/v1/auth/token", data={"username": "exporter", "password": PASSWORD}
        ).json()
        assert anon.get("/api/v1/declarations").status_code == 401
    exporter = httpx.Client(
        base_url=live.url, timeout=30, headers={"Authorization": f"Bearer {token['access_token']}"}
    )
    created = exporter.post("/api/v1/declarations", json=declaration_body())
    assert created.status_code == 201, created.text
    number = created.json()["number"]
    assert created.json()["items"][0]["dangerous_goods"]["un_number"] == "UN3480"
    assert _act(exporter, number, "submit").json()["status"] == "submitted"
    with live.client("risk") as risk, live.client("inspector") as inspector:
        assert _act(risk, number, "accept").json()["status"] == "accepted"
        assigned = _act(risk, number, "assign_lane", lane="yellow", reason="value review")
        assert assigned.json()["lane"] == "yellow"
        for command, status in (
            ("begin_document_check", "document_check"),
            ("assess_duty", "duty_assessed"),
            ("release", "released"),
            ("exit", "exited"),
            ("close", "closed"),
        ):
            response = _act(inspector, number, command)
            assert response.json()["status"] == status, response.text
        illegal = _act(inspector, number, "release")
        assert illegal.status_code == 409
        assert illegal.json()["current_status"] == "closed"
        assert illegal.json()["command"] == "release"
    events = exporter.get(f"/api/v1/declarations/{number}/events").json()
    assert [e["milestone"] for e in events] == ["E2", "E3", "E4", "E5", None, "E8", "E9", "E10"]


def test_import_lifecycle_through_a_broker(live: LiveApi) -> None:
    body = declaration_body(flow="import", trader_id=live.district.importer_id)
    with (
        live.client("broker") as broker,
        live.client("risk") as risk,
        live.client("inspector") as inspector,
        live.client("importer") as importer,
    ):
        number = broker.post("/api/v1/declarations", json=body).json()["number"]
        _act(broker, number, "record_arrival")
        _act(broker, number, "submit")
        _act(risk, number, "accept")
        _act(risk, number, "assign_lane", lane="red", reason="radiation screening")
        _act(inspector, number, "begin_inspection")
        assessed = _act(inspector, number, "assess_duty").json()
        assert assessed["duty_amount"] == "559000.00"
        assert _act(inspector, number, "release").status_code == 409
        assert _act(importer, number, "pay").json()["status"] == "paid"
        released = _act(inspector, number, "release").json()
        assert released["status"] == "released" and released["arrived_at"]


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_bad_input_answers_problem_json(live: LiveApi) -> None:
    with live.client("exporter") as c:
        bad = _problem(
            c.post(
                "/api/v1/declarations",
                json=declaration_body(items=[battery_item(quantity="-1", origin_country="XX")]),
            ),
            422,
        )
        paths = {(e["path"], e["rule"]) for e in bad["errors"]}
        assert ("items.0.quantity", "positive") in paths
        assert ("items.0.origin_country", "country") in paths
        _problem(
            c.post(
                "/api/v1/declarations",
                content=b'{"flow": "export",',
                headers={"content-type": "application/json"},
            ),
            400,
        )
        _problem(
            c.post(
                "/api/v1/declarations",
                content=json.dumps(declaration_body()),
                headers={"content-type": "text/plain"},
            ),
            415,
        )
        _problem(
            c.post(
                "/api/v1/declarations",
                content=b"x" * 2_000_000,
                headers={"content-type": "application/json"},
            ),
            413,
        )
        missing = _problem(c.post("/api/v1/declarations", json={"flow": "sideways"}), 422)
        assert {"flow", "items", "currency"} <= {e["path"] for e in missing["errors"]}
        unknown = _problem(
            c.post("/api/v1/declarations", json={**declaration_body(), "colour": "red"}), 422
        )
        assert unknown["errors"][0]["path"] == "colour"
        _problem(c.get("/api/v1/declarations/0291-2026-E-999999"), 404)
        _problem(c.get("/api/v1/declarations?status=flying"), 422)
        _problem(c.post("/api/v1/declarations/1/actions/teleport"), 422)
    with live.client("admin") as admin:
        bad_uscc = _problem(
            admin.post(
                "/api/v1/enterprises",
                json={
                    "uscc": "91350100M000100Y44",
                    "customs_code": "1506960099",
                    "name": "坏公司",
                    "roles": ["trader"],
                },
            ),
            422,
        )
        assert bad_uscc["errors"][0]["path"] == "uscc"
        assert "check digit" in bad_uscc["errors"][0]["message"]
        _problem(admin.get("/api/v1/enterprises/424242"), 404)
    with live.client("broker") as broker:
        unauthorised = _problem(
            broker.post(
                "/api/v1/declarations",
                json=declaration_body(flow="export", trader_id=live.district.exporter_id),
            ),
            422,
        )
        assert unauthorised["errors"][0]["rule"] == "broker_authorisation"
    with httpx.Client(base_url=live.url, headers={"Authorization": "Bearer forged.token.x"}) as f:
        _problem(f.get("/api/v1/declarations"), 401)


def test_idempotent_retries_return_the_first_result(live: LiveApi) -> None:
    key = str(uuid.uuid4())
    with live.client("exporter") as c:
        first = c.post(
            "/api/v1/declarations", json=declaration_body(), headers={"Idempotency-Key": key}
        )
        again = c.post(
            "/api/v1/declarations", json=declaration_body(), headers={"Idempotency-Key": key}
        )
        assert first.status_code == again.status_code == 201
        assert again.json()["number"] == first.json()["number"]
        assert again.headers.get("idempotent-replayed") == "true"
        assert c.get("/api/v1/declarations").json()["total"] == 1
        other = c.post(
            "/api/v1/declarations",
            json=declaration_body(overseas_party="X"),
            headers={"Idempotency-Key": key},
        )
        _problem(other, 422)
    with live.client("importer") as other_user:  # keys are per user
        fresh = other_user.post(
            "/api/v1/declarations",
            json=declaration_body(flow="import"),
            headers={"Idempotency-Key": key},
        )
        assert fresh.status_code == 201 and fresh.json()["number"] != first.json()["number"]


def test_strings_round_trip_and_render_escaped(live: LiveApi) -> None:
    tricky = '锂电池 "q" \'; DROP TABLE users; -- <b>bold</b>'
    with live.client("exporter") as c:
        created = c.post(
            "/api/v1/declarations",
            json=declaration_body(overseas_party=tricky, items=[battery_item(goods_name=tricky)]),
        ).json()
        read = c.get(f"/api/v1/declarations/{created['id']}").json()
        assert read["overseas_party"] == tricky and read["items"][0]["goods_name"] == tricky
    page = httpx.get(live.url + "/")
    assert page.status_code == 200 and "<b>bold</b>" not in page.text


def test_openapi_and_docs(live: LiveApi) -> None:
    # The schema of every route is built on first request: seconds on a busy machine.
    spec = httpx.get(live.url + "/openapi.json", timeout=120).json()
    assert "/api/v1/declarations" in spec["paths"]
    assert httpx.get(live.url + "/docs", timeout=60).status_code == 200


def test_a_batch_is_lodged_all_or_none_and_submitted_with_screening(live: LiveApi) -> None:
    with live.client("exporter") as exporter:
        before = exporter.get("/api/v1/declarations").json()["total"]
        bad = [declaration_body(), declaration_body(items=[battery_item(quantity="0")])]
        refused = exporter.post("/api/v1/declarations/batch", json={"declarations": bad})
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["path"] == "declarations.1.items.0.quantity"
        assert exporter.get("/api/v1/declarations").json()["total"] == before
        good = {"declarations": [declaration_body(), declaration_body()], "submit": True}
        lodged = exporter.post("/api/v1/declarations/batch", json=good)
        assert lodged.status_code == 201, lodged.text
        numbers = lodged.json()["numbers"]
        assert len(numbers) == 2
        shown = exporter.get(f"/api/v1/declarations/{numbers[1]}").json()
        assert shown["status"] == "submitted"
    with live.client("risk") as risk:  # screened in the submitting transaction
        screening = risk.get(f"/api/v1/risk/declarations/{numbers[1]}/screening")
        assert screening.status_code == 200, screening.text
