"""Lithium-battery export declarations for the dangerous-goods tests, and the wired platform."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from clearway.bootstrap import Platform
from tests.builders import TODAY, battery_item, declaration_body
from tests.conftest import DG_CHECKS_DEFAULT, QUIET, rewired

__all__ = ["QUIET", "wired"]  # QUIET: the lanes without random picks or top-up

# Every check soft: nothing refuses, everything routes.
ALL_SOFT = {
    "dg_checks": {
        "un_number": "soft",
        "sp188": "soft",
        "documents": "soft",
        "state_of_charge": "soft",
        "damaged": "soft",
    }
}


def wired(platform: Platform, **settings: Any) -> Platform:
    """The platform with the checks and screening in submission, as `bootstrap.build` does."""
    return rewired(platform, **({"dg_checks": DG_CHECKS_DEFAULT} | settings))


def lithium_item(**dg: Any) -> dict[str, Any]:
    """A regulated Li-ion battery pack line (4800 Wh) that passes every check by rail, and by
    air: PI965 Section IA, 30 kg per package, cargo aircraft only."""
    block: dict[str, Any] = {
        "un_number": "UN3480",
        "name": "LITHIUM ION BATTERIES",
        "packaging_category": "II",
        "packaging_spec": "UN 4G/Y25/S/26/CN/QY2611",
        "chemistry": "lithium_ion",
        "battery_kind": "battery",
        "watt_hours": "4800",
        "state_of_charge_pct": "30",
        "damaged": False,
        "battery_model": "QY-48V100",
        "packing_instruction": "PI965",
        "packing_section": "IA",
        "net_quantity_kg": "30",
        "cargo_aircraft_only": True,
    }
    block.update(dg)
    return battery_item(value="390000.00", tariff_code="8507600090", dangerous_goods=block)


def certificates(
    ship: date = TODAY,
    appraisal_issued: date | None = None,
    performance_until: date | None = None,
) -> list[dict[str, Any]]:
    """UN 38.3 summary and both packaging sheets, valid on the shipping date."""
    return [
        {
            "doc_type": "un38_3_summary",
            "number": "UN383-QY-2026-017",
            "issuer": "国家化学电源产品质量检验检测中心",
            "issue_date": (ship - timedelta(days=300)).isoformat(),
        },
        {
            "doc_type": "packaging_performance_sheet",
            "number": "PK-1506-2026-0331",
            "issuer": "鄂尔多斯包装制品有限公司",
            "issue_date": (ship - timedelta(days=200)).isoformat(),
            "valid_until": (performance_until or ship + timedelta(days=165)).isoformat(),
        },
        {
            "doc_type": "usage_appraisal_sheet",
            "number": "UA-1506-2026-1102",
            "issuer": "鄂尔多斯清源锂电科技有限公司",
            "issue_date": (appraisal_issued or ship - timedelta(days=20)).isoformat(),
        },
    ]


def lithium_export(
    items: list[dict[str, Any]] | None = None,
    documents: list[dict[str, Any]] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """A lithium-battery export that passes every check (by rail, shipped today)."""
    return declaration_body(
        flow="export",
        items=items or [lithium_item()],
        documents=certificates() if documents is None else documents,
        **overrides,
    )


# The refusal the issue names: every hard check fails once. UN3480 (lithium ion) on a primary
# lithium-metal tariff line; a 4800 Wh battery in excepted packaging; a usage appraisal sheet
# issued after the shipping date; 45 % state of charge by air. Not damaged: damaged batteries by
# air are refused whatever the district's severities (see tests of ``dg.damaged_by_air``).
BAD_RULES = {
    "dg.un_number_tariff",
    "dg.sp188_packaging",
    "dg.document_not_yet_valid",
    "dg.state_of_charge",
}


def bad_export() -> dict[str, Any]:
    item = lithium_item(chemistry=None, packaging_category="excepted", state_of_charge_pct="45")
    return lithium_export(
        items=[{**item, "tariff_code": "8506500010"}],
        documents=certificates(appraisal_issued=TODAY + timedelta(days=1)),
        transport_mode="air",
    )
