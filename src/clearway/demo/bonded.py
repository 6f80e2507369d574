"""The demo district's "bonded + warehousing" business at the Ordos Comprehensive Bonded Zone.

Both Ordos battery makers keep account books. In March 2024 they move finished batteries from
their domestic factories into the zone (each entry an export with its refund recorded at once),
then export them abroad through the zone gate, one truck after another, in April. Qingyuan also
sells cabinets into the domestic market (duty and VAT paid) and transfers stock to Beijiang; a
stocktake difference is approved. Everything goes through the same services as the API. The
dates keep clear of the January-February export figures the rest of the demo reproduces, and
the zone declarations carry zone supervision modes (5100 goods in/out of the zone, 5034 zone
logistics) so trade statistics can tell them apart.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from clearway.bonded import gate, movements, payments, services
from clearway.bonded.commands import (
    AccountBookInput,
    BookItemInput,
    DecisionInput,
    GatePassInput,
    LocationInput,
    StocktakeInput,
    VerificationListInput,
)
from clearway.bonded.queries import get_book
from clearway.bonded.status import GateCommand, StocktakeCommand
from clearway.bootstrap import Platform
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput, DeclarationInput
from clearway.declarations.model import Lane
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command, move_for
from clearway.identity.model import Actor
from clearway.shared.clock import FixedClock

ORDOS = "0291"
ZONE_IN_OUT, ZONE_LOGISTICS = "5100", "5034"
UN3480 = {
    "un_number": "UN3480",
    "name": "LITHIUM ION BATTERIES",
    "packaging_category": "II",
    "packaging_spec": "4G fibreboard box, UN spec",
}
# tariff line, goods name, CNY per piece, kg per piece
GOODS = (
    ("8507600030", "储能电池柜 Energy storage cabinet 372kWh", Decimal("310000.00"), Decimal(2900)),
    ("8507600010", "锂离子蓄电池单体 LFP cells 3.2V 280Ah", Decimal("420.00"), Decimal("5.4")),
)
# enterprise key, its enterprise user, storage place, pieces entering per line and truckload
TOTALS = (("total_value", "value"), ("net_weight", "net_weight"), ("gross_weight", "gross_weight"))
MAKERS = (
    ("qingyuan", "exporter", "QY-A3-DG-01", (36, 24000)),
    ("beijiang", "beijiang", "BJ-B7-DG-01", (20, 12000)),
)


def seed_bonded(platform: Platform, ids: dict[str, int], actors: dict[str, Actor]) -> None:
    """Books, zone entries with refunds, exports through the gate, a domestic sale."""
    clock = FixedClock(datetime(2024, 3, 1, 1, 0, tzinfo=UTC))
    p = dataclasses.replace(platform, clock=clock)
    admin, inspector = actors["admin"], actors["inspector"]
    books: dict[str, str] = {}
    for key, _user, location, _pieces in MAKERS:
        with p.uow() as uow:
            book = services.open_book(
                uow, AccountBookInput(enterprise_id=ids[key], office_code=ORDOS), admin, clock
            )
        books[key] = book.number
        for code, name, _price, _kg in GOODS:
            with p.uow() as uow:
                item = BookItemInput(
                    tariff_code=code, goods_name=name, unit="pcs", dg_un_number="UN3480"
                )
                services.register_item(uow, book.number, item, admin, clock)
        with p.uow() as uow:
            services.add_location(
                uow,
                LocationInput(
                    office_code=ORDOS,
                    code=location,
                    name=f"{key} DG warehouse",
                    enterprise_id=ids[key],
                    dg_approved=True,
                ),
                admin,
                clock,
            )
    with p.uow() as uow:
        services.add_location(
            uow,
            LocationInput(
                office_code=ORDOS,
                code="ZONE-PUB-01",
                name="Zone public warehouse (general cargo)",
                dg_approved=False,
            ),
            admin,
            clock,
        )

    for week in range(3):
        for key, user, location, pieces in MAKERS:
            clock.set(datetime(2024, 3, 4 + 7 * week, 2, 0, tzinfo=UTC) + timedelta(hours=3))
            quantities = [pieces[0] + 4 * week, pieces[1] + 2000 * week]
            number = _declare(
                p, actors, actors[user], ids[key], "export", quantities, "CN", ZONE_IN_OUT
            )
            lines = [_line(n, q, location) for n, q in enumerate(quantities, start=1)]
            _through_gate(
                p, actors[user], inspector, books[key], "domestic_to_zone", number, lines, "in"
            )

    for week, (key, user, _location, pieces) in enumerate(MAKERS * 2):
        clock.set(datetime(2024, 4, 2 + 7 * week, 1, 0, tzinfo=UTC))
        quantities = [pieces[0] // 2, pieces[1] // 2]
        country = ("DE", "KR", "HU", "AE")[week]
        number = _declare(
            p,
            actors,
            actors[user],
            ids[key],
            "export",
            quantities,
            country,
            ZONE_LOGISTICS,
            transport="road",
        )
        lines = [_line(n, q, None) for n, q in enumerate(quantities, start=1)]
        _through_gate(
            p, actors[user], inspector, books[key], "exit_record", number, lines, "out", trucks=2
        )

    _domestic_sale(p, actors, ids, books["qingyuan"])
    clock.set(datetime(2024, 4, 26, 3, 0, tzinfo=UTC))
    transfer = VerificationListInput.model_validate(
        {
            "kind": "in_zone_transfer",
            "book": books["qingyuan"],
            "counterpart_book": books["beijiang"],
            "items": [
                {
                    "item_no": 2,
                    "quantity": "2000",
                    "unit": "pcs",
                    "counterpart_item_no": 2,
                    "location_code": "BJ-B7-DG-01",
                }
            ],
        }
    )
    with p.uow() as uow:
        movements.lodge_list(uow, transfer, actors["exporter"], clock)
    clock.set(datetime(2024, 4, 30, 8, 0, tzinfo=UTC))
    count = StocktakeInput.model_validate(
        {
            "counted_on": date(2024, 4, 30),
            "reason": "month-end count: two cells damaged in handling",
            "counts": [{"item_no": 2, "counted_quantity": _balance(p, books["beijiang"], 2) - 2}],
        }
    )
    with p.uow() as uow:
        taken = services.record_stocktake(uow, books["beijiang"], count, actors["beijiang"], clock)
    clock.advance(timedelta(hours=20))
    with p.uow() as uow:
        services.decide_stocktake(
            uow,
            taken.id,
            StocktakeCommand.APPROVE,
            DecisionInput(reason="damage report checked on site"),
            inspector,
            clock,
        )


def _line(line_no: int, quantity: int, location: str | None) -> dict[str, Any]:
    line: dict[str, Any] = {
        "item_no": line_no,
        "quantity": str(quantity),
        "unit": "pcs",
        "declaration_line_no": line_no,
    }
    if location:
        line["location_code"] = location
    return line


def _declare(
    p: Platform,
    actors: dict[str, Actor],
    declarant: Actor,
    trader_id: int,
    flow: str,
    quantities: list[int],
    country: str,
    supervision: str,
    transport: str = "bonded_zone",
) -> str:
    """A declaration of the two battery lines taken to release; returns its number."""
    items: list[dict[str, object]] = []
    for (code, name, price, kg), quantity in zip(GOODS, quantities, strict=True):
        net = kg * quantity
        items.append(
            {
                "tariff_code": code,
                "goods_name": name,
                "quantity": str(quantity),
                "unit": "pcs",
                "net_weight": str(net),
                "gross_weight": str(net * Decimal("1.08")),
                "value": str(price * quantity),
                "origin_country": "CN",
                "destination_country": country if flow == "export" else "CN",
                "dangerous_goods": UN3480,
            }
        )
    body = DeclarationInput.model_validate(
        {
            "flow": flow,
            "trader_id": trader_id,
            "office_code": ORDOS,
            "port_code": ORDOS,
            "transport_mode": transport,
            "transport_means": "蒙K8Z001",
            "supervision_mode": supervision,
            "trade_country": country,
            "currency": "CNY",
            **{
                total: str(sum((Decimal(str(i[field])) for i in items), Decimal(0)))
                for total, field in TOTALS
            },
            "packages": sum(quantities),
            "overseas_party": "" if country == "CN" else "Nordvolt GmbH",
            "declaration_date": p.clock.now().date().isoformat(),
            "items": items,
        }
    )
    with p.uow() as uow:
        number = declarations.create(uow, body, declarant, p.clock, p.settings.max_items).number
    clock = p.clock
    assert isinstance(clock, FixedClock)
    for command, who, action in (
        (Command.SUBMIT, declarant, {}),
        (Command.ACCEPT, actors["risk"], {}),
        (
            Command.ASSIGN_LANE,
            actors["risk"],
            {"lane": Lane.GREEN, "reason": "AEO zone enterprise"},
        ),
        (Command.ASSESS_DUTY, actors["inspector"], {}),
        (Command.PAY, declarant, {}),
        (Command.RELEASE, actors["inspector"], {}),
    ):
        clock.advance(timedelta(minutes=20))
        with p.uow() as uow:
            found = get_visible(uow.session, who, number)
            if command is Command.PAY:
                if found.duty_amount:
                    payments.pay(uow, number, who, clock)
            elif move_for(found.status, command) is not None:
                # Risk screening on submission may already have accepted it and set the lane.
                declarations.act(
                    uow, number, command, ActionInput(**action), who, clock, p.submission
                )
    return number


def _through_gate(
    p: Platform,
    keeper: Actor,
    inspector: Actor,
    book: str,
    kind: str,
    declaration: str,
    lines: list[dict[str, Any]],
    direction: str,
    trucks: int = 1,
) -> None:
    """Lodge the list, then send its goods through the gate in equal truckloads."""
    clock = p.clock
    assert isinstance(clock, FixedClock)
    data = VerificationListInput.model_validate(
        {"kind": kind, "book": book, "declaration": declaration, "items": lines}
    )
    with p.uow() as uow:
        vl = movements.lodge_list(uow, data, keeper, clock)
    for truck in range(trucks):
        loads = []
        for line in lines:
            whole = int(line["quantity"])
            share = whole // trucks + (whole % trucks if truck == trucks - 1 else 0)
            loads.append(
                {"list_number": vl.number, "line_no": line["item_no"], "quantity": str(share)}
            )
        clock.advance(timedelta(hours=1))
        body = GatePassInput.model_validate(
            {
                "book": book,
                "direction": direction,
                "vehicle_plate": f"蒙K{61000 + truck}",
                "items": loads,
            }
        )
        with p.uow() as uow:
            number = gate.issue_gate_pass(uow, body, keeper, clock).number
        for command in (GateCommand.GATE_IN, GateCommand.GATE_OUT):
            clock.advance(timedelta(minutes=40))
            with p.uow() as uow:
                gate.gate_event(uow, number, command, inspector, clock)


def _domestic_sale(p: Platform, actors: dict[str, Actor], ids: dict[str, int], book: str) -> None:
    """Hengtong buys cabinets and cells out of Qingyuan's zone stock: duty and VAT are paid."""
    clock = p.clock
    assert isinstance(clock, FixedClock)
    clock.set(datetime(2024, 4, 25, 2, 0, tzinfo=UTC))
    number = _declare(
        p,
        actors,
        actors["hengtong"],
        ids["hengtong"],
        "import",
        [4, 2000],
        "CN",
        ZONE_IN_OUT,
        transport="road",
    )
    lines = [_line(n, q, None) for n, q in enumerate((4, 2000), start=1)]
    _through_gate(
        p, actors["exporter"], actors["inspector"], book, "zone_to_domestic", number, lines, "out"
    )


def _balance(p: Platform, book: str, item_no: int) -> Decimal:
    with p.sessions() as session:
        item = get_book(session, Actor.system(), book).item(item_no)
        return item.balance if item is not None else Decimal(0)
