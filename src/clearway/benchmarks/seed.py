"""The little district every benchmark needs, and the declarations it sends.

Seeding goes through the real services (reference loader, enterprise registration) so the
benchmarked rows sit in a database shaped like a real one; nothing here imports from tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from clearway.bootstrap import Platform
from clearway.declarations.commands import DeclarationInput
from clearway.enterprises import services as enterprises
from clearway.enterprises.commands import EnterpriseInput
from clearway.enterprises.model import CreditLevel, EnterpriseRole
from clearway.enterprises.rules import make_uscc
from clearway.identity.model import Actor, Role
from clearway.reference.model import CustomsOffice
from clearway.setup.steps import load_reference_defaults

ORDOS, HORGOS = "0291", "7909"
ADMIN = Actor(user_id=None, username="bench-admin", role=Role.ADMINISTRATOR)
ITEMS_PER_DECLARATION = 3
# Declarations cycle through a few contents so no path benefits from one repeated payload.
VARIANTS = 16
_TARIFF_CODES = ("8507600010", "8507600020", "8507600030")


@dataclass(frozen=True)
class BenchDistrict:
    """What the benchmarks need to know about the seeded district."""

    exporter_id: int
    exporter: Actor


def seed_district(platform: Platform, username: str = "bench") -> BenchDistrict:
    """Reference tables, the Ordos and Horgos offices and one exporting trader."""
    load_reference_defaults(platform, ADMIN)
    with platform.uow() as uow:
        uow.session.add(
            CustomsOffice(
                code=ORDOS,
                name="鄂尔多斯海关",
                name_en="Ordos Customs",
                port="Ordos Comprehensive Bonded Zone",
            )
        )
        uow.session.add(
            CustomsOffice(
                code=HORGOS, name="霍尔果斯海关", name_en="Horgos Customs", port="Horgos rail port"
            )
        )
        uow.commit()
    exporter_id = register_enterprise(
        platform,
        "91150600BENCH0001",
        "1506900001",
        "鄂尔多斯基准储能科技有限公司",
        EnterpriseRole.TRADER,
        CreditLevel.ADVANCED_CERTIFIED,
        name_en="Ordos Benchmark Energy Storage Co., Ltd.",
    )
    actor = Actor(
        user_id=None, username=username, role=Role.ENTERPRISE_USER, enterprise_id=exporter_id
    )
    return BenchDistrict(exporter_id=exporter_id, exporter=actor)


def register_enterprise(
    platform: Platform,
    uscc: str,
    customs_code: str,
    name: str,
    role: EnterpriseRole,
    level: CreditLevel = CreditLevel.REGULAR,
    name_en: str = "",
) -> int:
    """Register one enterprise of the benchmark district, as an administrator would."""
    with platform.uow() as uow:
        return enterprises.register(
            uow,
            EnterpriseInput(
                uscc=make_uscc(uscc),
                customs_code=customs_code,
                name=name,
                name_en=name_en,
                roles=[role],
                credit_level=level,
                credit_since=date(2020, 1, 1),
            ),
            ADMIN,
            platform.clock,
        ).id


def declaration_body(day: date, variant: int = 0, certificates: bool = True) -> dict[str, Any]:
    """An export of three battery lines from Ordos, valid on ``day``, as the API receives it;
    with the certificates the lithium-battery checks want unless told otherwise."""
    items: list[dict[str, Any]] = []
    for line, code in enumerate(_TARIFF_CODES):
        value = Decimal(120000 + 1000 * variant + 10 * line).quantize(Decimal("0.01"))
        item: dict[str, Any] = {
            "tariff_code": code,
            "goods_name": f"锂离子蓄电池 Li-ion batteries, line {line + 1}",
            "specification": f"LFP 280Ah, variant {variant}",
            "quantity": str(2 + line),
            "unit": "pcs",
            "net_weight": str(1800 + 100 * line),
            "gross_weight": str(2000 + 100 * line),
            "value": str(value),
            "origin_country": "CN",
            "destination_country": "DE",
            "dangerous_goods": {
                "un_number": "UN3480",
                "name": "LITHIUM ION BATTERIES",
                "packaging_category": "II",
                "packaging_spec": "UN 4G/Y25/S/24/CN/1506",
                "chemistry": "lithium_ion",
                "battery_kind": "battery",
                "watt_hours": "896.00",
                "state_of_charge_pct": "30.00",
                "battery_model": "LFP-280",
            },
        }
        items.append(item)
    return {
        "flow": "export",
        "office_code": ORDOS,
        "port_code": ORDOS,
        "transport_mode": "rail",
        "transport_means": "X8001",
        "supervision_mode": "0110",
        "trade_country": "DE",
        "currency": "CNY",
        "total_value": str(sum(Decimal(i["value"]) for i in items)),
        "net_weight": str(sum(Decimal(i["net_weight"]) for i in items)),
        "gross_weight": str(sum(Decimal(i["gross_weight"]) for i in items)),
        "packages": ITEMS_PER_DECLARATION,
        "overseas_party": "Nordvolt Energy GmbH",
        "declaration_date": day.isoformat(),
        "items": items,
        "documents": _battery_certificates(day) if certificates else [],
    }


def _battery_certificates(day: date) -> list[dict[str, Any]]:
    """The UN 38.3 summary and the two packaging sheets a lithium export must carry."""
    issued = day - timedelta(days=30)
    return [
        {
            "doc_type": kind,
            "number": f"{code}-LFP280",
            "issuer": issuer,
            "issue_date": issued.isoformat(),
            "valid_until": (issued + timedelta(days=330)).isoformat(),
        }
        for kind, code, issuer in (
            ("un38_3_summary", "UN383", "Ordos Battery Test Centre"),
            ("packaging_performance_sheet", "PPS", "Inner Mongolia Packaging Co."),
            ("usage_appraisal_sheet", "UAS", "Ordos Benchmark Energy Storage Co."),
        )
    ]


def declaration_inputs(day: date, certificates: bool = False) -> list[DeclarationInput]:
    """The validated inputs the service and batch paths cycle through (without documents, so
    every path writes the same rows; the as-built paths take them with their certificates)."""
    return [
        DeclarationInput.model_validate(declaration_body(day, v, certificates))
        for v in range(VARIANTS)
    ]
