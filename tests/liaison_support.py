"""Builders for liaison, broker-information and notification tests, in customs terms."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.sql.schema import Table

from clearway.bootstrap import Platform
from clearway.brokerage.commands import ImportPlanInput, TrainInput
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Declaration
from clearway.declarations.status import Command
from clearway.identity.model import Actor, Role
from clearway.identity.services import actor_of, create_user
from tests.builders import ADMIN, HORGOS, NOW, TODAY, make_declaration


def notifying(platform: Platform) -> Platform:
    """The platform as built: every timeline line reaches the outbox (``bootstrap.HANDLERS``)."""
    return platform


def liaison_officer(platform: Platform, username: str) -> Actor:
    with platform.uow() as uow:
        user = create_user(
            uow,
            username,
            "liaison-pw-123",
            username.title(),
            Role.LIAISON_OFFICER,
            None,
            ADMIN,
            platform.clock,
        )
    return actor_of(user, platform.settings.unassigned_officers_district_wide)


def count(platform: Platform, table: Table, *where: Any) -> int:
    with platform.sessions() as s:
        return int(s.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def lodge(platform: Platform, actor: Actor, **overrides: Any) -> Declaration:
    with platform.uow() as uow:
        return declarations.create(uow, make_declaration(**overrides), actor, platform.clock, 50)


def act(platform: Platform, ref: Any, command: Command, actor: Actor, **action: Any) -> Declaration:
    with platform.uow() as uow:
        return declarations.act(
            uow, ref, command, ActionInput(**action), actor, platform.clock, platform.submission
        )


def plan_input(principal_id: int, **overrides: Any) -> ImportPlanInput:
    data: dict[str, Any] = {
        "principal_id": principal_id,
        "office_code": HORGOS,
        "goods_name": "铁精矿粉 Iron ore concentrate",
        "tariff_code": "2601111000",
        "quantity": "3520000",
        "unit": "kg",
        "origin_country": "KZ",
        "supplier": "Steppe Iron Mining JSC",
        "arrival_from": (TODAY + timedelta(days=1)).isoformat(),
        "arrival_to": (TODAY + timedelta(days=2)).isoformat(),
    }
    data.update(overrides)
    return ImportPlanInput.model_validate(data)


def wagons(count: int = 55, kg: str = "64000", start: int = 60801700) -> list[dict[str, Any]]:
    return [{"wagon_number": str(start + n), "net_weight": kg} for n in range(count)]


def train_input(**overrides: Any) -> TrainInput:
    data: dict[str, Any] = {
        "train_number": "X8017",
        "origin_station": "Rudny (KZ)",
        "departed_at": (NOW - timedelta(hours=20)).isoformat(),
        "eta_border": (NOW + timedelta(hours=22)).isoformat(),
        "wagons": wagons(),
    }
    data.update(overrides)
    return TrainInput.model_validate(data)


TOTAL_KG = Decimal("3520000")
