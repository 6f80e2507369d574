"""Inspection slots, bookings and red-lane orders on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.inspection import bookings, orders, queries
from clearway.inspection.commands import BookingInput, CancelInput, RescheduleInput
from clearway.inspection.model import InspectionSlot
from clearway.inspection.status import BookingStatus, OrderStatus
from clearway.inspection.tables import inspection_bookings
from clearway.shared.errors import Conflict, NotFound, PermissionDenied, RuleViolation
from tests.builders import HORGOS, INSPECTOR, ORDOS, RISK
from tests.inspection_support import HORGOS_SITE, ORDOS_SITE, lodge, open_slot, seed_inspection


def _booked(platform: Platform, slot_id: int) -> int:
    with platform.sessions() as s:
        slot = s.get(InspectionSlot, slot_id)
        assert slot is not None
        return slot.booked


def _book(platform: Platform, actor, declaration: str, slot_id: int):  # type: ignore[no-untyped-def]
    with platform.uow() as uow:
        return bookings.book(
            uow, BookingInput(declaration=declaration, slot_id=slot_id), actor, platform.clock
        )


def test_enterprise_books_a_slot_and_a_full_one_is_refused(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    slot = open_slot(platform, ORDOS_SITE, 20, capacity=1)
    first = lodge(platform, d.exporter, Lane.GREEN)
    second = lodge(platform, d.exporter, Lane.GREEN)
    booking = _book(platform, d.exporter, first.number, slot.id)
    assert booking.status is BookingStatus.BOOKED and booking.enterprise_id == d.exporter_id
    assert _booked(platform, slot.id) == 1
    with pytest.raises(Conflict) as full:
        _book(platform, d.exporter, second.number, slot.id)
    assert full.value.extra["rule"] == "slot.full"
    assert full.value.errors[0].path == "slot_id"
    assert _booked(platform, slot.id) == 1
    with platform.sessions() as s:
        assert queries.live_booking_of(s, second.id) is None


def test_booking_refusals_name_their_rule(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    ordos = open_slot(platform, ORDOS_SITE, 20)
    horgos = open_slot(platform, HORGOS_SITE, 20)
    export = lodge(platform, d.exporter, Lane.GREEN)
    with pytest.raises(RuleViolation) as wrong_office:
        _book(platform, d.exporter, export.number, horgos.id)
    assert wrong_office.value.errors[0].rule == "booking.office"
    draft_only = lodge(platform, d.exporter)  # submitted, not yet accepted: bookable
    _book(platform, d.exporter, draft_only.number, ordos.id)
    with pytest.raises(Conflict) as twice:
        _book(platform, d.exporter, draft_only.number, ordos.id)
    assert twice.value.extra["rule"] == "booking.exists"
    platform.clock.advance(timedelta(hours=21))  # type: ignore[attr-defined]
    later = lodge(platform, d.exporter, Lane.GREEN)
    with pytest.raises(RuleViolation) as begun:
        _book(platform, d.exporter, later.number, ordos.id)
    assert begun.value.errors[0].rule == "slot.started"


def test_tenancy_another_enterprise_cannot_see_or_book(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    slot = open_slot(platform, HORGOS_SITE, 20)
    imported = lodge(platform, d.broker, Lane.GREEN, flow="import", trader_id=d.importer_id)
    booking = _book(platform, d.broker, imported.number, slot.id)  # the mandated broker books
    with platform.sessions() as s:
        assert queries.get_booking(s, d.importer, booking.id).id == booking.id
        for outsider in (d.exporter, d.other_broker):
            with pytest.raises(NotFound):
                queries.get_booking(s, outsider, booking.id)
    with pytest.raises(NotFound):
        _book(platform, d.exporter, imported.number, slot.id)
    with pytest.raises(PermissionDenied), platform.uow() as uow:
        bookings.cancel(uow, booking.id, CancelInput(), RISK, platform.clock)


def test_reschedule_moves_the_place_atomically(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    first, second, full = (open_slot(platform, ORDOS_SITE, h, capacity=1) for h in (20, 30, 40))
    declaration = lodge(platform, d.exporter, Lane.GREEN)
    other = lodge(platform, d.exporter, Lane.GREEN)
    booking = _book(platform, d.exporter, declaration.number, first.id)
    _book(platform, d.exporter, other.number, full.id)
    with pytest.raises(Conflict) as refused, platform.uow() as uow:
        bookings.reschedule(
            uow, booking.id, RescheduleInput(slot_id=full.id), d.exporter, platform.clock
        )
    assert refused.value.extra["rule"] == "slot.full"
    assert [_booked(platform, s.id) for s in (first, second, full)] == [1, 0, 1]
    with platform.uow() as uow:
        moved = bookings.reschedule(
            uow, booking.id, RescheduleInput(slot_id=second.id), d.exporter, platform.clock
        )
    assert moved.slot_id == second.id and moved.rescheduled_at == platform.clock.now()
    assert [_booked(platform, s.id) for s in (first, second, full)] == [0, 1, 1]
    with platform.uow() as uow:
        cancelled = bookings.cancel(
            uow, booking.id, CancelInput(reason="goods not ready"), d.exporter, platform.clock
        )
    assert cancelled.status is BookingStatus.CANCELLED and cancelled.holds_declaration_id is None
    assert _booked(platform, second.id) == 0
    _book(platform, d.exporter, declaration.number, first.id)  # may book again once cancelled


def test_red_lane_opens_an_order_booked_in_the_earliest_slot(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    open_slot(platform, HORGOS_SITE, 30)
    earliest = open_slot(platform, HORGOS_SITE, 6)
    open_slot(platform, ORDOS_SITE, 2)  # earlier, but at the other office
    declaration = lodge(platform, d.importer, Lane.RED, flow="import")
    with platform.sessions() as s:
        order = queries.open_order_of(s, declaration.id)
        assert order is not None and order.status is OrderStatus.SCHEDULED
        booking = queries.live_booking_of(s, declaration.id)
        assert booking is not None and booking.slot_id == earliest.id
        assert booking.order_id == order.id and booking.booked_by == orders.DESK
    # The enterprise may move it but not cancel it.
    with pytest.raises(RuleViolation) as kept, platform.uow() as uow:
        bookings.cancel(uow, booking.id, CancelInput(), d.importer, platform.clock)
    assert kept.value.errors[0].rule == "order.booking_required"
    # Inspection begins and ends through the lifecycle; the order and booking follow.
    for command in (Command.BEGIN_INSPECTION, Command.ASSESS_DUTY):
        with platform.uow() as uow:
            declarations.act(
                uow,
                declaration.id,
                command,
                ActionInput(),
                INSPECTOR,
                platform.clock,
                platform.submission,
            )
    with platform.sessions() as s:
        done = queries.get_order(s, INSPECTOR, order.id)
        assert done.status is OrderStatus.COMPLETED and done.active_declaration_id is None
        ended = queries.get_booking(s, INSPECTOR, booking.id)
        assert ended.status is BookingStatus.COMPLETED
    assert _booked(platform, earliest.id) == 1  # an inspection that took place keeps its place


def test_reroute_off_red_cancels_the_order_and_frees_the_place(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    slot = open_slot(platform, HORGOS_SITE, 6, capacity=1)
    declaration = lodge(platform, d.importer, Lane.RED, flow="import")
    assert _booked(platform, slot.id) == 1
    with platform.uow() as uow:
        declarations.act(
            uow,
            declaration.id,
            Command.REROUTE,
            ActionInput(lane=Lane.YELLOW, reason="documents suffice"),
            RISK,
            platform.clock,
            platform.submission,
        )
    with platform.sessions() as s:
        assert queries.open_order_of(s, declaration.id) is None
        assert queries.live_booking_of(s, declaration.id) is None
    assert _booked(platform, slot.id) == 0


def test_orders_wait_for_a_slot_and_the_job_books_them(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    declaration = lodge(platform, d.importer, Lane.RED, flow="import")
    with platform.sessions() as s:
        order = queries.open_order_of(s, declaration.id)
        assert order is not None and order.status is OrderStatus.AWAITING_SLOT
    slot = open_slot(platform, HORGOS_SITE, 3)
    with platform.uow() as uow:
        done = orders.sweep(uow, platform.clock)
    assert done.scheduled == [order.id] and done.waiting == 0
    with platform.sessions() as s:
        booking = queries.live_booking_of(s, declaration.id)
        assert booking is not None and booking.slot_id == slot.id


def test_job_opens_orders_for_red_declarations_routed_without_the_listener(
    platform: Platform,
) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    handlers = tuple(h for h in platform.handlers if h[1] is not orders.on_declaration_moved)
    declaration = lodge(replace(platform, handlers=handlers), d.importer, Lane.RED, flow="import")
    open_slot(platform, HORGOS_SITE, 3)
    with platform.uow() as uow:
        done = orders.sweep(uow, platform.clock)
    assert len(done.opened) == 1
    with platform.sessions() as s:
        order = queries.open_order_of(s, declaration.id)
        assert order is not None and order.status is OrderStatus.SCHEDULED
    with platform.uow() as uow:
        again = orders.sweep(uow, platform.clock)
    assert again.opened == [] and again.scheduled == []


def test_schedule_of_the_day_lists_slots_bookings_and_windows(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    slot = open_slot(platform, HORGOS_SITE, 3)  # 13:00 Beijing time today
    declaration = lodge(platform, d.importer, Lane.RED, flow="import")
    with platform.sessions() as s:
        day = queries.day_schedule(s, platform.clock.now().date(), HORGOS_SITE, None, "UTC")
        with pytest.raises(NotFound):
            queries.day_schedule(s, platform.clock.now().date(), "NOPE", None, "UTC")
    (site_day,) = day.sites
    assert site_day.timezone == "Asia/Shanghai"
    (scheduled,) = site_day.slots
    assert scheduled.slot.id == slot.id
    assert [b.declaration_number for b in scheduled.bookings] == [declaration.number]
    assert scheduled.bookings[0].lane == "red"
    rows = list(
        platform.sessions()
        .execute(
            select(inspection_bookings.c.status).where(inspection_bookings.c.slot_id == slot.id)
        )
        .scalars()
    )
    assert rows == ["booked"]
    _ = (HORGOS, ORDOS)
