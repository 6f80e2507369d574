"""Liaison, the broker information platform and notifications over HTTP, with problem JSON."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from tests.builders import NOW, TODAY
from tests.e2e.conftest import LiveApi
from tests.liaison_support import notifying, wagons


def _plan(principal_id: int, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "principal_id": principal_id,
        "office_code": "7909",
        "goods_name": "铁精矿粉 Iron ore concentrate",
        "tariff_code": "2601111000",
        "quantity": "3520000",
        "origin_country": "KZ",
        "supplier": "Steppe Iron Mining JSC",
        "arrival_from": (TODAY + timedelta(days=1)).isoformat(),
        "arrival_to": (TODAY + timedelta(days=2)).isoformat(),
    }
    body.update(overrides)
    return body


def _errors(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.headers["content-type"].startswith("application/problem+json")
    return [(e["path"], e["rule"]) for e in response.json()["errors"]]


def test_broker_plans_and_trains_with_tenancy_and_the_arrivals_board(live: LiveApi) -> None:
    d = live.district
    with live.client("broker") as broker:
        refused = broker.post("/api/v1/brokerage/import-plans", json=_plan(d.exporter_id))
        assert refused.status_code == 422
        assert _errors(refused) == [("principal_id", "broker_authorisation")]
        created = broker.post("/api/v1/brokerage/import-plans", json=_plan(d.importer_id))
        assert created.status_code == 201, created.text
        plan = created.json()
        assert plan["status"] == "submitted" and plan["risk_level"] is None  # not for the trade
        train = {
            "plan_id": plan["id"],
            "train_number": "X8017",
            "origin_station": "Rudny (KZ)",
            "departed_at": (NOW - timedelta(hours=20)).isoformat(),
            "eta_border": (NOW - timedelta(hours=21)).isoformat(),
            "wagons": [*wagons(2), {"wagon_number": "60801700", "net_weight": "-1"}],
        }
        bad = broker.post("/api/v1/brokerage/trains", json=train)
        assert bad.status_code == 422
        assert _errors(bad) == [
            ("wagons.2.wagon_number", "duplicate_wagon"),
            ("wagons.2.net_weight", "positive"),
            ("eta_border", "after_departure"),
        ]
        train.update(wagons=wagons(55), eta_border=(NOW + timedelta(hours=22)).isoformat())
        sent = broker.post("/api/v1/brokerage/trains", json=train)
        assert sent.status_code == 201 and len(sent.json()["wagons"]) == 55
    with live.client("other_broker") as other, live.client("exporter") as exporter:
        for client in (other, exporter):
            assert client.get(f"/api/v1/brokerage/import-plans/{plan['id']}").status_code == 404
            assert client.get(f"/api/v1/brokerage/trains/{sent.json()['id']}").status_code == 404
    with live.client("importer") as importer, live.client("risk") as risk:
        mine = importer.get(f"/api/v1/brokerage/import-plans/{plan['id']}").json()
        assert mine["status"] == "in_transit" and mine["risk_level"] is None
        judged = risk.get(f"/api/v1/brokerage/import-plans/{plan['id']}").json()
        assert judged["risk_level"] in ("low", "medium") and judged["risk_reasons"] is not None
    with live.client("inspector") as inspector:
        board = inspector.get(
            "/api/v1/brokerage/arrivals", params={"office": "7909", "from": TODAY.isoformat()}
        )
        assert [(r["train_number"], r["wagons"]) for r in board.json()] == [("X8017", 55)]
        arrived = inspector.post(
            f"/api/v1/brokerage/trains/{sent.json()['id']}/actions/record_arrival"
        )
        assert arrived.json()["status"] == "arrived"


def test_webhooks_inbox_and_liaison_requests_over_http(live: LiveApi) -> None:
    notifying(live.platform)
    with live.client("exporter") as exporter:
        ftp = exporter.post("/api/v1/notifications/webhooks", json={"url": "ftp://x.example/in"})
        assert ftp.status_code == 422 and _errors(ftp) == [("url", "webhook_url")]
        hook = exporter.post(
            "/api/v1/notifications/webhooks", json={"url": "https://exporter.example/clearway"}
        )
        assert hook.status_code == 201 and len(hook.json()["secret"]) == 64
        assert "secret" not in exporter.get("/api/v1/notifications/webhooks").json()[0]
        asked = exporter.post(
            "/api/v1/liaison/requests",
            json={"category": "urgent_clearance", "subject": "Saturday loading", "body": "Can we?"},
        )
        assert asked.status_code == 201, asked.text
        request = asked.json()
        assert request["due_at"].startswith((NOW + timedelta(hours=2)).isoformat()[:16])
    with live.client("importer") as importer:
        assert importer.get(f"/api/v1/liaison/requests/{request['id']}").status_code == 404
    with live.client("liaison") as liaison:
        answered = liaison.post(
            f"/api/v1/liaison/requests/{request['id']}/actions/answer",
            json={"body": "Book an appointment inspection 8 hours ahead."},
        )
        assert answered.json()["status"] == "answered"
        again = liaison.post(f"/api/v1/liaison/requests/{request['id']}/actions/assign", json={})
        assert again.status_code == 409
    with live.client("exporter") as exporter, live.client("importer") as importer:
        inbox = exporter.get("/api/v1/notifications/inbox", params={"unread": True}).json()
        assert inbox["items"][0]["event_type"] == "liaison.request_answered"
        line = inbox["items"][0]["id"]
        assert importer.post(f"/api/v1/notifications/inbox/{line}/read").status_code == 404
        assert exporter.post(f"/api/v1/notifications/inbox/{line}/read").status_code == 204
        history = exporter.get(f"/api/v1/liaison/enterprises/{live.district.exporter_id}/history")
        assert [r["status"] for r in history.json()["requests"]] == ["answered"]
    with live.client("admin") as admin:
        queued = admin.get("/api/v1/notifications/deliveries", params={"status": "pending"})
        assert queued.status_code == 200
        nothing = admin.post(
            "/api/v1/notifications/deliveries/redeliver", json={"delivery_ids": [999]}
        )
        assert nothing.status_code == 404
