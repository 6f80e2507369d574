"""Inspection end to end over HTTP: calendars, appointments at several credit levels, slots
and the race for the last place, red-lane orders, the day's schedule, plans and records."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from clearway.declarations.model import Lane
from clearway.enterprises.model import CreditLevel, EnterpriseRole
from clearway.identity.model import Role
from clearway.shared.clock import FixedClock
from tests.builders import NOW, register_enterprise
from tests.e2e.conftest import LiveApi
from tests.inspection_support import lodge

API = "/api/v1/inspection"
HOURS = [
    {"weekday": day, "opens": opens, "closes": closes}
    for day in range(1, 6)
    for opens, closes in (("08:30", "12:00"), ("14:00", "18:00"))
]
EVENING = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # Friday 20:00 Beijing time
RACERS = 50


@pytest.fixture()
def desk(live: LiveApi) -> LiveApi:
    """The live district with both offices' calendars and a site each, set up over HTTP."""
    with live.client("admin") as admin:
        for office, code, kind in (
            ("0291", "ORD-BZW", "bonded_zone_warehouse"),
            ("7909", "HRG-RY", "rail_yard"),
        ):
            calendar = admin.put(f"{API}/calendars/{office}", json={"hours": HOURS})
            assert calendar.status_code == 200, calendar.text
            holiday = admin.post(
                f"{API}/calendars/{office}/holidays", json={"day": "2027-01-01", "name": "元旦"}
            )
            assert holiday.status_code == 201
            site = admin.post(
                f"{API}/sites",
                json={"code": code, "office_code": office, "name": f"{code} site", "kind": kind},
            )
            assert site.status_code == 201, site.text
    return live


def _enterprise_user(live: LiveApi, n: int, name: str, level: CreditLevel) -> str:
    """Another trader at a chosen credit level, with a user and a token; its username."""
    platform = live.platform
    enterprise_id = register_enterprise(platform, n, name, [EnterpriseRole.TRADER], level)
    username = f"trader{n}"
    live.sign_up(username, Role.ENTERPRISE_USER, enterprise_id)
    return username


def _slot(live: LiveApi, site: str, hours_ahead: float, capacity: int) -> dict[str, Any]:
    start = NOW + timedelta(hours=hours_ahead)
    with live.client("inspector") as inspector:
        made = inspector.post(
            f"{API}/sites/{site}/slots",
            json={
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=1)).isoformat(),
                "capacity": capacity,
            },
        )
    assert made.status_code == 201, made.text
    return made.json()  # type: ignore[no-any-return]


def _rules(response: httpx.Response) -> list[str]:
    assert response.headers["content-type"].startswith("application/problem+json")
    return [e["rule"] for e in response.json().get("errors", [])]


def _appointment(starts_at: datetime, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "office_code": "0291",
        "tariff_codes": ["8507600030"],
        "shipment": "truck 蒙K12345",
        "goods_category": "dangerous_goods",
        "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(hours=2)).isoformat(),
    }
    body.update(overrides)
    return body


def test_calendar_is_kept_by_administrators_and_read_by_all(desk: LiveApi) -> None:
    with desk.client("exporter") as exporter:
        calendar = exporter.get(f"{API}/calendars/0291")
        assert calendar.status_code == 200
        assert calendar.json()["timezone"] == "Asia/Shanghai"
        assert calendar.json()["week"]["mon"] == ["08:30-12:00", "14:00-18:00"]
        assert calendar.json()["week"]["sat"] == []
        assert exporter.put(f"{API}/calendars/0291", json={"hours": []}).status_code == 403
    with desk.client("admin") as admin:
        bad = admin.put(
            f"{API}/calendars/0291",
            json={"hours": [{"weekday": 8, "opens": "09:00", "closes": "08:00"}]},
        )
        assert bad.status_code == 422 and bad.json()["errors"][0]["path"] == "hours.0.weekday"
        assert admin.get(f"{API}/calendars/9999").status_code == 404


def test_appointments_for_enterprises_at_several_credit_levels(desk: LiveApi) -> None:
    clock = desk.platform.clock
    assert isinstance(clock, FixedClock)
    regular = _enterprise_user(desk, 5, "内蒙古恒通新能源有限公司", CreditLevel.REGULAR)
    dishonest = _enterprise_user(desk, 6, "伊犁远河商贸有限公司", CreditLevel.DISHONEST)
    clock.set(EVENING - timedelta(hours=10))  # ten hours' notice
    with desk.client("exporter") as advanced:  # advanced certified: 8 hours suffice
        made = advanced.post(f"{API}/appointments", json=_appointment(EVENING))
        assert made.status_code == 201, made.text
        assert made.json()["lead_hours"] == "8.00"
        assert made.json()["allowed_commands"] == ["confirm", "decline", "cancel"]
        inside = advanced.post(
            f"{API}/appointments",
            json=_appointment(EVENING + timedelta(days=2, hours=18), shipment="truck 2"),
        )
        assert inside.status_code == 422 and _rules(inside) == ["appointment.office_hours"]
        assert (
            advanced.post(f"{API}/appointments/{made.json()['id']}/actions/confirm").status_code
            == 403
        )
    with desk.client(regular) as client:  # regular: 24 hours
        late = client.post(f"{API}/appointments", json=_appointment(EVENING))
        assert late.status_code == 422 and _rules(late) == ["appointment.lead_time"]
        early = client.post(f"{API}/appointments", json=_appointment(EVENING + timedelta(hours=24)))
        assert early.status_code == 201, early.text
        assert client.get(f"{API}/appointments/{made.json()['id']}").status_code == 404
    with desk.client(dishonest) as client:
        refused = client.post(f"{API}/appointments", json=_appointment(EVENING + timedelta(days=2)))
        assert refused.status_code == 422
        assert _rules(refused) == ["eligibility.appointment_clearance"]
    with desk.client("inspector") as inspector:
        confirmed = inspector.post(f"{API}/appointments/{made.json()['id']}/actions/confirm")
        assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
        declined = inspector.post(
            f"{API}/appointments/{early.json()['id']}/actions/decline",
            json={"reason": "no officer on duty that night"},
        )
        assert declined.json()["status"] == "declined"
        again = inspector.post(f"{API}/appointments/{made.json()['id']}/actions/decline")
        assert again.status_code == 409
        day = inspector.get(f"{API}/schedule", params={"date": "2026-11-20", "office": "0291"})
        assert [a["id"] for a in day.json()["appointments"]] == [made.json()["id"]]


@pytest.fixture()
def racing(desk: LiveApi) -> Iterator[LiveApi]:
    """The live desk; the race's idle connections are closed afterwards (the PostgreSQL server
    is shared with every other test run)."""
    yield desk
    desk.platform.engine.dispose()


def test_fifty_requests_race_for_the_last_place(racing: LiveApi) -> None:
    desk = racing
    exporter = desk.actors["exporter"]
    numbers = [lodge(desk.platform, exporter, Lane.GREEN).number for _ in range(RACERS)]
    slot = _slot(desk, "ORD-BZW", 20, capacity=1)
    start = threading.Barrier(RACERS)

    def book(number: str) -> httpx.Response:
        with desk.client("exporter") as client:
            start.wait()
            return client.post(
                f"{API}/bookings", json={"declaration": number, "slot_id": slot["id"]}
            )

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        answers = list(pool.map(book, numbers))
    codes = sorted(a.status_code for a in answers)
    assert codes == [201] + [409] * (RACERS - 1)
    assert all(_rules(a) == ["slot.full"] for a in answers if a.status_code == 409)
    (won,) = [a.json() for a in answers if a.status_code == 201]
    assert won["slot"]["booked"] == 1 and won["slot"]["available"] == 0
    with desk.client("exporter") as client:
        listed = client.get(f"{API}/sites/ORD-BZW/slots", params={"date_from": "2026-11-20"})
        (seen,) = [s for s in listed.json() if s["id"] == slot["id"]]
        assert seen["booked"] == 1 and seen["available"] == 0


def test_red_lane_order_moved_by_the_broker_and_inspected(desk: LiveApi) -> None:
    d = desk.district
    first = _slot(desk, "HRG-RY", 4, capacity=2)
    later = _slot(desk, "HRG-RY", 28, capacity=2)
    declaration = lodge(
        desk.platform, desk.actors["broker"], Lane.RED, flow="import", trader_id=d.importer_id
    )
    with desk.client("broker") as broker:
        (order,) = broker.get(f"{API}/orders").json()
        assert order["status"] == "scheduled" and order["declaration_number"] == declaration.number
        booking = order["booking"]
        assert booking["slot"]["id"] == first["id"] and booking["site_code"] == "HRG-RY"
        cancel = broker.post(f"{API}/bookings/{booking['id']}/cancel")
        assert cancel.status_code == 422 and _rules(cancel) == ["order.booking_required"]
        moved = broker.post(
            f"{API}/bookings/{booking['id']}/reschedule", json={"slot_id": later["id"]}
        )
        assert moved.status_code == 200 and moved.json()["slot"]["id"] == later["id"]
    with desk.client("exporter") as outsider:
        assert outsider.get(f"{API}/orders/{order['id']}").status_code == 404
        assert outsider.get(f"{API}/bookings/{booking['id']}").status_code == 404
        assert outsider.get(f"{API}/schedule").status_code == 403
    day = (
        (NOW + timedelta(hours=28))
        .astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
        .date()
    )
    with desk.client("inspector") as inspector:
        schedule = inspector.get(
            f"{API}/schedule", params={"date": day.isoformat(), "site": "HRG-RY"}
        ).json()
        (site_day,) = schedule["sites"]
        booked = [b for s in site_day["slots"] for b in s["bookings"]]
        assert [(b["declaration_number"], b["lane"]) for b in booked] == [
            (declaration.number, "red")
        ]
        started = inspector.post(
            f"{API}/records",
            json={"declaration": declaration.number, "kind": "physical_inspection"},
        )
        assert started.status_code == 201, started.text
        assert started.json()["order_id"] == order["id"]
        done = inspector.post(
            f"{API}/records/{started.json()['id']}/complete",
            json={
                "result": "conform",
                "findings": "55 wagons screened, no radiation alarm",
                "attachments": [
                    {
                        "file_name": "portal-monitor.pdf",
                        "media_type": "application/pdf",
                        "size_bytes": 20480,
                        "sha256": "0f" * 32,
                    }
                ],
            },
        )
        assert done.status_code == 200, done.text
        assert done.json()["result"] == "conform" and len(done.json()["attachments"]) == 1
        timeline = inspector.get(f"/api/v1/declarations/{declaration.number}").json()
        assert timeline["status"] == "duty_assessed"
        assert inspector.get(f"{API}/orders/{order['id']}").json()["status"] == "completed"
    with desk.client("importer") as importer:
        (seen,) = importer.get(f"{API}/records", params={"declaration": declaration.number}).json()
        assert seen["findings"].startswith("55 wagons")
        refused = importer.post(
            f"{API}/records", json={"declaration": declaration.number, "kind": "document_check"}
        )
        assert refused.status_code == 403


def test_tailored_plan_over_http(desk: LiveApi) -> None:
    body = {
        "site": "ORD-BZW",
        "weekdays": [2, 4],
        "window_start": "15:00",
        "window_end": "17:00",
        "expected_lots": 3,
        "valid_from": "2026-11-20",
        "valid_to": "2026-12-20",
        "description": "cells leave the line Tue/Thu afternoons",
    }
    with desk.client("exporter") as exporter:
        filed = exporter.post(f"{API}/plans", json=body)
        assert filed.status_code == 201, filed.text
        plan = filed.json()
        assert plan["weekdays"] == [2, 4] and plan["windows"] == 8
        windows = exporter.get(f"{API}/plans/{plan['id']}/windows").json()
        assert len(windows) == 8 and windows[0]["capacity"] == 3
        bad = exporter.post(f"{API}/plans", json={**body, "window_end": "14:00"})
        assert bad.status_code == 422 and _rules(bad) == ["plan.window"]
    with desk.client("importer") as importer:
        assert importer.get(f"{API}/plans/{plan['id']}").status_code == 404
        visible = importer.get(f"{API}/sites/ORD-BZW/slots", params={"date_from": "2026-11-20"})
        assert visible.json() == []  # another enterprise's windows are not offered
    with desk.client("broker") as broker:
        assert broker.post(f"{API}/plans", json=body).status_code == 403
