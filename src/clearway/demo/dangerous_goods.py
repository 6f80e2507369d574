"""Demo lithium-battery exports in this month's Ordos work (the day before the demo's today).

Three declarations go through the same services and submit hook as the API: LFP cells by air
that pass every check; defective battery systems returned by road that a soft finding (damaged
batteries, P908) routes to the red lane with its reason; and battery packs by air left as a
draft, because submitting them is refused — every failed check listed (see
docs/dangerous_goods.md). None of them touches the January–February 2024 figures. Written for
19 November 2026, they and their certificates' dates move with the load day (demo/days.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from clearway.bootstrap import Platform
from clearway.dangerous_goods.services import SubmissionCheck
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput, DeclarationInput
from clearway.declarations.status import Command
from clearway.declarations.submission import Submission
from clearway.demo.days import DemoDays
from clearway.identity.model import Actor
from clearway.risk.scoring import NullScorer
from clearway.risk.screening import Screener
from clearway.shared.clock import FixedClock

DEMO_DAY = datetime(2026, 11, 19, 2, 0, tzinfo=UTC)
UN38_3_LAB = "国家化学电源产品质量检验检测中心"
PACKAGING_MAKER = "鄂尔多斯恒信包装制品有限公司 (fictional)"


def _battery(
    code: str, name: str, pieces: int, price: str, kg: str, dg: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    net = pieces * Decimal(kg)
    return {
        "tariff_code": code,
        "goods_name": name,
        "quantity": Decimal(pieces),
        "unit": "pcs",
        "net_weight": net,
        "gross_weight": (net * Decimal("1.08")).quantize(Decimal("0.1")),
        "value": pieces * Decimal(price),
        "origin_country": "CN",
        "destination_country": extra.pop("destination", "DE"),
        "dangerous_goods": {"name": "LITHIUM ION BATTERIES", **dg},
        **extra,
    }


def _certificates(prefix: str, appraisal_issued: str) -> list[dict[str, Any]]:
    return [
        {
            "doc_type": "un38_3_summary",
            "number": f"UN383-{prefix}-2026-004",
            "issuer": UN38_3_LAB,
            "issue_date": "2026-02-12",
        },
        {
            "doc_type": "packaging_performance_sheet",
            "number": f"PK150600-{prefix}-2026-0318",
            "issuer": PACKAGING_MAKER,
            "issue_date": "2026-05-06",
            "valid_until": "2027-05-05",
        },
        {
            "doc_type": "usage_appraisal_sheet",
            "number": f"UA150600-{prefix}-2026-1104",
            "issuer": "Ordos Customs technical centre (demo)",
            "issue_date": appraisal_issued,
        },
    ]


CELLS_BY_AIR: dict[
    str, Any
] = {  # passes: regulated 896 Wh cells, PG II packaging, 30 % charge, sheets valid, PI965 IA
    "trader": "qingyuan",
    "declarant": "exporter",
    "transport_mode": "air",
    "transport_means": "CA1046 Ordos–Frankfurt freighter",
    "trade_country": "DE",
    "overseas_party": "Nordvolt Energy GmbH",
    "items": [
        _battery(
            "8507600010",
            "锂离子蓄电池单体 LFP cells 3.2V 280Ah",
            240,
            "420.00",
            "5.4",
            {
                "un_number": "UN3480",
                "packaging_category": "II",
                "packaging_spec": "UN 4G/Y30/S/26/CN/HX0318",
                "chemistry": "lithium_ion",
                "battery_kind": "cell",
                "watt_hours": "896",
                "state_of_charge_pct": "30",
                "battery_model": "QY-LFP280",
                "packing_instruction": "PI965",
                "packing_section": "IA",
                "net_quantity_kg": "32.4",  # six cells a box: at most 35 kg
                "cargo_aircraft_only": True,
            },
        )
    ],
    "documents": _certificates("QY", "2026-10-02"),  # by air: valid through 2027-01-02
}
DAMAGED_BY_ROAD: dict[
    str, Any
] = {  # routed: defective packs returned under P908, soft finding → red lane
    "trader": "beijiang",
    "declarant": "baoshui",
    "transport_mode": "road",
    "transport_means": "蒙K30917 to Khorgos",
    "trade_country": "KZ",
    "overseas_party": "Steppe E-Mobility LLP (fictional)",
    "items": [
        _battery(
            "8507600020",
            "动力电池系统 EV battery pack 75kWh (defective, returned for analysis)",
            6,
            "58000.00",
            "460",
            {
                "un_number": "UN3480",
                "packaging_category": "I",
                "packaging_spec": "UN 50A/X/26/CN/HX0411 large packaging, P908",
                "chemistry": "lithium_ion",
                "battery_kind": "battery",
                "watt_hours": "75000",
                "state_of_charge_pct": "25",
                "damaged": True,
                "battery_model": "BJ-EV75",
            },
            destination="KZ",
        )
    ],
    "documents": _certificates("BJ", "2026-09-21"),
}
PACKS_REFUSED: dict[str, Any] = {  # draft: submitting it is refused on five checks at once
    "trader": "qingyuan",
    "declarant": "exporter",
    "transport_mode": "air",
    "transport_means": "CA1046 Ordos–Frankfurt freighter",
    "trade_country": "DE",
    "overseas_party": "Danube Power Kft.",
    "items": [
        _battery(
            "8506500090",  # primary lithium (metal) line: UN3480 does not fit it
            "锂离子电池组 Li-ion battery pack 48V 100Ah",
            40,
            "3900.00",
            "48",
            {
                "un_number": "UN3480",
                "packaging_category": "excepted",  # 4800 Wh: regulated
                "packaging_spec": "fibreboard box",
                "battery_kind": "battery",
                "watt_hours": "4800",
                "state_of_charge_pct": "45",  # by air: at most 30 %
                "battery_model": "QY-48V100",
                "packing_instruction": "PI965",
                "packing_section": "IA",
                "net_quantity_kg": "48",  # one pack a box: above the 35 kg of PI965 IA
                "cargo_aircraft_only": True,
            },
        )
    ],
    "documents": _certificates("QY2", "2026-07-10"),  # by air: expired 2026-10-10
}


def seed_dangerous_goods(
    platform: Platform, ids: dict[str, int], actors: dict[str, Actor], days: DemoDays
) -> list[str]:
    """Lodge the three lithium-battery exports; submit the two that go through."""
    day = days.at(DEMO_DAY)
    clock = FixedClock(day)
    settings = platform.settings.model_copy(update={"auto_accept": True})
    submission = Submission(
        SubmissionCheck.from_settings(settings), Screener(settings, NullScorer())
    )
    numbers = []
    for n, (plan, submit) in enumerate(
        ((CELLS_BY_AIR, True), (DAMAGED_BY_ROAD, True), (PACKS_REFUSED, False))
    ):
        clock.set(day + timedelta(hours=2 * n))
        items = plan["items"]
        body = DeclarationInput.model_validate(
            {
                "flow": "export",
                "trader_id": ids[plan["trader"]],
                "office_code": "0291",
                "port_code": "0291",
                "transport_mode": plan["transport_mode"],
                "transport_means": plan["transport_means"],
                "trade_country": plan["trade_country"],
                "currency": "CNY",
                "total_value": sum(i["value"] for i in items),
                "net_weight": sum(i["net_weight"] for i in items),
                "gross_weight": sum(i["gross_weight"] for i in items),
                "packages": 1,
                "overseas_party": plan["overseas_party"],
                "declaration_date": clock.now().date().isoformat(),
                "items": items,
                "documents": days.documents(plan["documents"]),
            }
        )
        declarant = actors[plan["declarant"]]
        with platform.uow() as uow:
            number = declarations.create(
                uow, body, declarant, clock, platform.settings.max_items
            ).number
        numbers.append(number)
        if submit:
            clock.advance(timedelta(minutes=20))
            with platform.uow() as uow:
                declarations.act(
                    uow, number, Command.SUBMIT, ActionInput(), declarant, clock, submission
                )
    return numbers
