"""Demo inspection: office calendars, the two ports' inspection sites and slots, bookings (one
slot full), red-lane orders booked automatically, an Ordos exporter's tailored plan, appointment
clearance outside office hours, and inspection records conform and nonconform.

Everything happens on the demo's "today" (the day it is loaded, 12:00 in Beijing; written for
Friday 20 November 2026 and moved by demo/days.py) through the same services the API uses. The
new declarations are dated that day, so the January–February and Q1 2024 figures of the two
ports are untouched. Holidays are the published ones and do not move.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput, DeclarationInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.demo.days import DemoDays
from clearway.demo.district import HORGOS, ORDOS
from clearway.demo.shipments import ORE_LINES
from clearway.identity.model import Actor
from clearway.inspection import (
    appointments,
    bookings,
    calendars,
    orders,
    plans,
    queries,
    records,
    slots,
)
from clearway.inspection.commands import (
    AppointmentInput,
    AttachmentInput,
    BookingInput,
    CalendarInput,
    DecisionInput,
    HolidayInput,
    PlanInput,
    RecordResultInput,
    RecordStartInput,
    SiteInput,
    SlotSeriesInput,
    WorkingPeriodInput,
)
from clearway.inspection.model import GoodsCategory, InspectionSlot, SiteKind
from clearway.inspection.results import RecordKind, Result
from clearway.inspection.status import AppointmentCommand
from clearway.shared.clock import FixedClock

ORDOS_SITE, HORGOS_SITE = "ORD-BZW", "HRG-RY"
# Customs office hours: 08:30–12:00 and 14:30–18:00 on working days.
HOURS = [
    WorkingPeriodInput(weekday=day, opens=opens, closes=closes)
    for day in range(1, 6)
    for opens, closes in ((time(8, 30), time(12, 0)), (time(14, 30), time(18, 0)))
]
HOLIDAYS = [
    *((date(2026, 10, d), "国庆节 National Day") for d in range(1, 8)),
    (date(2027, 1, 1), "元旦 New Year's Day"),
    *((date(2027, 2, d), "春节 Spring Festival") for d in range(6, 13)),
]
SITES = (
    (ORDOS_SITE, ORDOS, "鄂尔多斯综保区查验仓库 Ordos bonded-zone inspection warehouse",
     SiteKind.BONDED_ZONE_WAREHOUSE, "鄂尔多斯综合保税区 查验区 2 号库", 2),
    (HORGOS_SITE, HORGOS, "霍尔果斯铁路口岸查验场 Horgos rail port inspection yard",
     SiteKind.RAIL_YARD, "霍尔果斯站 换装场 3 道", 3),
)  # fmt: skip


def _battery(
    code: str, name: str, pieces: int, price: str, kg: str, wh: str, model: str
) -> dict[str, Any]:
    net = pieces * Decimal(kg)
    return {
        "tariff_code": code,
        "goods_name": name,
        "quantity": pieces,
        "unit": "pcs",
        "net_weight": net,
        "gross_weight": (net * Decimal("1.08")).quantize(Decimal("0.1")),
        "value": pieces * Decimal(price),
        "origin_country": "CN",
        "destination_country": "DE",
        "dangerous_goods": {
            "un_number": "UN3480",
            "name": "LITHIUM ION BATTERIES",
            "packaging_category": "II",
            "packaging_spec": "UN 4G/Y30/S/26/CN/HX0318",
            "chemistry": "lithium_ion",
            "battery_kind": "battery",
            "watt_hours": wh,
            "state_of_charge_pct": "30",
            "battery_model": model,
        },
    }


# The lithium-battery certificates every battery export here carries (valid on the reference
# day; moved with it).
CERTIFICATES = [
    {"doc_type": "un38_3_summary", "number": "UN383-DEMO-2026-011",
     "issuer": "国家化学电源产品质量检验检测中心", "issue_date": "2026-02-12"},
    {"doc_type": "packaging_performance_sheet", "number": "PK150600-2026-0507",
     "issuer": "鄂尔多斯恒信包装制品有限公司 (fictional)", "issue_date": "2026-05-06",
     "valid_until": "2027-05-05"},
    {"doc_type": "usage_appraisal_sheet", "number": "UA150600-2026-1015",
     "issuer": "Ordos Customs technical centre (demo)", "issue_date": "2026-10-15"},
]  # fmt: skip


def _ore(n: int, kg: int, value: str) -> dict[str, Any]:
    code, name, grain, (fe, moisture) = ORE_LINES[n % len(ORE_LINES)]
    return {
        "tariff_code": code,
        "goods_name": name,
        "quantity": kg,
        "unit": "kg",
        "net_weight": kg,
        "gross_weight": kg,
        "value": Decimal(value),
        "origin_country": "KZ",
        "destination_country": "CN",
        "ore": {"grain_size_class": grain, "fe_pct": fe, "moisture_pct": moisture},
    }


def _declare(
    platform: Platform,
    actors: dict[str, Actor],
    declarant: str,
    trader_id: int,
    item: dict[str, Any],
    lane: Lane,
    reason: str,
    days: DemoDays,
) -> str:
    """Lodge, submit and route a declaration as the demo's officers do; its number."""
    flow = "import" if item["destination_country"] == "CN" else "export"
    body = DeclarationInput.model_validate(
        {
            "flow": flow,
            "trader_id": trader_id,
            "office_code": HORGOS if flow == "import" else ORDOS,
            "port_code": HORGOS if flow == "import" else ORDOS,
            "transport_mode": "rail",
            "transport_means": "X8035 China–Europe train" if flow == "export" else "Train 8123KZ",
            "trade_country": "DE" if flow == "export" else "KZ",
            "currency": "CNY",
            "total_value": item["value"],
            "net_weight": item["net_weight"],
            "gross_weight": item["gross_weight"],
            "overseas_party": "Nordvolt Energy GmbH"
            if flow == "export"
            else "Steppe Iron Mining JSC",
            "items": [item],
            "documents": days.documents(CERTIFICATES) if flow == "export" else [],
        }
    )
    clock = platform.clock
    with platform.uow() as uow:
        declaration = declarations.create(uow, body, actors[declarant], clock, 50)
    steps = (
        (Command.SUBMIT, actors[declarant], ActionInput()),
        (Command.ACCEPT, actors["risk"], ActionInput()),
        (Command.ASSIGN_LANE, actors["risk"], ActionInput(lane=lane, reason=reason)),
    )
    for command, actor, action in steps:
        with platform.uow() as uow:
            declarations.act(
                uow, declaration.id, command, action, actor, clock, platform.submission
            )
    return declaration.number


def seed_inspection(
    platform: Platform, ids: dict[str, int], actors: dict[str, Actor], days: DemoDays
) -> None:
    """Calendars, sites, slots, a plan, bookings, orders, appointments and records."""
    clock = FixedClock(days.now - timedelta(days=1))
    platform = replace(platform, clock=clock)
    _desk(platform, actors["inspector"], days)
    with platform.uow() as uow:
        plan = plans.file_plan(
            uow,
            PlanInput(
                site=ORDOS_SITE,
                weekdays=[2, 4],
                window_start=time(16, 0),
                window_end=time(18, 0),
                expected_lots=3,
                valid_from=days.today,
                valid_to=days.on(date(2027, 2, 26)),
                description="储能电池柜 leave the line Tuesday and Thursday afternoons for the "
                "Wednesday and Friday China–Europe trains",
            ),
            actors["exporter"],
            clock,
        )
    _appointments(platform, ids, actors, days)  # asked yesterday, one for this evening
    clock.set(days.at(datetime(2026, 11, 20, 0, 30, tzinfo=UTC)))  # 08:30 in Beijing
    _morning_inspections(platform, clock, ids, actors, days)
    clock.set(days.now)
    _bookings(platform, ids, actors, plan.id, days)
    with platform.uow() as uow:
        orders.sweep(uow, clock)


def _desk(platform: Platform, inspector: Actor, days: DemoDays) -> None:
    """Both offices' calendars, one site each, and two weeks of slots."""
    admin = Actor.system("demo-loader")
    clock = platform.clock
    for office in (ORDOS, HORGOS):
        with platform.uow() as uow:
            calendars.set_hours(
                uow,
                office,
                CalendarInput(hours=HOURS),
                admin,
                clock,
                platform.settings.office_timezone,
            )
        for day, name in HOLIDAYS:
            with platform.uow() as uow:
                calendars.add_holiday(uow, office, HolidayInput(day=day, name=name), admin, clock)
    for code, office, name, kind, address, capacity in SITES:
        with platform.uow() as uow:
            slots.add_site(
                uow,
                SiteInput(code=code, office_code=office, name=name, kind=kind, address=address),
                admin,
                clock,
            )
        for first, last in ((time(9, 0), time(12, 0)), (time(14, 30), time(17, 30))):
            with platform.uow() as uow:
                slots.open_series(
                    uow,
                    code,
                    SlotSeriesInput(
                        date_from=days.today,
                        date_to=days.today + timedelta(days=14),
                        first_start=first,
                        last_end=last,
                        capacity=capacity,
                    ),
                    inspector,
                    clock,
                    max_days=platform.settings.slot_series_max_days,
                )


def _morning_inspections(
    platform: Platform,
    clock: FixedClock,
    ids: dict[str, int],
    actors: dict[str, Actor],
    days: DemoDays,
) -> None:
    """Two ore trains routed red at 08:30 (booked automatically into the 09:00 slot) and a
    battery export routed yellow; inspected and checked by 10:20."""
    inspector = actors["inspector"]
    morning = clock.now()
    conform = _declare(
        platform, actors, "importer", ids["tianshan"], _ore(0, 3_300_000, "2890000.00"),
        Lane.RED, "physical inspection: radiation and weight on arrival", days,
    )  # fmt: skip
    failing = _declare(
        platform, actors, "broker", ids["silu"], _ore(1, 2_950_000, "2410000.00"),
        Lane.RED, "physical inspection: non-mainstream blended cargo", days,
    )  # fmt: skip
    papers = _declare(
        platform, actors, "baoshui", ids["beijiang"],
        _battery("8507600020", "动力电池系统 EV battery pack 75kWh", 12, "58000.00", "460",
                 "75000", "BJ-EV75"),
        Lane.YELLOW, "document check: UN38.3 summary and packaging sheets", days,
    )  # fmt: skip
    clock.set(morning + timedelta(minutes=30))
    started = {}
    for number, kind in (
        (conform, RecordKind.PHYSICAL_INSPECTION),
        (failing, RecordKind.PHYSICAL_INSPECTION),
        (papers, RecordKind.DOCUMENT_CHECK),
    ):
        with platform.uow() as uow:
            started[number] = records.start(
                uow, RecordStartInput(declaration=number, kind=kind), inspector, clock
            ).id
    clock.set(morning + timedelta(minutes=110))
    results: tuple[tuple[str, Result, str, list[tuple[str, str, int, str]]], ...] = (
        (conform, Result.CONFORM, "55 wagons: portal monitor clear, weight within 0.4 %",
         [("portal-monitor-8123KZ.pdf", "application/pdf", 48213, "1f" * 32)]),
        (failing, Result.NONCONFORM, "wagons 12–14: foreign inclusions (scrap steel, wood) in "
         "the ore; goods held pending disposal",
         [("wagon-13.jpg", "image/jpeg", 2214876, "9c" * 32),
          ("wagon-14.jpg", "image/jpeg", 1988102, "3e" * 32)]),
        (papers, Result.CONFORM, "UN38.3 summary, packaging performance and usage appraisal "
         "sheets valid; models match", []),
    )  # fmt: skip
    for number, result, findings, files in results:
        with platform.uow() as uow:
            records.complete(
                uow,
                started[number],
                RecordResultInput(
                    result=result,
                    findings=findings,
                    attachments=[
                        AttachmentInput(file_name=n, media_type=m, size_bytes=s, sha256=h)
                        for n, m, s, h in files
                    ],
                ),
                inspector,
                clock,
            )


def _bookings(
    platform: Platform, ids: dict[str, int], actors: dict[str, Actor], plan_id: int, days: DemoDays
) -> None:
    """A plan window booked by its exporter, the next working day's first Ordos slot filled by
    two exporters' broker, and an ore train routed red at noon (its order books the 14:30 slot
    by itself)."""
    clock = platform.clock
    own = _declare(
        platform, actors, "exporter", ids["qingyuan"],
        _battery("8507600030", "储能电池柜 Energy storage cabinet 372kWh", 4, "310000.00", "2900",
                 "372000", "QY-ESS372"),
        Lane.GREEN, "low risk: credit level and clean history", days,
    )  # fmt: skip
    with platform.sessions() as session:
        window = plans.windows(session, actors["exporter"], plan_id)[0]
        later = [
            s
            for s in _open_slots(session, ORDOS_SITE, actors["baoshui"], clock.now())
            if s.starts_at.date() > days.today
        ]
        first = min(later, key=lambda s: s.starts_at)  # the next working day's 09:00
    wanted = [("exporter", own, window.id)]
    for trader, pieces in (("beijiang", 40), ("hengtong", 25)):
        number = _declare(
            platform, actors, "baoshui", ids[trader],
            _battery("8507600090", "锂离子电池组 Li-ion battery pack 48V 100Ah", pieces,
                     "3900.00", "48", "4800", "HT-48V100"),
            Lane.GREEN, "low risk: statutory packaging inspection booked by the broker", days,
        )  # fmt: skip
        wanted.append(("baoshui", number, first.id))
    for who, number, slot_id in wanted:
        with platform.uow() as uow:
            bookings.book(
                uow, BookingInput(declaration=number, slot_id=slot_id), actors[who], clock
            )
    _declare(
        platform, actors, "broker", ids["silu"], _ore(2, 3_100_000, "2770000.00"),
        Lane.RED, "physical inspection: random selection", days,
    )  # fmt: skip


def _open_slots(session: Session, site: str, actor: Actor, now: datetime) -> list[InspectionSlot]:
    found = slots.get_site(session, site)
    return queries.slots(session, actor, found.id, now, now + timedelta(days=7), True, now.date())


def _appointments(
    platform: Platform, ids: dict[str, int], actors: dict[str, Actor], days: DemoDays
) -> None:
    """Asked yesterday noon: this evening's loading for the exporter (confirmed) and a broker's
    dawn loading three days on (awaiting an officer); both outside office hours."""
    clock = platform.clock
    evening = days.at(datetime(2026, 11, 20, 11, 0, tzinfo=UTC))  # 19:00 in Beijing
    asked = (
        ("exporter", None, evening, "truck 蒙K 6Q218, 2 cabinets"),
        ("baoshui", ids["hengtong"], days.at(datetime(2026, 11, 22, 22, 30, tzinfo=UTC)),
         "truck 蒙K 3B507, 25 battery packs"),
    )  # fmt: skip
    made = []
    for who, trader, start, shipment in asked:
        with platform.uow() as uow:
            made.append(
                appointments.request(
                    uow,
                    AppointmentInput(
                        trader_id=trader,
                        office_code=ORDOS,
                        shipment=shipment,
                        tariff_codes=["8507600030"],
                        goods_category=GoodsCategory.DANGEROUS_GOODS,
                        starts_at=start,
                        ends_at=start + timedelta(hours=2),
                        note="loading for the China–Europe train",
                    ),
                    actors[who],
                    clock,
                    platform.settings,
                ).id
            )
    with platform.uow() as uow:
        appointments.act(
            uow,
            made[0],
            AppointmentCommand.CONFIRM,
            DecisionInput(reason="two officers on the evening shift"),
            actors["inspector"],
            clock,
        )
