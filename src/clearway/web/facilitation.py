"""What the declaration page shows beyond the declaration itself, read from the other domains.

Inspection (the booking and the slots it may move to, appointments outside office hours, the
document-check and inspection records), the two-step summary, ore lab results and disposal
cases, and the lithium-battery check findings: each is read through its own domain's queries
with the viewer's tenancy, and shown only where it exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.config import Settings
from clearway.dangerous_goods.queries import StoredCheck, stored_checks
from clearway.declarations.model import Declaration
from clearway.declarations.policy import is_declarant
from clearway.identity.model import Actor, Role
from clearway.inspection import queries, records
from clearway.inspection.model import (
    ClearanceAppointment,
    GoodsCategory,
    InspectionBooking,
    InspectionSite,
    InspectionSlot,
)
from clearway.inspection.policy import is_inspection_officer
from clearway.inspection.results import InspectionRecord, RecordKind, Result
from clearway.inspection.tables import clearance_appointments, inspection_sites
from clearway.ore.classification import is_ore
from clearway.ore.queries import OreRecord, record_of
from clearway.shared.errors import ClearwayError, FieldError
from clearway.supervision import two_step
from clearway.supervision.model import TwoStepDeclaration, TwoStepStatus
from clearway.web.forms import FormErrors

# How far ahead a declarant is offered slots (red-lane orders book within the same horizon).
SLOT_DAYS = 14
MAX_SLOTS = 120


@dataclass(frozen=True)
class SlotChoice:
    slot: InspectionSlot
    site: InspectionSite
    zone: str

    @property
    def full(self) -> bool:
        return self.slot.booked >= self.slot.capacity

    @property
    def text(self) -> str:
        start = self.slot.starts_at.astimezone(_zone(self.zone)).strftime("%a %Y-%m-%d %H:%M")
        left = self.slot.capacity - self.slot.booked
        state = "full" if self.full else f"{left} of {self.slot.capacity} free"
        return f"{start} · {self.site.code} · {state}"


def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@dataclass
class Panels:
    """Everything the facilitation panels of one declaration page need."""

    zone: str
    declarant: bool
    officer: bool
    booking: InspectionBooking | None = None
    booked_slot: SlotChoice | None = None
    slots: list[SlotChoice] = field(default_factory=list)
    appointments: list[ClearanceAppointment] = field(default_factory=list)
    records: list[InspectionRecord] = field(default_factory=list)
    summary: TwoStepDeclaration | None = None
    ore: OreRecord | None = None
    dg_checks: list[StoredCheck] = field(default_factory=list)
    errors: dict[str, FormErrors] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)

    @property
    def open_record(self) -> InspectionRecord | None:
        return next((r for r in self.records if r.ended_at is None), None)

    @property
    def summary_open(self) -> bool:
        return self.summary is not None and self.summary.status is TwoStepStatus.OPEN

    def error(self, form: str) -> FormErrors:
        return self.errors.get(form) or FormErrors()


RECORD_KINDS = [k.value for k in RecordKind]
RESULTS = [r.value for r in Result]
GOODS_CATEGORIES = [g.value for g in GoodsCategory]


def _slot_choices(
    db: Session, actor: Actor, declaration: Declaration, zone: str, now: datetime
) -> list[SlotChoice]:
    sites = {
        s.id: s
        for s in db.scalars(
            select(InspectionSite).where(inspection_sites.c.office_code == declaration.office_code)
        )
    }
    found: list[SlotChoice] = []
    for site in sites.values():
        found += [
            SlotChoice(slot, site, zone)
            for slot in queries.slots(
                db,
                actor,
                site.id,
                now,
                now + timedelta(days=SLOT_DAYS),
                False,
                queries.local_date(now, zone),
            )
        ]
    found.sort(key=lambda c: (c.slot.starts_at, c.site.code))
    return found[:MAX_SLOTS]


def panels(
    db: Session, actor: Actor, declaration: Declaration, settings: Settings, now: datetime
) -> Panels:
    declarant = is_declarant(actor, declaration) or actor.role is Role.ADMINISTRATOR
    zone = queries.office_zone(db, declaration.office_code, settings.office_timezone)
    found = Panels(zone, declarant, is_inspection_officer(actor))
    found.booking = queries.live_booking_of(db, declaration.id)
    if found.booking is not None:
        slot = db.get(InspectionSlot, found.booking.slot_id)
        site = db.get(InspectionSite, slot.site_id) if slot else None
        found.booked_slot = SlotChoice(slot, site, zone) if slot and site else None
    open_case = declaration.released_at is None and not declaration.status.is_final
    if declarant and open_case:
        found.slots = _slot_choices(db, actor, declaration, zone, now)
    a = clearance_appointments.c
    found.appointments = list(
        db.scalars(
            select(ClearanceAppointment)
            .where(a.declaration_id == declaration.id)
            .order_by(a.starts_at)
        )
    )
    found.records = records.records_of(db, declaration.id, limit=20)
    found.summary = two_step.summary_of(db, declaration)
    if any(is_ore(i.tariff_code) for i in declaration.items):
        found.ore = record_of(db, declaration)
    found.dg_checks = stored_checks(db, declaration)
    return found


def refusal(exc: ClearwayError, path: str) -> list[FieldError]:
    """A refusal's field errors, or one naming the form's main field and the rule."""
    if exc.errors:
        return list(exc.errors)
    rule = str(exc.extra.get("rule", exc.kind))
    return [FieldError(path, rule, exc.detail)]
