"""Builders for the bonded zone in customs terms: a zone with two book-keeping enterprises."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from clearway.bonded import gate, movements, payments, services
from clearway.bonded.commands import (
    AccountBookInput,
    BookItemInput,
    GatePassInput,
    LocationInput,
    VerificationListInput,
)
from clearway.bonded.model import GatePass, VerificationList
from clearway.bonded.status import GateCommand
from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.enterprises.model import CreditLevel, EnterpriseRole
from clearway.identity.model import Actor, Role
from tests.builders import (
    ADMIN,
    INSPECTOR,
    ORDOS,
    RISK,
    District,
    battery_item,
    make_declaration,
    register_enterprise,
    seed_district,
)

BATTERY, INVERTER = 1, 2  # item numbers in both books
DG_LOCATION, PLAIN_LOCATION, OTHER_DG_LOCATION = "A3-DG-01", "PUB-GEN-01", "B7-DG-01"


@dataclass
class Zone:
    """Two zone enterprises with open books at Ordos, each with a battery and an inverter item."""

    district: District
    maker_id: int
    other_id: int
    maker: Actor
    other: Actor
    book: str
    other_book: str


def seed_zone(platform: Platform) -> Zone:
    district = seed_district(platform)
    roles = [EnterpriseRole.TRADER, EnterpriseRole.BONDED_ZONE]
    maker_id = register_enterprise(
        platform, 5, "鄂尔多斯北疆储能电池有限公司", roles, CreditLevel.CERTIFIED
    )
    other_id = register_enterprise(platform, 6, "Ordos Zone Storage Co.", roles)
    books = []
    for enterprise_id in (maker_id, other_id):
        with platform.uow() as uow:
            book = services.open_book(
                uow,
                AccountBookInput(enterprise_id=enterprise_id, office_code=ORDOS),
                ADMIN,
                platform.clock,
            )
        books.append(book.number)
        for item in (
            BookItemInput(
                tariff_code="8507600030",
                goods_name="储能电池柜 Energy storage cabinet",
                unit="pcs",
                dg_un_number="UN3480",
            ),
            BookItemInput(
                tariff_code="8504403000", goods_name="储能变流器 PCS inverter", unit="pcs"
            ),
        ):
            with platform.uow() as uow:
                services.register_item(uow, book.number, item, ADMIN, platform.clock)
    for code, owner, dg in (
        (DG_LOCATION, maker_id, True),
        (PLAIN_LOCATION, None, False),
        (OTHER_DG_LOCATION, other_id, True),
    ):
        with platform.uow() as uow:
            services.add_location(
                uow,
                LocationInput(
                    office_code=ORDOS, code=code, name=code, enterprise_id=owner, dg_approved=dg
                ),
                ADMIN,
                platform.clock,
            )
    return Zone(
        district=district,
        maker_id=maker_id,
        other_id=other_id,
        maker=Actor(
            user_id=105, username="maker", role=Role.ENTERPRISE_USER, enterprise_id=maker_id
        ),
        other=Actor(
            user_id=106, username="other-zone", role=Role.ENTERPRISE_USER, enterprise_id=other_id
        ),
        book=books[0],
        other_book=books[1],
    )


def zone_battery(
    quantity: str = "10", value: str = "3100000.00", **overrides: Any
) -> dict[str, Any]:
    """A declaration line of energy storage cabinets, DG block included."""
    return battery_item(value=value, quantity=quantity, **overrides)


def declare(
    platform: Platform,
    actor: Actor,
    flow: str,
    items: list[dict[str, Any]],
    until: Command = Command.RELEASE,
    duty_free: bool = False,
    **overrides: Any,
) -> str:
    """Lodge a declaration and take it through the lifecycle up to `until`; returns its number."""
    body = make_declaration(
        flow=flow,
        items=items,
        office_code=ORDOS,
        port_code=ORDOS,
        transport_mode="road",
        **overrides,
    )
    with platform.uow() as uow:
        number = declarations.create(uow, body, actor, platform.clock, 50).number
    steps = [
        (Command.SUBMIT, actor, {}),
        (Command.ACCEPT, RISK, {}),
        (Command.ASSIGN_LANE, RISK, {"lane": Lane.GREEN, "reason": "zone enterprise"}),
        (Command.ASSESS_DUTY, INSPECTOR, {"duty_amount": Decimal(0)} if duty_free else {}),
        (Command.PAY, actor, {}),
        (Command.RELEASE, INSPECTOR, {}),
    ]
    for command, who, action in steps:
        with platform.uow() as uow:
            if command is not Command.PAY:
                declarations.act(
                    uow,
                    number,
                    command,
                    ActionInput(**action),
                    who,
                    platform.clock,
                    platform.submission,
                )
            elif declarations.get_visible(uow.session, INSPECTOR, number).duty_amount:
                payments.pay(uow, number, actor, platform.clock)
        if command is until:
            break
    return number


def lodge(platform: Platform, actor: Actor, **body: Any) -> VerificationList:
    with platform.uow() as uow:
        return movements.lodge_list(
            uow, VerificationListInput.model_validate(body), actor, platform.clock
        )


def line(item_no: int = BATTERY, quantity: str = "10", **extra: Any) -> dict[str, Any]:
    return {"item_no": item_no, "quantity": quantity, "unit": "pcs", **extra}


def gate_pass(
    platform: Platform,
    actor: Actor,
    book: str,
    direction: str,
    lines: list[tuple[str, int, str]],
    plate: str = "蒙K12345",
) -> GatePass:
    body = GatePassInput.model_validate(
        {
            "book": book,
            "direction": direction,
            "vehicle_plate": plate,
            "items": [{"list_number": n, "line_no": ln, "quantity": q} for n, ln, q in lines],
        }
    )
    with platform.uow() as uow:
        return gate.issue_gate_pass(uow, body, actor, platform.clock)


def drive(platform: Platform, number: str, *commands: GateCommand) -> GatePass:
    """Record gate events by the inspection officer."""
    result = None
    for command in commands:
        with platform.uow() as uow:
            result = gate.gate_event(uow, number, command, INSPECTOR, platform.clock)
    assert result is not None
    return result


def stock(
    platform: Platform,
    zone: Zone,
    quantity: str,
    item_no: int = BATTERY,
    actor: Actor | None = None,
    book: str | None = None,
) -> VerificationList:
    """Bring goods from abroad into a book: entry record, gate pass, gate-in."""
    actor = actor or zone.maker
    book = book or zone.book
    battery = item_no == BATTERY
    item = (
        zone_battery(quantity=quantity, origin_country="DE", destination_country="CN")
        if battery
        else zone_battery(
            quantity=quantity,
            tariff_code="8504403000",
            dangerous_goods=None,
            origin_country="DE",
            destination_country="CN",
        )
    )
    number = declare(platform, actor, "import", [item], duty_free=True, trade_country="DE")
    location = (
        (DG_LOCATION if actor is zone.maker else OTHER_DG_LOCATION) if battery else PLAIN_LOCATION
    )
    vl = lodge(
        platform,
        actor,
        kind="entry_record",
        book=book,
        declaration=number,
        items=[line(item_no, quantity, location_code=location, declaration_line_no=1)],
    )
    gp = gate_pass(platform, actor, book, "in", [(vl.number, 1, quantity)])
    drive(platform, gp.number, GateCommand.GATE_IN)
    return vl
