"""Imperative mapping of the inspection classes (calendars, sites, slots, bookings, orders,
appointments, plans, records).

Called once from :func:`clearway.bootstrap.start_mappers`, so the inspection domain stays free
of ORM imports exactly as the other domains are.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import registry

from clearway.inspection import tables as t
from clearway.inspection.calendar import Holiday, OfficeCalendar, WorkingPeriod
from clearway.inspection.model import (
    ClearanceAppointment,
    GoodsCategory,
    InspectionBooking,
    InspectionOrder,
    InspectionPlan,
    InspectionSite,
    InspectionSlot,
    SiteKind,
)
from clearway.inspection.results import Attachment, InspectionRecord, RecordKind, Result
from clearway.inspection.status import (
    AppointmentStatus,
    BookingStatus,
    OrderStatus,
    PlanStatus,
    RecordStatus,
)
from clearway.persistence.enums import coerce_enums_on_load
from clearway.persistence.mapping import children


def map_inspection(reg: registry) -> None:
    """Map every inspection class onto its table."""
    reg.map_imperatively(WorkingPeriod, t.office_working_hours)
    reg.map_imperatively(Holiday, t.office_holidays)
    reg.map_imperatively(
        OfficeCalendar,
        t.office_calendars,
        version_id_col=t.office_calendars.c.version,
        properties={
            "hours": children(
                WorkingPeriod, (t.office_working_hours.c.weekday, t.office_working_hours.c.opens)
            ),
            "holidays": children(Holiday, t.office_holidays.c.day),
        },
    )
    reg.map_imperatively(InspectionSite, t.inspection_sites)
    reg.map_imperatively(InspectionSlot, t.inspection_slots)
    reg.map_imperatively(
        InspectionBooking, t.inspection_bookings, version_id_col=t.inspection_bookings.c.version
    )
    reg.map_imperatively(
        InspectionOrder, t.inspection_orders, version_id_col=t.inspection_orders.c.version
    )
    reg.map_imperatively(
        ClearanceAppointment,
        t.clearance_appointments,
        version_id_col=t.clearance_appointments.c.version,
    )
    reg.map_imperatively(
        InspectionPlan, t.inspection_plans, version_id_col=t.inspection_plans.c.version
    )
    reg.map_imperatively(Attachment, t.inspection_attachments)
    reg.map_imperatively(
        InspectionRecord,
        t.inspection_records,
        version_id_col=t.inspection_records.c.version,
        properties={"attachments": children(Attachment, t.inspection_attachments.c.id)},
    )
    coerce_enums_on_load(_ENUM_ATTRS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, type[StrEnum]]] = {
    InspectionSite: {"kind": SiteKind},
    InspectionBooking: {"status": BookingStatus},
    InspectionOrder: {"status": OrderStatus},
    ClearanceAppointment: {"status": AppointmentStatus, "goods_category": GoodsCategory},
    InspectionPlan: {"status": PlanStatus},
    InspectionRecord: {"status": RecordStatus, "kind": RecordKind, "result": Result},
}
