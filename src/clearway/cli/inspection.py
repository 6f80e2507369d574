"""`clearway inspection`: office calendars, sites and slots, bookings, orders, the day's schedule.

Appointments, tailored plans and inspection records are the `appointments`, `plans` and
`records` sub-commands (:mod:`clearway.cli.inspection_work`). Output is JSON, shaped exactly as
the API answers; refusals are one line naming the rule.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import typer

from clearway.api.schemas_inspection import (
    BookingPublic,
    OrderPublic,
    SlotPublic,
    present_calendar,
    present_schedule,
)
from clearway.cli.common import acting_user, emit, fail, guarded, platform
from clearway.cli.inspection_work import appointments_app, plans_app, records_app
from clearway.inspection import bookings, calendars, orders, queries, slots
from clearway.inspection.commands import (
    BookingInput,
    CalendarInput,
    CancelInput,
    HolidayInput,
    RescheduleInput,
    SiteInput,
    SlotSeriesInput,
    WorkingPeriodInput,
)
from clearway.inspection.model import SiteKind

app = typer.Typer(help="Inspection: calendars, slots, bookings, orders.", no_args_is_help=True)
calendar_app = typer.Typer(
    help="Office calendars: working hours and holidays.", no_args_is_help=True
)
app.add_typer(calendar_app, name="calendar")
app.add_typer(appointments_app, name="appointments")
app.add_typer(plans_app, name="plans")
app.add_typer(records_app, name="records")
AS_USER = typer.Option(..., "--as", help="Username to act as (tenancy applies).")
AS_ADMIN = typer.Option(None, "--as", help="Username to act as (default: the platform).")


def parse_hours(spec: str) -> list[WorkingPeriodInput]:
    """``"1-5 08:30-12:00,14:00-18:00; 6 09:00-12:00"``: ISO weekdays, then local periods."""
    out = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        days, _, periods = part.partition(" ")
        first, _, last = days.partition("-")
        for day in range(int(first), int(last or first) + 1):
            for period in periods.split(","):
                opens, _, closes = period.strip().partition("-")
                out.append(
                    WorkingPeriodInput(
                        weekday=day,
                        opens=time.fromisoformat(opens),
                        closes=time.fromisoformat(closes),
                    )
                )
    return out


@calendar_app.command("show")
@guarded
def show_calendar(office: str) -> None:
    """An office's working hours and holidays."""
    with platform().sessions() as session:
        emit(present_calendar(calendars.get_calendar(session, office)).model_dump(mode="json"))


@calendar_app.command("set")
@guarded
def set_calendar(
    office: str,
    hours: str = typer.Argument(..., help='e.g. "1-5 08:30-12:00,14:00-18:00"'),
    timezone: str | None = typer.Option(None, help="IANA zone (default: kept, or the district's)."),
    as_user: str | None = AS_ADMIN,
) -> None:
    """Replace an office's working hours (administrators)."""
    p = platform()
    try:
        periods = parse_hours(hours)
    except ValueError as exc:
        fail(f"hours: {exc}")
    with p.uow() as uow:
        done = calendars.set_hours(
            uow,
            office,
            CalendarInput(hours=periods, timezone=timezone),
            acting_user(as_user),
            p.clock,
            p.settings.office_timezone,
        )
        emit(present_calendar(done).model_dump(mode="json"))


@calendar_app.command("holiday")
@guarded
def add_holiday(office: str, day: datetime, name: str, as_user: str | None = AS_ADMIN) -> None:
    """Close an office on a day (its local calendar day)."""
    p = platform()
    with p.uow() as uow:
        calendars.add_holiday(
            uow, office, HolidayInput(day=day.date(), name=name), acting_user(as_user), p.clock
        )
    typer.echo(f"{office} closed on {day.date().isoformat()} ({name})")


@calendar_app.command("remove-holiday")
@guarded
def remove_holiday(office: str, day: datetime, as_user: str | None = AS_ADMIN) -> None:
    p = platform()
    with p.uow() as uow:
        calendars.remove_holiday(uow, office, day.date(), acting_user(as_user), p.clock)
    typer.echo(f"{office} open again on {day.date().isoformat()}")


@app.command("sites")
@guarded
def list_sites(office: str | None = typer.Option(None)) -> None:
    """Inspection sites, by office."""
    with platform().sessions() as session:
        emit(
            [
                {"code": s.code, "office": s.office_code, "name": s.name, "kind": s.kind.value}
                for s in slots.sites(session, office)
            ]
        )


@app.command("add-site")
@guarded
def add_site(
    code: str,
    office: str,
    name: str,
    kind: SiteKind = typer.Option(SiteKind.RAIL_YARD),
    address: str = typer.Option(""),
    as_user: str | None = AS_ADMIN,
) -> None:
    """Register an inspection site of an office (administrators)."""
    p = platform()
    with p.uow() as uow:
        site = slots.add_site(
            uow,
            SiteInput(code=code, office_code=office, name=name, kind=kind, address=address),
            acting_user(as_user),
            p.clock,
        )
    typer.echo(f"site {site.code} ({site.kind.value}) of office {site.office_code} added")


@app.command("open-slots")
@guarded
def open_slots(
    site: str,
    date_from: datetime = typer.Option(..., "--from"),
    date_to: datetime = typer.Option(..., "--to"),
    first_start: str = typer.Option("09:00", "--start", help="Local time of the first slot."),
    last_end: str = typer.Option("17:00", "--end", help="Local time the last slot ends."),
    minutes: int = typer.Option(60),
    capacity: int = typer.Option(2),
    weekdays: str = typer.Option("1,2,3,4,5", help="ISO weekdays, comma-separated."),
    as_user: str = AS_USER,
) -> None:
    """Open back-to-back slots at a site over a range of days (inspection officers)."""
    p = platform()
    data = SlotSeriesInput(
        date_from=date_from.date(),
        date_to=date_to.date(),
        weekdays=[int(d) for d in weekdays.split(",") if d],
        first_start=time.fromisoformat(first_start),
        last_end=time.fromisoformat(last_end),
        minutes=minutes,
        capacity=capacity,
    )
    with p.uow() as uow:
        made = slots.open_series(
            uow,
            site,
            data,
            acting_user(as_user),
            p.clock,
            max_days=p.settings.slot_series_max_days,
        )
    typer.echo(f"{len(made)} slot(s) opened at {site}")


@app.command("slots")
@guarded
def list_slots(
    site: str,
    as_user: str = AS_USER,
    date_from: datetime | None = typer.Option(None, "--from"),
    days: int = typer.Option(7, min=1, max=92),
    available: bool = typer.Option(False, "--available"),
) -> None:
    """A site's slots over local days, as the user may see them."""
    p = platform()
    actor = acting_user(as_user)
    with p.sessions() as session:
        found = slots.get_site(session, site)
        zone = queries.office_zone(session, found.office_code, p.settings.office_timezone)
        first = date_from.date() if date_from else queries.local_date(p.clock.now(), zone)
        start, _ = queries.local_day(first, zone)
        _, end = queries.local_day(first + timedelta(days=days - 1), zone)
        rows = queries.slots(session, actor, found.id, start, end, available, p.clock.now().date())
        emit([SlotPublic.model_validate(s).model_dump(mode="json") for s in rows])


@app.command("book")
@guarded
def book(declaration: str, slot: int, as_user: str = AS_USER) -> None:
    """Book a declaration into a slot."""
    p = platform()
    with p.uow() as uow:
        done = bookings.book(
            uow, BookingInput(declaration=declaration, slot_id=slot), acting_user(as_user), p.clock
        )
        emit(
            BookingPublic.model_validate(queries.booking_view(uow.session, done)).model_dump(
                mode="json"
            )
        )


@app.command("reschedule")
@guarded
def reschedule(booking: int, slot: int, as_user: str = AS_USER) -> None:
    """Move a booking to another slot (the old place is given back in the same transaction)."""
    p = platform()
    with p.uow() as uow:
        done = bookings.reschedule(
            uow, booking, RescheduleInput(slot_id=slot), acting_user(as_user), p.clock
        )
        emit(
            BookingPublic.model_validate(queries.booking_view(uow.session, done)).model_dump(
                mode="json"
            )
        )


@app.command("cancel")
@guarded
def cancel(booking: int, as_user: str = AS_USER, reason: str = typer.Option("")) -> None:
    """Give a booking's place back (a red-lane order's booking is moved, not cancelled)."""
    p = platform()
    with p.uow() as uow:
        done = bookings.cancel(
            uow, booking, CancelInput(reason=reason), acting_user(as_user), p.clock
        )
    typer.echo(f"booking {done.id} {done.status.value}")


@app.command("orders")
@guarded
def list_orders(as_user: str = AS_USER, status: str | None = typer.Option(None)) -> None:
    """Red-lane inspection orders the user may see, with their bookings."""
    with platform().read_session() as session:
        rows = queries.orders(session, acting_user(as_user), status, None, 200, 0)
        views = queries.order_views(session, rows)
        emit([OrderPublic.model_validate(v).model_dump(mode="json") for v in views])


@app.command("schedule-orders")
@guarded
def schedule_orders() -> None:
    """Open orders for red declarations lacking one and book those awaiting a slot (the job)."""
    p = platform()
    with p.uow() as uow:
        done = orders.sweep(uow, p.clock)
    typer.echo(
        f"{len(done.opened)} order(s) opened, {len(done.scheduled)} booked, "
        f"{done.waiting} awaiting a slot"
    )


@app.command("schedule")
@guarded
def schedule(
    as_user: str = AS_USER,
    day: datetime | None = typer.Option(None, "--date", help="Local day (default: today)."),
    site: str | None = typer.Option(None),
    office: str | None = typer.Option(None),
) -> None:
    """An officer's day: slots with who is booked, and appointments outside office hours."""
    p = platform()
    actor = acting_user(as_user)
    if not actor.is_customs:
        fail("the day's inspection schedule is for customs officers")
    zone = p.settings.office_timezone
    chosen: date = day.date() if day else queries.local_date(p.clock.now(), zone)
    with p.sessions() as session:
        found = queries.day_schedule(session, chosen, site, office, zone)
        emit(present_schedule(found).model_dump(mode="json"))
