"""Builders for the supervision tests: importers at several credit levels, guarantees, summaries."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from clearway.bonded import payments
from clearway.bonded.commands import GuaranteeInput
from clearway.bonded.tables import tax_guarantees
from clearway.bonded.tax_records import TaxGuarantee
from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Declaration, Lane
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command
from clearway.enterprises.model import CreditLevel, EnterpriseRole
from clearway.identity.model import Actor, Role
from clearway.supervision import two_step
from clearway.supervision.commands import SummaryInput
from clearway.supervision.model import GoodsCategory, TwoStepDeclaration
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

# 1,000 t of iron ore concentrate at 860 CNY/t: duty 0 %, import VAT 13 % = 111,800.00 CNY.
ORE_VALUE = "860000.00"
ORE_TAX = Decimal("111800.00")


@dataclass
class Importers:
    district: District
    dishonest_id: int
    dishonest: Actor
    guarantee: str  # the regular importer's guarantee of 500,000 CNY
    dishonest_guarantee: str


def allowing_general_goods(platform: Platform) -> Platform:
    """The platform of a district that opens centralized declaration at Horgos to general
    goods (iron ore by rail is none of Decree 169's categories)."""
    default = platform.settings.centralized_goods_categories["*"]
    settings = platform.settings.model_copy(
        update={
            "centralized_goods_categories": {
                "*": default,
                HORGOS: [*default, GoodsCategory.GENERAL],
            }
        }
    )
    return replace(platform, settings=settings)


def enterprise_actor(enterprise_id: int, username: str) -> Actor:
    return Actor(None, username, Role.ENTERPRISE_USER, enterprise_id)


def file_guarantee(
    platform: Platform,
    enterprise_id: int,
    amount: str = "500000.00",
    valid_from: date = date(2026, 1, 1),
    valid_to: date = date(2027, 12, 31),
) -> str:
    with platform.uow() as uow:
        return payments.file_guarantee(
            uow,
            GuaranteeInput(
                enterprise_id=enterprise_id,
                office_code=HORGOS,
                amount=Decimal(amount),
                valid_from=valid_from,
                valid_to=valid_to,
            ),
            ADMIN,
            platform.clock,
        ).number


def seed_importers(platform: Platform) -> Importers:
    district = seed_district(platform)
    dishonest = register_enterprise(
        platform, 21, "伊犁远河商贸有限公司", [EnterpriseRole.TRADER], CreditLevel.DISHONEST
    )
    return Importers(
        district=district,
        dishonest_id=dishonest,
        dishonest=enterprise_actor(dishonest, "dishonest"),
        guarantee=file_guarantee(platform, district.importer_id),
        dishonest_guarantee=file_guarantee(platform, dishonest),
    )


def summary_input(guarantee: str | None, value: str = ORE_VALUE, **overrides: Any) -> SummaryInput:
    kg = "1000000"
    body = declaration_body("import", items=[ore_item(value=value, kg=kg)])
    return SummaryInput.model_validate(
        {
            "declaration": body,
            "taxable": True,
            "guarantee": guarantee,
            "inspection_required": True,  # iron ore lines carry condition A
            **overrides,
        }
    )


def lodge(platform: Platform, actor: Actor, data: SummaryInput) -> Declaration:
    with platform.uow() as uow:
        declaration, _ = two_step.lodge_summary(
            uow, data, actor, platform.clock, platform.settings, platform.submission
        )
    return declaration


def act(platform: Platform, number: str, command: Command, actor: Actor, **kw: Any) -> None:
    with platform.uow() as uow:
        declarations.act(
            uow, number, command, ActionInput(**kw), actor, platform.clock, platform.submission
        )


def accept(platform: Platform, number: str, lane: Lane = Lane.GREEN) -> None:
    """What risk screening does when the district accepts automatically."""
    act(platform, number, Command.ACCEPT, RISK)
    act(platform, number, Command.ASSIGN_LANE, RISK, lane=lane, reason="test lane")


def balance(platform: Platform, number: str) -> Decimal:
    with platform.sessions() as s:
        found = s.query(TaxGuarantee).filter(tax_guarantees.c.number == number).one()
        return Decimal(found.balance)


def summary(platform: Platform, number: str) -> TwoStepDeclaration:
    with platform.sessions() as s:
        declaration = get_visible(s, ADMIN, number)
        found = two_step.summary_of(s, declaration)
        assert found is not None
        return found
