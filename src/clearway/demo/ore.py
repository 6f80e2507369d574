"""Demo iron ore at Horgos: categories A/B/C, first release with lab results, a detention on
site, a disposal case, and a direct-pickup train arrival.

Runs after the demo declarations on its own fixed clock, 17–19 November 2026 (the demo's current
month), through the same services the API uses; nothing here touches the Q1 2024 figures.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from clearway.arrivals import services as arrivals
from clearway.arrivals.commands import ArrivalInput
from clearway.bonded.commands import GuaranteeInput
from clearway.bonded.payments import file_guarantee
from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput, DeclarationInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.identity.model import Actor
from clearway.ore import results, services
from clearway.ore.commands import LabResultInput, OnsiteInput
from clearway.shared.clock import FixedClock

START = datetime(2026, 11, 17, 1, 0, tzinfo=UTC)
HORGOS = "7909"
LAB = "霍尔果斯海关技术中心 Horgos customs lab"
SUPPLIER = "Steppe Iron Mining JSC (fictional)"
BLENDER = "Ili Valley Blending Yard (fictional)"
TRADER = "Kostanay Ore Trading LLP (fictional)"


def _body(
    trader_id: int,
    mode: str,
    means: str,
    day: date,
    kg: int,
    value: str,
    brand: str,
    supplier: str = SUPPLIER,
    origin: str = "KZ",
    line: tuple[str, str, str] = ("2601111000", "铁精矿粉 Iron ore concentrate", "<0.8mm"),
) -> DeclarationInput:
    code, goods, grain = line
    item: dict[str, Any] = {
        "tariff_code": code,
        "goods_name": goods,
        "specification": "Fe 64.5% H2O 9.5%",
        "quantity": kg,
        "unit": "kg",
        "net_weight": kg,
        "gross_weight": kg,
        "value": value,
        "origin_country": origin,
        "destination_country": "CN",
        "ore": {"grain_size_class": grain, "fe_pct": "64.5", "moisture_pct": "9.5", "brand": brand},
    }
    return DeclarationInput.model_validate(
        {
            "flow": "import",
            "trader_id": trader_id,
            "office_code": HORGOS,
            "port_code": HORGOS,
            "transport_mode": "rail",
            "transport_means": means,
            "trade_country": "KZ",
            "currency": "CNY",
            "total_value": value,
            "net_weight": kg,
            "gross_weight": kg,
            "overseas_party": supplier,
            "facilitation_mode": mode,
            "declaration_date": day.isoformat(),
            "items": [item],
        }
    )


class _Desk:
    """Lodges and routes demo declarations, moving the clock as the day goes on."""

    def __init__(self, platform: Platform, actors: dict[str, Actor]) -> None:
        self.platform, self.actors = platform, actors
        self.clock = FixedClock(START)

    def lodge(self, who: str, data: DeclarationInput, lane: Lane) -> str:
        p, clock = self.platform, self.clock
        with p.uow() as uow:
            declared = declarations.create(uow, data, self.actors[who], clock, p.settings.max_items)
        number = declared.number
        self._act(number, Command.SUBMIT, who)  # screened: the ore category is stored here
        clock.advance(timedelta(minutes=12))
        self._act(number, Command.ACCEPT, "risk")
        self._act(number, Command.ASSIGN_LANE, "risk", lane=lane, reason=_LANE_REASON[lane])
        return number

    def _act(self, number: str, command: Command, who: str, **action: Any) -> None:
        with self.platform.uow() as uow:
            declarations.act(
                uow,
                number,
                command,
                ActionInput(**action),
                self.actors[who],
                self.clock,
                self.platform.submission,
            )

    def onsite(
        self,
        number: str,
        after: timedelta = timedelta(hours=3),
        took: timedelta = timedelta(minutes=50),
        location: str = "霍尔果斯铁路口岸换装场 Horgos rail yard",
        **reading: Any,
    ) -> None:
        self.clock.advance(after)
        data = OnsiteInput.model_validate(
            {
                "started_at": self.clock.now() - took,
                "location": location,
                "foreign_inclusions": False,
                "solid_waste": False,
                "document_mismatch": False,
                **reading,
            }
        )
        with self.platform.uow() as uow:
            services.record_onsite(
                uow, number, data, self.actors["inspector"], self.clock, self.platform.settings
            )

    def lab(self, sample: str, **values: str) -> None:
        self.clock.advance(timedelta(days=1))
        data = LabResultInput.model_validate({"sample_id": sample, "lab": LAB, **values})
        with self.platform.uow() as uow:
            results.record_result(
                uow, data, self.actors["inspector"], self.clock, self.platform.settings
            )


_LANE_REASON = {
    Lane.GREEN: "low risk: mainstream ore, clean history",
    Lane.RED: "ore category C: full lab including harmful elements",
}


def seed_ore(platform: Platform, ids: dict[str, int], actors: dict[str, Actor]) -> None:
    """The ore flows of the demo district (see the module docstring)."""
    desk = _Desk(platform, actors)
    day = START.date()
    with platform.uow() as uow:  # Tianshan secures its duty and VAT with a filed guarantee
        file_guarantee(
            uow,
            GuaranteeInput(
                enterprise_id=ids["tianshan"],
                office_code=HORGOS,
                amount=Decimal("3000000.00"),
                valid_from=date(2026, 1, 1),
                valid_to=date(2027, 6, 30),
            ),
            actors["admin"],
            desk.clock,
        )
    # Category A, first release: released on the on-site result; the lab conforms later.
    conforming = desk.lodge(
        "importer",
        _body(
            ids["tianshan"],
            "first_release",
            "X8025",
            day,
            3_480_000,
            "3015000.00",
            "SSGPO concentrate",
        ),
        Lane.GREEN,
    )
    desk.onsite(
        conforming,
        nuclide_bq_per_g="0.21",
        portal_usv_per_h="0.11",
        measured_weight_kg="3486200",
        sampling_done=True,
        samples=[{"sample_id": "HG-2611-0001", "lab": LAB}],
    )
    # Category A pellets, first release: released, then the lab finds arsenic over the limit.
    failing = desk.lodge(
        "importer",
        _body(
            ids["tianshan"],
            "first_release",
            "X8027",
            day,
            3_360_000,
            "2890000.00",
            "SSGPO pellets",
            line=("2601120000", "氧化球团 Iron ore pellets", "pellet"),
        ),
        Lane.GREEN,
    )
    desk.onsite(
        failing,
        nuclide_bq_per_g="0.18",
        measured_weight_kg="3352900",
        sampling_done=True,
        samples=[{"sample_id": "HG-2611-0002", "lab": LAB}],
    )
    desk.lab("HG-2611-0001", fe_pct="64.1", moisture_pct="9.8", sio2_pct="4.6", pb_pct="0.02")
    desk.lab("HG-2611-0002", fe_pct="63.0", moisture_pct="2.3", as_pct="0.14", pb_pct="0.03")
    # Category B (regular importer, unbranded blend): solid waste on site, detained.
    detained = desk.lodge(
        "silu",
        _body(ids["silu"], "standard", "X8029", day, 3_120_000, "2650000.00", "", supplier=BLENDER),
        Lane.GREEN,
    )
    desk.onsite(
        detained,
        portal_usv_per_h="0.14",
        solid_waste=True,
        measured_weight_kg="3118000",
        sampling_done=True,
        samples=[{"sample_id": "HG-2611-0003", "lab": LAB}],
    )
    # Category C (dishonest importer): routed red, the inspector is told to sample for full lab.
    desk.lodge(
        "yuanhe",
        _body(
            ids["yuanhe"], "standard", "X8033", day, 2_980_000, "2480000.00", "SSGPO concentrate"
        ),
        Lane.RED,
    )
    # Direct pickup: lodged before train X8031 arrives; on arrival Silu's (a regular importer)
    # is refused and Tianshan's waits at the train for its on-site inspection — direct pickup
    # skips the inspection yard, not the check — and is released on the conforming result.
    desk.clock.advance(timedelta(hours=2))
    picked_up = desk.lodge(
        "importer",
        _body(
            ids["tianshan"],
            "direct_pickup",
            "X8031",
            day,
            3_250_000,
            "2800000.00",
            "SSGPO concentrate",
            supplier=TRADER,  # a clean history: category A, no sampling before release
        ),
        Lane.GREEN,
    )
    desk.lodge(
        "silu",
        _body(
            ids["silu"], "direct_pickup", "X8031", day, 3_050_000, "2610000.00", "SSGPO concentrate"
        ),
        Lane.GREEN,
    )
    desk.clock.advance(timedelta(hours=5))
    with platform.uow() as uow:
        arrivals.record_arrival(
            uow,
            ArrivalInput(office_code=HORGOS, transport_means="X8031"),
            actors["inspector"],
            desk.clock,
            platform.settings,
        )
    desk.onsite(
        picked_up,
        after=timedelta(minutes=35),
        took=timedelta(minutes=25),
        location="霍尔果斯铁路口岸 X8031 车边 Horgos rail port, train side",
        portal_usv_per_h="0.11",
        measured_weight_kg="3246800",
        sampling_done=False,
    )
