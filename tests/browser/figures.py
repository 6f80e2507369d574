"""The demo's headline trade figures, seeded through the services in seconds.

Loading the whole demo takes over a minute, too slow for every test run; these few
declarations carry the same totals — Ordos lithium-battery exports January–February 2024 =
339,000,000 yuan (46.97 million USD at the shipped 2024 rate), Horgos iron-ore imports Q1 2024 =
197,000 t and 170,000,000 yuan — and are cleared to release like the demo's.
"""

from __future__ import annotations

from typing import Any

from clearway.bootstrap import Platform
from clearway.declarations import services
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Lane
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command, Status
from clearway.identity.model import Actor
from clearway.shared.errors import ClearwayError
from tests.builders import (
    ADMIN,
    INSPECTOR,
    RISK,
    District,
    battery_item,
    make_declaration,
    ore_item,
)

EXPORTS = (("2024-01-15", "200000000.00"), ("2024-02-20", "139000000.00"))
IMPORTS = (("2024-02-06", "100000000.00", "120000000"), ("2024-03-12", "70000000.00", "77000000"))


def _give(platform: Platform, number: str, command: Command, actor: Actor, **action: Any) -> None:
    with platform.uow() as uow:
        services.act(
            uow, number, command, ActionInput(**action), actor, platform.clock, platform.submission
        )


def clear_to_release(platform: Platform, number: str, declarant: Actor) -> None:
    """Drive a submitted declaration through customs to release, as officers would."""
    for _ in range(8):
        with platform.sessions() as db:
            status = get_visible(db, ADMIN, number).status
        if status is Status.RELEASED:
            return
        if status is Status.SUBMITTED:
            _give(platform, number, Command.ACCEPT, RISK)
        elif status is Status.ACCEPTED:
            _give(platform, number, Command.ASSIGN_LANE, RISK, lane=Lane.GREEN, reason="seeded")
        elif status in (Status.RISK_ASSESSED, Status.DOCUMENT_CHECK, Status.INSPECTION):
            _give(platform, number, Command.ASSESS_DUTY, INSPECTOR)
        elif status is Status.DUTY_ASSESSED:
            try:
                _give(platform, number, Command.RELEASE, INSPECTOR)
            except ClearwayError:
                _give(platform, number, Command.PAY, declarant)
        elif status is Status.PAID:
            _give(platform, number, Command.RELEASE, INSPECTOR)
    raise AssertionError(f"{number} was not released")


def _lodge(platform: Platform, actor: Actor, **body: Any) -> str:
    with platform.uow() as uow:
        number = services.create(uow, make_declaration(**body), actor, platform.clock, 50).number
    _give(platform, number, Command.SUBMIT, actor)
    clear_to_release(platform, number, actor)
    return number


def seed_headline_trade(platform: Platform, district: District) -> list[str]:
    """The demo's two headline figures, released and counted in the statistics."""
    numbers = []
    for day, value in EXPORTS:
        item = battery_item(value, quantity="1000", net_weight="2900000", gross_weight="3100000")
        numbers.append(
            _lodge(platform, district.exporter, flow="export", declaration_date=day, items=[item])
        )
    for day, value, kg in IMPORTS:
        numbers.append(
            _lodge(
                platform,
                district.importer,
                flow="import",
                declaration_date=day,
                trader_id=district.importer_id,
                items=[ore_item(value, kg)],
            )
        )
    return numbers
