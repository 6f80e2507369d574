"""Demo liaison and broker information: Horgos broker plans and trains, coordinators, requests.

Runs after the demo declarations, through the same services the API uses, on its own fixed
clock in the demo's "this week" around the day it is loaded (demo/days.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from clearway.bootstrap import Platform
from clearway.brokerage import services as brokerage
from clearway.brokerage.commands import (
    ImportPlanInput,
    LinkInput,
    TrainEventInput,
    TrainInput,
    WagonInput,
)
from clearway.brokerage.screening import screen_for
from clearway.brokerage.status import TrainCommand
from clearway.declarations.queries import DeclarationFilter, list_visible
from clearway.demo.days import DemoDays
from clearway.identity.model import Actor
from clearway.liaison import services as liaison
from clearway.liaison.commands import AssignmentInput, RequestActionInput, RequestInput
from clearway.liaison.model import Duty, RequestCategory
from clearway.liaison.status import RequestCommand
from clearway.notifications import services as notifications
from clearway.notifications.commands import WebhookInput
from clearway.shared.clock import FixedClock

ORE_MINE = "Steppe Iron Mining JSC (fictional)"
ORE_TRADER = "Kostanay Ore Trading LLP (fictional)"
NEW_SUPPLIER = "Angren Ore LLC (fictional)"

# (principal, tariff line, goods, kg, origin, supplier, first day, last day)
PLANS = (
    ("tianshan", "2601111000", "铁精矿粉 Iron ore concentrate", 3_520_000, "KZ", ORE_MINE, 1, 2),
    ("silu", "2601120000", "氧化球团 Iron ore pellets", 3_360_000, "KZ", ORE_TRADER, 0, 1),
    ("tianshan", "2601119000", "块矿 Iron ore lump", 4_100_000, "KZ", ORE_MINE, 5, 8),
    (
        "silu",
        "2601111000",
        "铁精矿粉 Iron ore concentrate",
        2_900_000,
        "UZ",
        "Angren Ore LLC",
        6,
        9,
    ),
)

# (plan index, train number, origin station, wagons, kg per wagon, departed, ETA, arrived)
TRAINS = (
    (0, "X8017", "Rudny (KZ)", 55, 64_000, -22.0, 22.0, None),
    (1, "X8021", "Lisakovsk (KZ)", 52, 64_600, -40.0, -4.0, -3.0),
)


def _wagons(train_number: str, count: int, kg: int) -> list[WagonInput]:
    base = 60_000_000 + int(train_number[1:]) * 100
    return [
        WagonInput(wagon_number=f"{base + n:08d}", net_weight=Decimal(kg + (n % 5) * 40 - 80))
        for n in range(count)
    ]


def seed_liaison(
    platform: Platform, ids: dict[str, int], actors: dict[str, Actor], days: DemoDays
) -> None:
    """Coordinators, officers, plans, trains, requests and one webhook for the demo district."""
    now = days.now
    clock = FixedClock(now)
    admin = Actor.system("demo-loader")
    officer = actors["liaison"]
    with platform.uow() as uow:
        liaison.sync_coordinators(uow, admin, clock)
    with platform.uow() as uow:
        liaison.assign_officer(
            uow,
            AssignmentInput(
                enterprise_id=ids["silu"],
                officer_id=int(officer.user_id or 0),
                duty=Duty.LIAISON_OFFICER,
                reason="Horgos ore importers: two-step and centralized declaration guidance",
            ),
            admin,
            clock,
        )
    screen = screen_for(platform)
    broker = actors["broker"]
    plan_ids = []
    today = now.date()
    for principal, line, goods, kg, origin, supplier, first, last in PLANS:
        with platform.uow() as uow:
            plan_ids.append(
                brokerage.submit_plan(
                    uow,
                    ImportPlanInput(
                        principal_id=ids[principal],
                        office_code="7909",
                        goods_name=goods,
                        tariff_code=line,
                        quantity=Decimal(kg),
                        unit="kg",
                        origin_country=origin,
                        supplier=supplier,
                        arrival_from=today + timedelta(days=first),
                        arrival_to=today + timedelta(days=last),
                    ),
                    broker,
                    clock,
                    screen,
                ).id
            )
    for plan, number, station, count, kg, left, eta, arrived in TRAINS:
        with platform.uow() as uow:
            train = brokerage.record_train(
                uow,
                TrainInput(
                    plan_id=plan_ids[plan],
                    train_number=number,
                    origin_station=station,
                    departed_at=now + timedelta(hours=left),
                    eta_border=now + timedelta(hours=eta),
                    wagons=_wagons(number, count, kg),
                ),
                broker,
                clock,
                screen,
            )
        if plan == 0:
            _link_open_declaration(platform, clock, broker, ids["tianshan"], train.id)
        if arrived is not None:
            with platform.uow() as uow:
                brokerage.train_event(
                    uow,
                    train.id,
                    TrainCommand.RECORD_ARRIVAL,
                    TrainEventInput(at=now + timedelta(hours=arrived)),
                    actors["inspector"],
                    clock,
                )
    _requests(platform, clock, actors, now)
    with platform.uow() as uow:
        notifications.subscribe(
            uow,
            WebhookInput(
                url="http://127.0.0.1:8787/clearway/webhooks",
                topics=["declaration.*", "train.*", "liaison.*"],
            ),
            actors["importer"],
            clock,
            # The demo (never loaded in production) points at the development receiver on
            # this machine, `clearway notifications receive`: its host is named as allowed.
            platform.settings.model_copy(update={"webhook_allowed_hosts": ["127.0.0.1"]}),
        )


def _requests(
    platform: Platform, clock: FixedClock, actors: dict[str, Actor], now: datetime
) -> None:
    """Four requests over the last day and a half, the newest this morning."""
    terms = liaison.terms_of(platform.settings)
    asked = (
        (
            30,
            "importer",
            RequestCategory.URGENT_CLEARANCE,
            "Train X8017: direct reloading on arrival",
            "Train X8017 (55 wagons of concentrate) reaches Horgos early tomorrow. We ask "
            "for direct reloading from the arriving train under first release, then inspection.",
            "Approved in principle: declare before arrival; if not selected for inspection the "
            "wagons are reloaded straight from the train after radiation screening.",
        ),
        (
            24,
            "exporter",
            RequestCategory.QUESTION,
            "Appointment inspection before office hours",
            "Can we book a dangerous-goods packaging inspection for early loading tomorrow?",
            "Yes: book an appointment inspection at least 8 hours ahead as an advanced certified "
            "enterprise; bring the packaging usage appraisal result sheet.",
        ),
        (
            18,
            "silu",
            RequestCategory.URGENT_CLEARANCE,
            "Pellets on train X8021: two-step declaration",
            "Train X8021 reaches Horgos tonight. May we pick the pellets up on the summary "
            "declaration and lodge the complete declaration within 14 days?",
            None,
        ),
        (
            2,
            "silu",
            RequestCategory.COMPLAINT,
            "Transshipment slot delayed",
            "Our wagons waited 9 hours for a transshipment slot yesterday.",
            None,
        ),
    )
    for hours_ago, who, category, subject, body, answer in asked:
        clock.set(now - timedelta(hours=hours_ago))
        with platform.uow() as uow:
            request = liaison.open_request(
                uow,
                RequestInput(category=category, subject=subject, body=body),
                actors[who],
                clock,
                terms,
            )
        if answer is None:
            continue
        clock.advance(timedelta(minutes=50))
        with platform.uow() as uow:
            liaison.act(
                uow,
                request.id,
                RequestCommand.ANSWER,
                RequestActionInput(body=answer),
                actors["liaison"],
                clock,
                terms,
            )
    clock.set(now)
    with platform.uow() as uow:  # the urgent request's two hours are long gone
        liaison.escalate_overdue(uow, clock, terms)


def _link_open_declaration(
    platform: Platform, clock: FixedClock, broker: Actor, principal_id: int, train_id: int
) -> None:
    """Tie the train to the principal's newest import declaration still awaiting release."""
    with platform.sessions() as session:
        _total, rows = list_visible(
            session, broker, DeclarationFilter(flow="import", trader_id=principal_id), 50, 0
        )
    open_ones = [d for d in rows if d.released_at is None and not d.status.is_final]
    if not open_ones:
        return
    with platform.uow() as uow:
        brokerage.link_declaration(
            uow, "train", train_id, LinkInput(declaration=open_ones[0].number), broker, clock
        )
