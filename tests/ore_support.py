"""Builders for iron ore and direct pickup tests: importers at several credit levels, ore
declarations lodged and routed to a lane, guarantees, on-site results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from clearway.bonded.commands import GuaranteeInput
from clearway.bonded.payments import file_guarantee
from clearway.bonded.tax_records import TaxGuarantee
from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput, DeclarationInput
from clearway.declarations.model import Declaration, Lane
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command
from clearway.enterprises.model import CreditLevel, EnterpriseRole
from clearway.identity.model import Actor, Role
from clearway.ore.commands import OnsiteInput
from tests.builders import (
    ADMIN,
    HORGOS,
    RISK,
    District,
    declaration_body,
    ore_item,
    register_enterprise,
    seed_district,
)

SUPPLIER = "Steppe Iron Mining JSC"
BRAND = "SSGPO concentrate"


@dataclass
class OreDistrict:
    """The small district plus importers at the levels ore supervision distinguishes."""

    base: District
    ids: dict[str, int]  # credit level value → enterprise id
    actors: dict[str, Actor]  # credit level value → that importer's user


def ore_district(platform: Platform) -> OreDistrict:
    base = seed_district(platform)
    ids = {CreditLevel.REGULAR.value: base.importer_id}
    for n, level in enumerate(
        (CreditLevel.ADVANCED_CERTIFIED, CreditLevel.CERTIFIED, CreditLevel.DISHONEST), start=11
    ):
        ids[level.value] = register_enterprise(
            platform, n, f"Ore importer {level.value}", [EnterpriseRole.TRADER], level
        )
    actors = {
        level: Actor(
            user_id=None,
            username=f"importer-{level}",
            role=Role.ENTERPRISE_USER,
            enterprise_id=eid,
        )
        for level, eid in ids.items()
    }
    return OreDistrict(base, ids, actors)


def ore_input(
    mode: str = "standard",
    means: str = "X9001",
    brand: str = BRAND,
    origin: str = "KZ",
    supplier: str = SUPPLIER,
    value: str = "4300000.00",
    kg: str = "5000000",
    fe: str = "64.5",
    moisture: str = "9.5",
    **header: Any,
) -> DeclarationInput:
    item = ore_item(value=value, kg=kg, origin_country=origin)
    item["ore"] = {
        "grain_size_class": "<0.8mm",
        "fe_pct": fe,
        "moisture_pct": moisture,
        "brand": brand,
    }
    body = declaration_body(
        flow="import",
        items=[item],
        transport_means=means,
        overseas_party=supplier,
        facilitation_mode=mode,
        **header,
    )
    return DeclarationInput.model_validate(body)


def act(platform: Platform, ref: str, command: Command, actor: Actor, **action: Any) -> Declaration:
    with platform.uow() as uow:
        return declarations.act(
            uow, ref, command, ActionInput(**action), actor, platform.clock, platform.submission
        )


def lodge(
    platform: Platform, actor: Actor, data: DeclarationInput, lane: Lane | None = Lane.GREEN
) -> str:
    """Create and submit; then (unless screening routed it) accept and route it to `lane`."""
    with platform.uow() as uow:
        number = declarations.create(uow, data, actor, platform.clock, 50).number
    submitted = act(platform, number, Command.SUBMIT, actor)
    if lane is not None and submitted.lane is None:
        act(platform, number, Command.ACCEPT, RISK)
        act(platform, number, Command.ASSIGN_LANE, RISK, lane=lane, reason=f"{lane} for the test")
    return number


def guarantee(platform: Platform, enterprise_id: int, amount: str) -> TaxGuarantee:
    with platform.uow() as uow:
        return file_guarantee(
            uow,
            GuaranteeInput(
                enterprise_id=enterprise_id,
                office_code=HORGOS,
                amount=Decimal(amount),
                valid_from=date(2026, 1, 1),
                valid_to=date(2027, 12, 31),
            ),
            ADMIN,
            platform.clock,
        )


def onsite(**overrides: Any) -> OnsiteInput:
    body: dict[str, Any] = {
        "location": "Horgos rail yard, track 4",
        "nuclide_bq_per_g": "0.35",
        "portal_usv_per_h": "0.12",
        "foreign_inclusions": False,
        "solid_waste": False,
        "document_mismatch": False,
        "measured_weight_kg": "5010000",
        "sampling_done": True,
        "samples": [{"sample_id": "S-001", "lab": "Horgos customs lab"}],
    }
    body.update(overrides)
    return OnsiteInput.model_validate(body)


def declaration(platform: Platform, number: str) -> Declaration:
    with platform.sessions() as s:
        return get_visible(s, ADMIN, number)
