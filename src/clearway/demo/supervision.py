"""Demo supervision at Horgos: two-step summaries and a centralized filing, last month and this.

Tianshan (advanced certified) lodges a two-step summary and completes it in time; Silk Road
Mining (regular, through its broker) picks up its goods and misses the 14-day complete, which
the scheduled job records as a breach. Where the district opens centralized declaration to
general goods, Tianshan also files its iron ore for it: last month's lists are consolidated in
time, and this month's list waits for next month's deadline.
Dated around the day the demo is loaded (demo/days.py); all outside the demo's published Q1 2024
figures, through the services the API uses.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from clearway.bonded import payments
from clearway.bonded.commands import GuaranteeInput
from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.demo.days import DemoDays
from clearway.identity.model import Actor
from clearway.shared.clock import FixedClock
from clearway.supervision import centralized, consolidation, two_step
from clearway.supervision.commands import (
    AssessInput,
    CompleteInput,
    ConsolidateInput,
    FilingInput,
    ListInput,
    PickupInput,
    SummaryInput,
)
from clearway.supervision.deadlines import flag_overdue_completes

HORGOS = "7909"
_CONCENTRATE = ("2601111000", "铁精矿粉 Iron ore concentrate", "<0.8mm")
_PELLETS = ("2601120000", "氧化球团 Iron ore pellets", "pellet")


def _ore(line: tuple[str, str, str], tonnes: int, cny_per_t: int) -> dict[str, Any]:
    kg = Decimal(tonnes * 1000)
    code, name, grain = line
    return {
        "tariff_code": code,
        "goods_name": name,
        "quantity": kg,
        "unit": "kg",
        "net_weight": kg,
        "gross_weight": kg,
        "value": Decimal(tonnes * cny_per_t),
        "origin_country": "KZ",
        "destination_country": "CN",
        "ore": {"grain_size_class": grain, "fe_pct": "64.0", "moisture_pct": "8.5"},
    }


def _declaration(trader: int, lodged: datetime, item: dict[str, Any]) -> dict[str, Any]:
    return {
        "flow": "import",
        "trader_id": trader,
        "office_code": HORGOS,
        "port_code": HORGOS,
        "transport_mode": "rail",
        "transport_means": "X8023",
        "trade_country": "KZ",
        "currency": "CNY",
        "total_value": item["value"],
        "net_weight": item["net_weight"],
        "gross_weight": item["gross_weight"],
        "overseas_party": "Steppe Iron Mining JSC (fictional)",
        "declaration_date": lodged.date().isoformat(),
        "items": [item],
    }


def seed_supervision(
    platform: Platform, ids: dict[str, int], actors: dict[str, Actor], days: DemoDays
) -> None:
    """Guarantees, two two-step summaries (one late) and a centralized filing with lists."""
    # Early enough for the two-step work (moved by days) and last month's centralized lists.
    start = min(days.at(datetime(2026, 10, 1, 1, 0, tzinfo=UTC)), days.month_day(1, 1, time(1)))
    clock = FixedClock(start)
    p = replace(platform, clock=clock)
    admin = Actor.system("demo-loader")
    guarantees = {
        key: _guarantee(p, admin, ids[key], amount, days)
        for key, amount in (("tianshan", "3000000.00"), ("silu", "1000000.00"))
    }
    _two_step_in_time(p, clock, ids, actors, guarantees["tianshan"], days)
    _two_step_late(p, clock, ids, actors, guarantees["silu"], days)
    if "general" in centralized.categories_at(p.settings, HORGOS):
        # Iron ore by rail is none of Decree 169's goods: filed centrally only where the
        # district's CLEARWAY_CENTRALIZED_GOODS_CATEGORIES opens the facility to general goods.
        _centralized(p, clock, ids, actors, guarantees["tianshan"], days)
    clock.set(days.at(datetime(2026, 11, 20, 3, 0, tzinfo=UTC)))
    flag_overdue_completes(p)  # what the scheduler found on the demo's "today"


def _guarantee(p: Platform, admin: Actor, enterprise_id: int, amount: str, days: DemoDays) -> str:
    with p.uow() as uow:
        return payments.file_guarantee(
            uow,
            GuaranteeInput(
                enterprise_id=enterprise_id,
                office_code=HORGOS,
                amount=Decimal(amount),
                valid_from=days.on(date(2026, 1, 1)),
                valid_to=days.on(date(2027, 12, 31)),
            ),
            admin,
            p.clock,
        ).number


def _act(p: Platform, number: str, command: Command, actor: Actor, **kw: Any) -> None:
    with p.uow() as uow:
        declarations.act(uow, number, command, ActionInput(**kw), actor, p.clock, p.submission)


def _green(p: Platform, clock: FixedClock, number: str, risk: Actor) -> None:
    clock.advance(timedelta(minutes=20))
    _act(p, number, Command.ACCEPT, risk)
    _act(p, number, Command.ASSIGN_LANE, risk, lane=Lane.GREEN, reason="two-step, clean record")


def _summary(p: Platform, actor: Actor, trader: int, guarantee: str, item: dict[str, Any]) -> str:
    data = SummaryInput.model_validate(
        {
            "declaration": _declaration(trader, p.clock.now(), item),
            "taxable": True,
            "guarantee": guarantee,
            "inspection_required": True,  # iron ore lines carry condition A
        }
    )
    with p.uow() as uow:
        declaration, _ = two_step.lodge_summary(uow, data, actor, p.clock, p.settings, p.submission)
    return declaration.number


def _two_step_in_time(
    p: Platform,
    clock: FixedClock,
    ids: dict[str, int],
    actors: dict[str, Actor],
    guarantee: str,
    days: DemoDays,
) -> None:
    importer, inspector = actors["importer"], actors["inspector"]
    clock.set(days.at(datetime(2026, 11, 2, 2, 0, tzinfo=UTC)))
    item = _ore(_CONCENTRATE, 2_400, 860)
    number = _summary(p, importer, ids["tianshan"], guarantee, item)
    clock.advance(timedelta(hours=3))
    _act(p, number, Command.RECORD_ARRIVAL, inspector)  # E1: the 14 days run from here
    _green(p, clock, number, actors["risk"])
    clock.advance(timedelta(minutes=40))
    with p.uow() as uow:
        two_step.pickup(
            uow, number, PickupInput(reason="trucks at the yard"), importer, clock, p.settings
        )
    clock.set(days.at(datetime(2026, 11, 12, 6, 0, tzinfo=UTC)))
    final = _ore(_CONCENTRATE, 2_380, 855)  # weighed and priced at settlement
    complete = CompleteInput.model_validate(
        {
            "summary": number,
            "items": [final],
            "total_value": final["value"],
            "net_weight": final["net_weight"],
            "gross_weight": final["gross_weight"],
        }
    )
    with p.uow() as uow:
        two_step.complete(uow, complete, importer, clock, p.settings)


def _two_step_late(
    p: Platform,
    clock: FixedClock,
    ids: dict[str, int],
    actors: dict[str, Actor],
    guarantee: str,
    days: DemoDays,
) -> None:
    broker = actors["broker"]  # the Sino-Kazakh brokerage declares for Silk Road Mining
    clock.set(days.at(datetime(2026, 10, 28, 3, 0, tzinfo=UTC)))
    number = _summary(p, broker, ids["silu"], guarantee, _ore(_PELLETS, 1_800, 910))
    _green(p, clock, number, actors["risk"])
    clock.advance(timedelta(hours=1))
    with p.uow() as uow:
        two_step.pickup(uow, number, PickupInput(), broker, clock, p.settings)
    # No complete declaration follows: it was due 14 days after arrival, nine days ago.


def _centralized(
    p: Platform,
    clock: FixedClock,
    ids: dict[str, int],
    actors: dict[str, Actor],
    guarantee: str,
    days: DemoDays,
) -> None:
    """Filed last month; two lists then, consolidated early this month; one list this month."""
    importer = actors["importer"]
    two = time(2)
    clock.set(days.month_day(1, 8, two))
    with p.uow() as uow:
        filing = centralized.file(
            uow,
            FilingInput(
                trader_id=ids["tianshan"],
                flow="import",
                office_code=HORGOS,
                port_code=HORGOS,
                transport_mode="rail",
                trade_country="KZ",
                currency="CNY",
                goods_category="general",
                guarantee=guarantee,
            ),
            importer,
            clock,
            p.settings,
        ).number
    # Last month's lists are consolidated on the 5th (by the 10th), or today if that is earlier;
    # December's within December, since general trade may not cross a calendar year.
    if days.today.month == 1:
        consolidated_at = days.month_day(1, 28, two)
    else:
        consolidated_at = min(days.month_day(0, 5, two), days.now - timedelta(hours=2))
    this_month = max(days.now - timedelta(days=3), days.month_day(0, 1, time(0, 30)))
    shipments = (
        (days.month_day(1, 9, two), "X8031", 1_500),
        (days.month_day(1, 23, two), "X8047", 1_650),
        (max(this_month, consolidated_at + timedelta(minutes=10)), "X8062", 1_580),
    )
    for entered, train, tonnes in shipments:
        clock.set(min(entered + timedelta(hours=6), days.now - timedelta(hours=1)))
        item = _ore(_CONCENTRATE, tonnes, 870)
        with p.uow() as uow:
            centralized.lodge_list(
                uow,
                ListInput.model_validate(
                    {
                        "filing": filing,
                        "entry_at": entered,
                        "transport_means": train,
                        "total_value": item["value"],
                        "net_weight": item["net_weight"],
                        "gross_weight": item["gross_weight"],
                        "items": [item],
                    }
                ),
                importer,
                clock,
                p.settings,
            )
        if train == "X8047":
            clock.set(consolidated_at)
            with p.uow() as uow:
                number = consolidation.consolidate(
                    uow,
                    ConsolidateInput(filing=filing, period=f"{entered:%Y-%m}"),
                    importer,
                    clock,
                    p.settings,
                    p.submission,
                ).number
            _green(p, clock, number, actors["risk"])
            with p.uow() as uow:
                consolidation.assess(uow, number, AssessInput(), actors["inspector"], clock)
            _act(p, number, Command.RELEASE, actors["inspector"])
