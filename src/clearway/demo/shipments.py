"""Deterministic shipments of the demo district, scaled to the ports' published figures.

Ordos: lithium battery exports January–February 2024 = 339 million yuan.
Horgos: iron ore imports by rail from Kazakhstan, Q1 2024 = 197,000 t and 170 million yuan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from clearway.declarations.model import Lane
from clearway.demo.days import DemoDays

ORDOS_EXPORT_CNY = Decimal("339000000.00")
HORGOS_IMPORT_KG = Decimal("197000000")
HORGOS_IMPORT_CNY = Decimal("170000000.00")

# Wh per piece of each battery line: all above the SP188 limits, so regulated (packing group II)
BATTERY_KIND_WH = {
    "8507600010": ("cell", Decimal("896.00")),
    "8507600020": ("battery", Decimal("75000.00")),
    "8507600030": ("battery", Decimal("372000.00")),
    "8507600090": ("battery", Decimal("4800.00")),
}

# tariff line, goods name, CNY per piece, kg per piece
BATTERY_LINES = (
    ("8507600010", "锂离子蓄电池单体 LFP cells 3.2V 280Ah", Decimal("420.00"), Decimal("5.4")),
    ("8507600020", "动力电池系统 EV battery pack 75kWh", Decimal("58000.00"), Decimal("460")),
    (
        "8507600030",
        "储能电池柜 Energy storage cabinet 372kWh",
        Decimal("310000.00"),
        Decimal("2900"),
    ),
    ("8507600090", "锂离子电池组 Li-ion battery pack 48V 100Ah", Decimal("3900.00"), Decimal("48")),
)
ORE_LINES = (
    ("2601111000", "铁精矿粉 Iron ore concentrate", "<0.8mm", (Decimal("64.5"), Decimal("9.5"))),
    ("2601119000", "块矿 Iron ore lump", ">6.3mm", (Decimal("60.8"), Decimal("4.2"))),
    ("2601120000", "氧化球团 Iron ore pellets", "pellet", (Decimal("63.2"), Decimal("2.1"))),
)
EXPORT_DESTINATIONS = ("DE", "NL", "HU", "KR", "AU", "AE", "KZ", "UZ")


@dataclass
class Shipment:
    """One planned declaration: who, what, when, and how far its lifecycle goes."""

    flow: str
    office: str
    trader: str
    declarant: str  # username acting for the trader (its own user or its broker's)
    lodged: datetime
    items: list[dict[str, object]]
    target: str  # final status
    lane: Lane
    trade_country: str
    transport_mode: str
    transport_means: str
    overseas_party: str
    pre_arrival: bool = False
    documents: list[dict[str, object]] = field(default_factory=list)


def _scale(raw: list[Decimal], total: Decimal, quantum: Decimal) -> list[Decimal]:
    """Scale raw weights so they add up exactly to total, rounding to the quantum."""
    weight = sum(raw, Decimal(0))
    parts = [(r * total / weight).quantize(quantum) for r in raw]
    parts[-1] += total - sum(parts, Decimal(0))
    return parts


def _lane_for(level: str, rng: random.Random) -> Lane:
    roll = rng.random()
    if level == "advanced_certified":
        return Lane.GREEN if roll < 0.9 else Lane.BLUE
    if level == "certified":
        return Lane.GREEN if roll < 0.75 else Lane.YELLOW
    if level == "regular":
        return Lane.GREEN if roll < 0.5 else (Lane.YELLOW if roll < 0.8 else Lane.RED)
    return Lane.RED if roll < 0.85 else Lane.YELLOW


LEVELS = {
    "qingyuan": "advanced_certified",
    "beijiang": "certified",
    "hengtong": "regular",
    "tianshan": "advanced_certified",
    "silu": "regular",
    "yuanhe": "dishonest",
    "jinyu": "seriously_dishonest",
}
DECLARANT = {
    "qingyuan": "exporter",
    "beijiang": "baoshui",
    "hengtong": "baoshui",
    "tianshan": "broker",
    "silu": "broker",
    "yuanhe": "broker",
    "jinyu": "jinyu",
}
FINAL = ("released", "exited", "closed")


def ordos_exports() -> list[Shipment]:
    rng = random.Random(339)
    traders = ["qingyuan"] * 5 + ["beijiang"] * 3 + ["hengtong"] * 2
    count = 48
    start = datetime(2024, 1, 2, 1, 30, tzinfo=UTC)
    raw = [Decimal(str(round(rng.uniform(0.6, 1.4), 4))) for _ in range(count)]
    values = _scale(raw, ORDOS_EXPORT_CNY, Decimal("0.01"))
    shipments = []
    for n, total in enumerate(values):
        trader = traders[n % len(traders)]
        lines = rng.sample(BATTERY_LINES, k=rng.choice((1, 2, 2, 3)))
        split = _scale([Decimal(rng.randint(2, 9)) for _ in lines], total, Decimal("0.01"))
        items: list[dict[str, object]] = []
        for (code, name, price, kg), value in zip(lines, split, strict=True):
            pieces = max(Decimal(1), (value / price).quantize(Decimal(1)))
            net = (pieces * kg).quantize(Decimal("0.1"))
            items.append(
                {
                    "tariff_code": code,
                    "goods_name": name,
                    "quantity": pieces,
                    "unit": "pcs",
                    "net_weight": net,
                    "gross_weight": (net * Decimal("1.08")).quantize(Decimal("0.1")),
                    "value": value,
                    "origin_country": "CN",
                    "destination_country": rng.choice(EXPORT_DESTINATIONS),
                    "dangerous_goods": {
                        "un_number": "UN3480",
                        "name": "LITHIUM ION BATTERIES",
                        "packaging_category": "II",
                        "packaging_spec": "4G fibreboard box, UN spec",
                        "chemistry": "lithium_ion",
                        "battery_kind": BATTERY_KIND_WH[code][0],
                        "watt_hours": BATTERY_KIND_WH[code][1],
                    },
                }
            )
        lodged = start + timedelta(days=n * 59 // count, hours=rng.randint(0, 9))
        shipments.append(
            Shipment(
                flow="export",
                office="0291",
                trader=trader,
                declarant=DECLARANT[trader],
                lodged=lodged,
                items=items,
                target=FINAL[n % 3],
                lane=_lane_for(LEVELS[trader], rng),
                trade_country=str(items[0]["destination_country"]),
                transport_mode=rng.choice(("rail", "road")),
                transport_means=f"X{8000 + n} China-Europe train" if n % 2 else f"蒙K{10000 + n}",
                overseas_party=rng.choice(
                    (
                        "Nordvolt Energy GmbH",
                        "Han River Storage Co.",
                        "Gulf Grid Solutions FZE",
                        "Danube Power Kft.",
                    )
                ),
                documents=battery_certificates(n, lodged),
            )
        )
    return shipments


def battery_certificates(n: int, lodged: datetime) -> list[dict[str, object]]:
    """The UN 38.3 summary and the two packaging sheets, current when the export is lodged."""
    issued = lodged.date() - timedelta(days=40)
    return [
        {
            "doc_type": doc_type,
            "number": f"{prefix}-QY-{issued.year}{n:03d}",
            "issuer": issuer,
            "issue_date": issued.isoformat(),
            "valid_until": (issued + timedelta(days=days)).isoformat() if days else None,
        }
        for doc_type, prefix, issuer, days in (
            ("UN38.3", "UN383", "国家化学电源产品质量检验检测中心", 0),
            ("packaging_performance_sheet", "PPS", "内蒙古包装检测中心", 540),
            ("usage_appraisal_sheet", "UAS", "鄂尔多斯电池检验站", 360),
        )
    ]


def horgos_imports() -> list[Shipment]:
    rng = random.Random(197)
    traders = ["tianshan"] * 5 + ["silu"] * 3 + ["yuanhe"] * 2
    count = 40
    start = datetime(2024, 1, 3, 2, 0, tzinfo=UTC)
    weights = _scale(
        [Decimal(str(round(rng.uniform(0.8, 1.2), 4))) for _ in range(count)],
        HORGOS_IMPORT_KG,
        Decimal(1),
    )
    values = _scale(
        [w * Decimal(str(round(rng.uniform(0.95, 1.05), 4))) for w in weights],
        HORGOS_IMPORT_CNY,
        Decimal("0.01"),
    )
    shipments = []
    for n, (kg, total) in enumerate(zip(weights, values, strict=True)):
        trader = traders[n % len(traders)]
        code, name, grain, (fe, moisture) = ORE_LINES[n % len(ORE_LINES)]
        items: list[dict[str, object]] = [
            {
                "tariff_code": code,
                "goods_name": name,
                "specification": f"Fe {fe}% H2O {moisture}%",
                "quantity": kg,
                "unit": "kg",
                "net_weight": kg,
                "gross_weight": kg,
                "value": total,
                "origin_country": "KZ",
                "destination_country": "CN",
                "ore": {"grain_size_class": grain, "fe_pct": fe, "moisture_pct": moisture},
            }
        ]
        lodged = start + timedelta(days=n * 88 // count, hours=rng.randint(0, 12))
        shipments.append(
            Shipment(
                flow="import",
                office="7909",
                trader=trader,
                declarant=DECLARANT[trader],
                lodged=lodged,
                items=items,
                target=FINAL[n % 3],
                lane=_lane_for(LEVELS[trader], rng),
                trade_country="KZ",
                transport_mode="rail",
                transport_means=f"Train 8{n:03d}KZ ({rng.randint(52, 60)} wagons)",
                overseas_party=rng.choice(
                    (
                        "Steppe Iron Mining JSC (fictional)",
                        "Kostanay Ore Trading LLP (fictional)",
                    )
                ),
                pre_arrival=LEVELS[trader] == "advanced_certified",
            )
        )
    return shipments


IN_FLIGHT_STATUSES = (
    "draft",
    "submitted",
    "rejected",
    "accepted",
    "risk_assessed",
    "document_check",
    "inspection",
    "duty_assessed",
    "paid",
    "released",
    "exited",
    "closed",
    "suspended",
    "amendment_requested",
    "cancelled",
)


def in_flight(days: DemoDays) -> list[Shipment]:
    """This month's work: one declaration in every status, alternating the two ports, lodged
    over the four days up to the demo's today."""
    shipments = []
    ordos, horgos = ordos_exports(), horgos_imports()
    base = days.at(datetime(2026, 11, 16, 1, 0, tzinfo=UTC))
    for n, target in enumerate(IN_FLIGHT_STATUSES):
        source = (horgos if target == "paid" or n % 2 else ordos)[n]
        if source.trader == "yuanhe":  # its broker mandate ended in 2024
            source = Shipment(**{**source.__dict__, "trader": "silu"})
        lane = {"document_check": Lane.YELLOW, "inspection": Lane.RED}.get(target, source.lane)
        if lane is Lane.RED and target in ("risk_assessed",):
            lane = Lane.GREEN
        lodged = base + timedelta(hours=7 * n)
        documents = battery_certificates(n, lodged) if source.flow == "export" else source.documents
        shipments.append(
            Shipment(
                **{
                    **source.__dict__,
                    "lodged": lodged,
                    "target": target,
                    "lane": lane,
                    "documents": documents,
                }
            )
        )
    return shipments
