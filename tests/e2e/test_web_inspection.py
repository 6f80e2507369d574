"""Inspection in the portal over HTTP: booking (a full slot refused inline), moving and
cancelling, the officers' schedule, recording a check that moves the lifecycle, appointments
refused with the API's rules, officers confirming or declining appointment requests, and the
pages each role may reach."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from clearway.declarations.model import Lane
from clearway.declarations.queries import get_visible
from clearway.inspection import appointments, bookings
from clearway.inspection.commands import AppointmentInput, BookingInput
from clearway.inspection.model import ClearanceAppointment
from tests.builders import ADMIN
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal
from tests.inspection_support import ORDOS_SITE, lodge, open_slot, seed_inspection


@pytest.fixture()
def desk(live: LiveApi) -> LiveApi:
    seed_inspection(live.platform, live.district)
    return live


def _portal(live: LiveApi, who: str) -> Iterator[Portal]:
    p = Portal(live)
    assert p.sign_in(who).status_code == 303
    yield p
    p.close()


@pytest.fixture()
def exporter(desk: LiveApi) -> Iterator[Portal]:
    yield from _portal(desk, "exporter")


@pytest.fixture()
def inspector(desk: LiveApi) -> Iterator[Portal]:
    yield from _portal(desk, "inspector")


def _status(live: LiveApi, number: str) -> str:
    with live.platform.sessions() as db:
        return get_visible(db, ADMIN, number).status.value


def test_enterprise_books_moves_and_cancels_and_a_full_slot_says_so(
    desk: LiveApi, exporter: Portal
) -> None:
    platform = desk.platform
    full = open_slot(platform, ORDOS_SITE, 26, capacity=1)
    free = open_slot(platform, ORDOS_SITE, 28, capacity=2)
    later = open_slot(platform, ORDOS_SITE, 50, capacity=2)
    other = lodge(platform, desk.district.exporter, Lane.YELLOW)
    with platform.uow() as uow:
        bookings.book(
            uow, BookingInput(declaration=other.number, slot_id=full.id), ADMIN, platform.clock
        )
    number = lodge(platform, desk.district.exporter, Lane.YELLOW).number
    page = exporter.get(f"/declarations/{number}")
    assert page.status_code == 200
    assert re.search(rf'<option value="{full.id}"[^>]*>[^<]*full</option>', page.text)
    refused = exporter.post(f"/declarations/{number}/inspection/book", {"slot_id": full.id})
    assert refused.status_code == 409
    assert 'id="book-slot-error">no place left in this slot (slot.full)' in refused.text
    assert 'id="book-slot" name="slot_id" required aria-invalid="true"' in refused.text
    booked = exporter.post(f"/declarations/{number}/inspection/book", {"slot_id": free.id})
    assert booked.status_code == 303, booked.text
    shown = exporter.get(booked.headers["location"]).text
    assert "Inspection slot booked." in shown and 'id="booking"' in shown
    booking_id = re.search(r"/inspection/bookings/(\d+)/reschedule", shown)
    assert booking_id
    moved = exporter.post(
        f"/declarations/{number}/inspection/bookings/{booking_id.group(1)}/reschedule",
        {"slot_id": later.id},
    )
    assert moved.status_code == 303, moved.text
    mine = exporter.get("/inspection/mine").text
    assert number in mine and "booked" in mine
    cancelled = exporter.post(
        f"/declarations/{number}/inspection/bookings/{booking_id.group(1)}/cancel",
        {"reason": "goods not ready"},
    )
    assert cancelled.status_code == 303
    assert 'id="book-form"' in exporter.get(f"/declarations/{number}").text


def test_inspector_records_an_inspection_that_moves_the_declaration_to_release(
    desk: LiveApi, exporter: Portal, inspector: Portal
) -> None:
    platform = desk.platform
    open_slot(platform, ORDOS_SITE, 2, capacity=3)
    number = lodge(platform, desk.district.exporter, Lane.RED).number  # order books the slot
    day = (platform.clock.now() + timedelta(hours=2)).astimezone(ZoneInfo("Asia/Shanghai")).date()
    schedule = inspector.get(f"/inspection/schedule?site={ORDOS_SITE}&day={day}")
    assert schedule.status_code == 200
    assert number in schedule.text and "ordered by customs" in schedule.text
    started = inspector.post(
        f"/declarations/{number}/inspection/records", {"kind": "physical_inspection"}
    )
    assert started.status_code == 303, started.text
    assert _status(desk, number) == "inspection"
    page = inspector.get(f"/declarations/{number}").text
    record = re.search(r"/inspection/records/(\d+)/complete", page)
    assert record
    path = f"/declarations/{number}/inspection/records/{record.group(1)}/complete"
    refused = inspector.post(path, {"result": "nonconform", "findings": ""})
    assert refused.status_code == 422
    assert "inspection_record.findings" in refused.text
    bad_file = inspector.post(
        path,
        {"result": "conform", "attachments.0.file_name": "seal.jpg", "attachments.0.sha256": "x"},
    )
    assert bad_file.status_code == 422 and "attachments.0.sha256" in bad_file.text
    assert _status(desk, number) == "inspection"
    done = inspector.post(
        path,
        {
            "result": "conform",
            "findings": "seals intact; 货物与申报一致",
            "attachments.0.file_name": "seal.jpg",
            "attachments.0.media_type": "image/jpeg",
            "attachments.0.size_bytes": "2048",
            "attachments.0.sha256": "a" * 64,
        },
    )
    assert done.status_code == 303, done.text
    assert _status(desk, number) == "duty_assessed"
    seen = exporter.get(f"/declarations/{number}").text
    assert "货物与申报一致" in seen and "seal.jpg" in seen
    assert exporter.get("/inspection/schedule").status_code == 403


def test_an_appointment_inside_the_lead_time_is_refused_beside_its_input(
    desk: LiveApi, exporter: Portal
) -> None:
    number = lodge(desk.platform, desk.district.exporter, Lane.YELLOW).number
    start = desk.platform.clock.now() + timedelta(hours=2)  # 12:00 in Beijing: lunch break
    refused = exporter.post(
        f"/declarations/{number}/appointments",
        {
            "starts_at": start.isoformat(timespec="minutes"),
            "ends_at": (start + timedelta(hours=1.5)).isoformat(timespec="minutes"),
            "goods_category": "dangerous_goods",
        },
    )
    assert refused.status_code == 422, refused.text
    assert "appointment.lead_time" in refused.text, re.sub(
        r"\s+", " ", re.sub("<[^>]+>", " ", refused.text)
    )[-1500:]
    assert 'id="f-starts_at-error">' in refused.text
    garbled = exporter.post(
        f"/declarations/{number}/appointments",
        {"starts_at": "tomorrow", "ends_at": "", "goods_category": "perishable"},
    )
    assert garbled.status_code == 422
    assert "enter a date and time (datetime)" in garbled.text


def _appointment(live: LiveApi, starts_in_hours: float, **body: Any) -> ClearanceAppointment:
    """An exporter's request for clearance outside office hours (10:00 Beijing now)."""
    start = live.platform.clock.now() + timedelta(hours=starts_in_hours)
    data = AppointmentInput.model_validate(
        {"goods_category": "dangerous_goods", "starts_at": start,
         "ends_at": start + timedelta(hours=2), **body}
    )  # fmt: skip
    with live.platform.uow() as uow:
        return appointments.request(
            uow, data, live.district.exporter, live.platform.clock, live.platform.settings
        )


def _appointment_status(live: LiveApi, appointment_id: int) -> str:
    with live.platform.sessions() as db:
        return appointments.get_visible(db, ADMIN, appointment_id).status.value


def test_inspector_confirms_or_declines_appointment_requests(
    desk: LiveApi, exporter: Portal, inspector: Portal
) -> None:
    number = lodge(desk.platform, desk.district.exporter, Lane.YELLOW).number
    tonight = _appointment(desk, 10, declaration=number)  # 20:00, after the office closes
    shipment = _appointment(
        desk, 34, office_code="0291", tariff_codes=["8507600030"], shipment="truck 蒙K12345"
    )
    page = inspector.get("/inspection/appointments")
    assert page.status_code == 200
    assert (
        '<a href="/inspection/appointments" aria-current="page">Appointment requests' in page.text
    )
    assert number in page.text and "truck 蒙K12345" in page.text
    decide = f"/inspection/appointments/{tonight.id}/decision"

    unexplained = inspector.post(decide, {"decision": "decline", "version": tonight.version})
    assert unexplained.status_code == 422
    assert (
        f'id="a{tonight.id}-reason" name="reason" rows="2" aria-invalid="true"' in unexplained.text
    )
    assert "say why the appointment is declined (required)</span>" in unexplained.text
    stale = inspector.post(decide, {"decision": "confirm", "version": tonight.version + 1})
    assert stale.status_code == 409 and "changed meanwhile" in stale.text
    assert f'id="a{tonight.id}-decision-error">appointment' in stale.text
    assert _appointment_status(desk, tonight.id) == "requested"  # nothing was written

    confirmed = inspector.post(decide, {"decision": "confirm", "version": tonight.version})
    assert confirmed.status_code == 303, confirmed.text
    assert confirmed.headers["location"].startswith("/inspection/appointments?done=confirmed")
    assert "Appointment confirmed." in inspector.get(confirmed.headers["location"]).text
    assert _appointment_status(desk, tonight.id) == "confirmed"
    with desk.platform.sessions() as db:
        assert get_visible(db, ADMIN, number).facilitation_measures == {"appointment"}
    again = inspector.post(decide, {"decision": "confirm", "version": tonight.version + 1})
    assert again.status_code == 409 and "that is confirmed" in again.text

    declined = inspector.post(
        f"/inspection/appointments/{shipment.id}/decision",
        {"decision": "decline", "version": shipment.version, "reason": "no officer on duty"},
    )
    assert declined.status_code == 303
    assert _appointment_status(desk, shipment.id) == "declined"
    remaining = inspector.get("/inspection/appointments").text
    assert "No appointment is requested." in remaining
    decided = inspector.get("/inspection/appointments?status=declined").text
    assert "no officer on duty" in decided and "/decision" not in decided

    assert exporter.get("/inspection/appointments").status_code == 403
    assert exporter.post(decide, {"decision": "decline", "reason": "x"}).status_code == 403
    forged = inspector.post(decide, {"decision": "decline", "reason": "x"}, csrf="forged")
    assert forged.status_code == 403
    assert inspector.get("/inspection/appointments?status=someday").status_code == 404
