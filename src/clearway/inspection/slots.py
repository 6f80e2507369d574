"""Inspection sites and their slots, and the two statements that take and give back a place.

A place is taken by ``UPDATE … SET booked = booked + 1 WHERE id = :id AND booked < capacity``:
the row lock (PostgreSQL) or the write lock (SQLite) serialises racing bookers, the WHERE is
re-checked by whoever waited, and the table's CHECK (``booked BETWEEN 0 AND capacity``) is the
last word. Python never reads a count and decides; so 50 requests for the last place give one
booking and 49 refusals.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from clearway.audit.services import record
from clearway.identity.model import Actor
from clearway.inspection import policy
from clearway.inspection.calendars import calendar_for
from clearway.inspection.commands import SiteInput, SlotInput, SlotSeriesInput
from clearway.inspection.model import InspectionSite, InspectionSlot
from clearway.inspection.rules import MAX_SERIES_SLOTS, slot_series
from clearway.inspection.tables import inspection_sites, inspection_slots
from clearway.persistence.db import UnitOfWork
from clearway.reference.services import office as get_office
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, Conflict, FieldError, NotFound, RuleViolation

_s = inspection_slots.c
MAX_SLOT_HOURS = 24


def take_place(db: Connection | Session, slot_id: int) -> bool:
    """Take one place in a slot if one is left; the database decides, atomically."""
    done = cast(
        CursorResult[Any],
        db.execute(
            update(inspection_slots)
            .where(_s.id == slot_id, _s.booked < _s.capacity)
            .values(booked=_s.booked + 1)
        ),
    )
    _forget_count(db, slot_id)
    return done.rowcount == 1


def release_place(db: Connection | Session, slot_id: int) -> None:
    """Give a place back (a booking cancelled or moved away)."""
    db.execute(
        update(inspection_slots).where(_s.id == slot_id, _s.booked > 0).values(booked=_s.booked - 1)
    )
    _forget_count(db, slot_id)


def _forget_count(db: Connection | Session, slot_id: int) -> None:
    """A slot the session already holds shows the count the statement just changed."""
    if isinstance(db, Session):
        held = db.identity_map.get(identity_key(InspectionSlot, slot_id))
        if held is not None:
            db.expire(held, ["booked"])


def slot_full(slot_id: int, path: str = "slot_id") -> Conflict:
    """The refusal of a booking for a slot with no place left."""
    refused = Conflict(
        f"inspection slot {slot_id} is full: no place left, choose another slot",
        rule="slot.full",
        slot_id=slot_id,
    )
    refused.errors.append(FieldError(path, "slot.full", "no place left in this slot"))
    return refused


def get_site(session: Session, code: str) -> InspectionSite:
    found = session.scalars(select(InspectionSite).where(inspection_sites.c.code == code)).first()
    if found is None:
        raise NotFound("inspection site", code)
    return found


def sites(session: Session, office_code: str | None = None) -> list[InspectionSite]:
    stmt = select(InspectionSite).order_by(inspection_sites.c.office_code, inspection_sites.c.code)
    if office_code is not None:
        stmt = stmt.where(inspection_sites.c.office_code == office_code)
    return list(session.scalars(stmt))


def add_site(uow: UnitOfWork, data: SiteInput, actor: Actor, clock: Clock) -> InspectionSite:
    """Register a place where the office inspects goods."""
    policy.ensure_keeps_calendars(actor)
    get_office(uow.session, data.office_code)
    taken = uow.session.scalars(
        select(InspectionSite).where(inspection_sites.c.code == data.code)
    ).first()
    if taken is not None:
        raise Conflict(f"inspection site {data.code} already exists", rule="site.exists")
    now = clock.now()
    site = InspectionSite(**data.model_dump(), created_at=now, created_by=actor.username)
    uow.session.add(site)
    uow.flush()
    record(uow.session, actor, now, "inspection.site_added", "inspection_site", site.id, {})
    uow.commit()
    return site


def open_slot(
    uow: UnitOfWork, site_code: str, data: SlotInput, actor: Actor, clock: Clock
) -> InspectionSlot:
    """One slot at a site: a time with a number of places."""
    policy.ensure_inspection_officer(actor, "open inspection slots")
    site = get_site(uow.session, site_code)
    now = clock.now()
    errors = Collector()
    if data.ends_at <= data.starts_at:
        errors.add("ends_at", "slot.period", "must be after starts_at")
    elif data.ends_at - data.starts_at > timedelta(hours=MAX_SLOT_HOURS):
        errors.add("ends_at", "slot.period", f"a slot lasts at most {MAX_SLOT_HOURS} hours")
    if data.starts_at <= now:
        errors.add("starts_at", "slot.past", "a slot must start in the future")
    errors.raise_if_any()
    times = [(data.starts_at.astimezone(UTC), data.ends_at.astimezone(UTC))]
    slots = _add(uow, site, times, data.capacity, actor, clock)
    uow.commit()
    return slots[0]


def open_series(
    uow: UnitOfWork,
    site_code: str,
    data: SlotSeriesInput,
    actor: Actor,
    clock: Clock,
    *,
    max_days: int,
) -> list[InspectionSlot]:
    """Back-to-back slots over a range of days, read in the office's time zone.

    The range is bounded by ``max_days`` (setting ``slot_series_max_days``) before any slot
    is computed: the cap on the number of slots is only known once they are built, and a
    range to the year 9999 took minutes and gigabytes to reach it.
    """
    policy.ensure_inspection_officer(actor, "open inspection slots")
    errors = Collector()
    if data.date_to < data.date_from:
        errors.add("date_to", "slot.period", "must not be before date_from")
    elif (data.date_to - data.date_from).days + 1 > max_days:
        errors.add("date_to", "slot.range", f"a series covers at most {max_days} days")
    errors.raise_if_any()
    site = get_site(uow.session, site_code)
    calendar = calendar_for(uow.session, site.office_code, "site")
    if data.last_end <= data.first_start:
        errors.add("last_end", "slot.period", "must be after first_start")
    errors.raise_if_any()
    now = clock.now()
    times = [
        (start, end)
        for start, end in slot_series(
            calendar,
            data.date_from,
            data.date_to,
            data.weekdays,
            data.first_start,
            data.last_end,
            data.minutes,
            data.skip_holidays,
        )
        if start > now
    ]
    if not times:
        raise RuleViolation.single(
            "date_from", "slot.none", "these days and times give no future slot"
        )
    if len(times) > MAX_SERIES_SLOTS:
        raise RuleViolation.single(
            "date_to",
            "slot.too_many",
            f"{len(times)} slots asked at once; at most {MAX_SERIES_SLOTS}",
        )
    slots = _add(uow, site, times, data.capacity, actor, clock)
    uow.commit()
    return slots


def _add(
    uow: UnitOfWork,
    site: InspectionSite,
    times: list[tuple[Any, Any]],
    capacity: int,
    actor: Actor,
    clock: Clock,
) -> list[InspectionSlot]:
    if not site.active:
        raise RuleViolation.single("site", "site.inactive", f"site {site.code} is closed")
    now = clock.now()
    slots = [
        InspectionSlot(
            site_id=site.id,
            starts_at=start,
            ends_at=end,
            capacity=capacity,
            created_at=now,
            created_by=actor.username,
        )
        for start, end in times
    ]
    uow.session.add_all(slots)
    uow.flush()
    record(
        uow.session,
        actor,
        now,
        "inspection.slots_opened",
        "inspection_site",
        site.id,
        {"slots": len(slots), "capacity": capacity, "first": times[0][0].isoformat()},
    )
    return slots
