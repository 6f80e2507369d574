"""Bonded zone use cases on SQLite and PostgreSQL, through the real migrations; rolled back."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from clearway.audit.tables import audit_events
from clearway.bonded import ledger, movements, payments, queries, services
from clearway.bonded.commands import (
    AccountBookInput,
    DecisionInput,
    GuaranteeInput,
    SecureInput,
    StocktakeInput,
    VerificationListInput,
)
from clearway.bonded.model import MovementKind, Passage
from clearway.bonded.status import GateCommand, ListStatus, StocktakeCommand
from clearway.bonded.tables import export_refunds, gate_passes, ledger_entries, verification_lists
from clearway.bootstrap import Platform
from clearway.declarations import services as decl
from clearway.declarations.commands import ActionInput
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command, Status
from clearway.shared.clock import FixedClock
from clearway.shared.errors import Conflict, NotFound, PermissionDenied, RuleViolation
from tests.bonded_builders import (
    BATTERY,
    DG_LOCATION,
    INVERTER,
    OTHER_DG_LOCATION,
    PLAIN_LOCATION,
    Zone,
    declare,
    drive,
    gate_pass,
    line,
    lodge,
    seed_zone,
    stock,
    zone_battery,
)
from tests.builders import ADMIN, INSPECTOR, ORDOS, RISK, TODAY


@pytest.fixture()
def zone(platform: Platform) -> Zone:
    return seed_zone(platform)


def _balance(platform: Platform, book: str, item_no: int = BATTERY) -> Decimal:
    with platform.sessions() as s:
        found = queries.get_book(s, ADMIN, book).item(item_no)
        assert found is not None
        return found.balance


def _count(platform: Platform, table: Any) -> int:
    with platform.sessions() as s:
        return int(s.execute(select(func.count()).select_from(table)).scalar_one())


def _advance(platform: Platform, hours: float) -> None:
    assert isinstance(platform.clock, FixedClock)
    platform.clock.advance(timedelta(hours=hours))


def test_domestic_goods_entering_the_zone_leave_an_export_refund_at_once(
    platform: Platform, zone: Zone
) -> None:
    number = declare(platform, zone.maker, "export", [zone_battery("10", "3100000.00")])
    vl = lodge(
        platform,
        zone.maker,
        kind="domestic_to_zone",
        book=zone.book,
        declaration=number,
        items=[line(quantity="10", location_code=DG_LOCATION, declaration_line_no=1)],
    )
    assert vl.direction.value == "in" and vl.dg_mark and vl.items[0].dg_un_number == "UN3480"
    gp = gate_pass(platform, zone.maker, zone.book, "in", [(vl.number, 1, "10")])
    assert _count(platform, export_refunds) == 0 and _balance(platform, zone.book) == 0
    drive(platform, gp.number, GateCommand.GATE_IN)
    assert _balance(platform, zone.book) == 10
    with platform.sessions() as s:
        posted = queries.get_list(s, zone.maker, vl.number)
        assert posted.status is ListStatus.POSTED and posted.passage is Passage.COMPLETE
        refund = queries.refunds(s, zone.maker, 10, 0)[0]
        # 8507600030 carries a 6 % rebate from 2026-04-01: 3,100,000.00 x 6 % = 186,000.00
        assert refund.amount == Decimal("186000.00") and refund.rate_day == TODAY
        assert refund.lines[0].rebate_rate == Decimal(6)
        assert refund.enterprise_id == zone.maker_id
        kinds = s.execute(select(ledger_entries.c.kind, ledger_entries.c.location_code)).all()
        assert kinds == [(MovementKind.ENTRY.value, DG_LOCATION)]
        actions = {a for (a,) in s.execute(select(audit_events.c.action))}
        assert {
            "verification_list.lodged",
            "gate_pass.issued",
            "gate_pass.gate_in",
            "verification_list.posted",
        } <= actions


def test_the_book_moves_only_when_released_and_all_goods_passed(
    platform: Platform, zone: Zone
) -> None:
    """A consolidated list's goods pass first; the book waits for the declaration's release."""
    number = declare(
        platform,
        zone.maker,
        "import",
        [zone_battery("8")],
        until=Command.SUBMIT,
        trade_country="DE",
    )
    vl = lodge(
        platform,
        zone.maker,
        kind="consolidated",
        direction="in",
        book=zone.book,
        declaration=number,
        items=[line(quantity="8", location_code=DG_LOCATION, declaration_line_no=1)],
    )
    gp = gate_pass(platform, zone.maker, zone.book, "in", [(vl.number, 1, "8")])
    drive(platform, gp.number, GateCommand.GATE_IN)
    assert _balance(platform, zone.book) == 0  # all goods passed, declaration not released
    with platform.uow() as uow, pytest.raises(Conflict) as early:
        movements.post_list(uow, vl.number, zone.maker, platform.clock)
    assert "not released" in early.value.detail
    for command, who, action in [
        (Command.ACCEPT, RISK, {}),
        (Command.ASSIGN_LANE, RISK, {"lane": "green", "reason": "AEO"}),
        (Command.ASSESS_DUTY, INSPECTOR, {"duty_amount": Decimal(0)}),
        (Command.RELEASE, INSPECTOR, {}),
    ]:
        with platform.uow() as uow:
            decl.act(uow, number, command, ActionInput(**action), who, platform.clock)
    with platform.sessions() as s:
        assert queries.ready_lists(s, INSPECTOR) == [vl.number]
    with platform.uow() as uow:
        movements.post_list(uow, vl.number, INSPECTOR, platform.clock)
    assert _balance(platform, zone.book) == 8


def test_released_but_partly_passed_goods_do_not_move_the_book(
    platform: Platform, zone: Zone
) -> None:
    stock(platform, zone, "10")
    number = declare(platform, zone.maker, "export", [zone_battery("10")])
    vl = lodge(
        platform,
        zone.maker,
        kind="exit_record",
        book=zone.book,
        declaration=number,
        items=[line(quantity="10", declaration_line_no=1)],
    )
    first = gate_pass(platform, zone.maker, zone.book, "out", [(vl.number, 1, "4")], "蒙K00001")
    second = gate_pass(platform, zone.maker, zone.book, "out", [(vl.number, 1, "6")], "蒙K00002")
    with pytest.raises(Conflict) as over:
        gate_pass(platform, zone.maker, zone.book, "out", [(vl.number, 1, "1")])
    assert over.value.extra["available"] == "0"
    drive(platform, first.number, GateCommand.GATE_IN)
    assert _balance(platform, zone.book) == 10  # outbound goods pass on the way out
    drive(platform, first.number, GateCommand.GATE_OUT)
    with platform.sessions() as s:
        partial = queries.get_list(s, zone.maker, vl.number)
        assert partial.passage is Passage.PARTIAL and partial.status is ListStatus.LODGED
        assert partial.items[0].passed == 4
    assert _balance(platform, zone.book) == 10
    drive(platform, second.number, GateCommand.GATE_IN, GateCommand.GATE_OUT)
    assert _balance(platform, zone.book) == 0
    with platform.sessions() as s:
        assert queries.get_list(s, zone.maker, vl.number).status is ListStatus.POSTED


def test_gate_pass_for_an_unreleased_declaration_is_refused(platform: Platform, zone: Zone) -> None:
    number = declare(
        platform,
        zone.maker,
        "import",
        [zone_battery("5")],
        until=Command.ACCEPT,
        trade_country="DE",
    )
    vl = lodge(
        platform,
        zone.maker,
        kind="entry_record",
        book=zone.book,
        declaration=number,
        items=[line(quantity="5", location_code=DG_LOCATION, declaration_line_no=1)],
    )
    with pytest.raises(Conflict) as refused:
        gate_pass(platform, zone.maker, zone.book, "in", [(vl.number, 1, "5")])
    assert refused.value.extra["declaration_status"] == "accepted"
    assert "not released" in refused.value.detail
    assert _count(platform, gate_passes) == 0


def test_dangerous_goods_only_in_locations_approved_for_them(
    platform: Platform, zone: Zone
) -> None:
    number = declare(
        platform, zone.maker, "import", [zone_battery("5")], duty_free=True, trade_country="DE"
    )
    body = {"kind": "entry_record", "book": zone.book, "declaration": number}
    with pytest.raises(RuleViolation) as plain:
        lodge(
            platform,
            zone.maker,
            **body,
            items=[line(quantity="5", location_code=PLAIN_LOCATION, declaration_line_no=1)],
        )
    assert [(e.path, e.rule) for e in plain.value.errors] == [
        ("items.0.location_code", "dg_location")
    ]
    with pytest.raises(RuleViolation) as foreign:
        lodge(
            platform,
            zone.maker,
            **body,
            items=[line(quantity="5", location_code=OTHER_DG_LOCATION, declaration_line_no=1)],
        )
    assert foreign.value.errors[0].rule == "location_not_yours"
    assert _count(platform, verification_lists) == 0
    stock(platform, zone, "3", item_no=INVERTER)  # ordinary goods may go to the public store
    assert _balance(platform, zone.book, INVERTER) == 3


def test_a_closed_book_takes_no_movement(platform: Platform, zone: Zone) -> None:
    with platform.uow() as uow:
        services.close_book(
            uow, zone.other_book, DecisionInput(reason="enterprise left"), INSPECTOR, platform.clock
        )
    with pytest.raises(Conflict) as closed:
        stock(platform, zone, "2", actor=zone.other, book=zone.other_book)
    assert closed.value.extra["book_status"] == "closed"
    with platform.uow() as uow, pytest.raises(Conflict):
        book = queries.get_book(uow.session, ADMIN, zone.other_book)
        ledger.post(
            uow.session,
            book.items[0].id,
            Decimal(1),
            platform.clock.now(),
            ledger.Movement(MovementKind.ENTRY, "test"),
        )
    stock(platform, zone, "4")
    with platform.uow() as uow, pytest.raises(Conflict) as stocked:
        services.close_book(uow, zone.book, DecisionInput(), INSPECTOR, platform.clock)
    assert stocked.value.extra["items_with_stock"] == [BATTERY]


def test_unit_mismatch_negative_and_non_numeric_quantities_are_refused(
    platform: Platform, zone: Zone
) -> None:
    stock(platform, zone, "10")
    lists_before = _count(platform, verification_lists)
    transfer = {"kind": "in_zone_transfer", "book": zone.book, "counterpart_book": zone.other_book}
    with pytest.raises(RuleViolation) as unit:
        lodge(
            platform,
            zone.maker,
            **transfer,
            items=[
                line(
                    quantity="2",
                    unit="kg",
                    counterpart_item_no=BATTERY,
                    location_code=OTHER_DG_LOCATION,
                )
            ],
        )
    assert [(e.path, e.rule) for e in unit.value.errors] == [("items.0.unit", "unit_mismatch")]
    with pytest.raises(RuleViolation) as negative:
        lodge(
            platform,
            zone.maker,
            **transfer,
            items=[
                line(quantity="-2", counterpart_item_no=BATTERY, location_code=OTHER_DG_LOCATION)
            ],
        )
    assert [(e.path, e.rule) for e in negative.value.errors] == [("items.0.quantity", "positive")]
    with pytest.raises(ValidationError):
        VerificationListInput.model_validate({**transfer, "items": [line(quantity="two")]})
    assert _count(platform, verification_lists) == lists_before
    assert _balance(platform, zone.book) == 10


def test_withdrawal_beyond_the_balance_names_the_available_quantity(
    platform: Platform, zone: Zone
) -> None:
    stock(platform, zone, "50")
    entries = _count(platform, ledger_entries)
    with pytest.raises(Conflict) as refused:
        lodge(
            platform,
            zone.maker,
            kind="in_zone_transfer",
            book=zone.book,
            counterpart_book=zone.other_book,
            items=[
                line(quantity="60", counterpart_item_no=BATTERY, location_code=OTHER_DG_LOCATION)
            ],
        )
    assert refused.value.extra["available"] == "50" and refused.value.extra["requested"] == "60"
    assert _count(platform, ledger_entries) == entries
    with platform.uow() as uow, pytest.raises(Conflict) as direct:
        item = queries.get_book(uow.session, ADMIN, zone.book).items[0]
        ledger.post(
            uow.session,
            item.id,
            Decimal(-51),
            platform.clock.now(),
            ledger.Movement(MovementKind.EXIT, "test"),
        )
    assert direct.value.extra["available"] == "50"


def test_in_zone_transfer_moves_both_books_and_keeps_history(
    platform: Platform, zone: Zone
) -> None:
    stock(platform, zone, "50")
    before = platform.clock.now()
    _advance(platform, 26)
    vl = lodge(
        platform,
        zone.maker,
        kind="in_zone_transfer",
        book=zone.book,
        counterpart_book=zone.other_book,
        items=[line(quantity="12.5", counterpart_item_no=BATTERY, location_code=OTHER_DG_LOCATION)],
    )
    assert vl.status is ListStatus.POSTED
    assert _balance(platform, zone.book) == Decimal("37.5")
    assert _balance(platform, zone.other_book) == Decimal("12.5")
    with platform.sessions() as s:
        book = queries.get_book(s, zone.maker, zone.book)
        then = {r.item_no: r.balance for r in queries.balances_at(s, book, before)}
        assert then == {BATTERY: 50, INVERTER: 0}
        empty = queries.balances_at(s, book, before - timedelta(days=1))
        assert [r.balance for r in empty] == [0, 0]
        total, rows = queries.movements(s, book, None, None, None, 10, 0)
        assert total == 2
        assert [(r.kind, r.quantity, r.balance_after) for r in rows] == [
            ("entry", 50, 50),
            ("transfer_out", Decimal("-12.5"), Decimal("37.5")),
        ]
        assert rows[1].list_number == vl.number
        # The receiving enterprise sees the transfer, not the sender's book.
        assert queries.get_list(s, zone.other, vl.number).number == vl.number
        with pytest.raises(NotFound):
            queries.get_book(s, zone.other, zone.book)


def test_stocktake_difference_touches_the_book_only_once_approved(
    platform: Platform, zone: Zone
) -> None:
    stock(platform, zone, "50")
    count = StocktakeInput.model_validate(
        {
            "counted_on": TODAY.isoformat(),
            "reason": "monthly count",
            "counts": [
                {"item_no": BATTERY, "counted_quantity": "48"},
                {"item_no": INVERTER, "counted_quantity": "1"},
            ],
        }
    )
    with platform.uow() as uow:
        taken = services.record_stocktake(uow, zone.book, count, zone.maker, platform.clock)
    assert [line.difference for line in taken.lines] == [-2, 1]
    assert _balance(platform, zone.book) == 50
    with platform.uow() as uow, pytest.raises(PermissionDenied):
        services.decide_stocktake(
            uow, taken.id, StocktakeCommand.APPROVE, DecisionInput(), zone.maker, platform.clock
        )
    with platform.uow() as uow:
        services.decide_stocktake(
            uow,
            taken.id,
            StocktakeCommand.APPROVE,
            DecisionInput(reason="breakage confirmed"),
            INSPECTOR,
            platform.clock,
        )
    assert _balance(platform, zone.book) == 48 and _balance(platform, zone.book, INVERTER) == 1
    bad = StocktakeInput.model_validate(
        {"counted_on": TODAY.isoformat(), "counts": [{"item_no": 9, "counted_quantity": "-1"}]}
    )
    with platform.uow() as uow, pytest.raises(RuleViolation) as refused:
        services.record_stocktake(uow, zone.book, bad, zone.maker, platform.clock)
    assert {e.rule for e in refused.value.errors} == {"unknown_item", "not_negative"}


def test_zone_to_domestic_pays_duty_and_vat_before_release(platform: Platform, zone: Zone) -> None:
    stock(platform, zone, "10")
    importer = zone.district.importer
    item = zone_battery("4", "1240000.00", origin_country="CN", destination_country="CN")
    number = declare(
        platform,
        importer,
        "import",
        [item],
        until=Command.ASSESS_DUTY,
        trade_country="CN",
        trader_id=zone.district.importer_id,
    )
    with platform.sessions() as s:
        declaration, notice = payments.tax_notice(s, importer, number)
        # 1,240,000.00 x 10 % = 124,000.00 duty; (1,240,000.00 + 124,000.00) x 13 % = 177,320.00
        assert (notice.duty, notice.vat) == (Decimal("124000.00"), Decimal("177320.00"))
        assert declaration.duty_amount == notice.total
    with platform.uow() as uow:
        paid = payments.pay(uow, number, importer, platform.clock)
    assert paid.status is Status.PAID and paid.events[-1].milestone == "E7"
    with platform.uow() as uow, pytest.raises(Conflict):
        payments.pay(uow, number, importer, platform.clock)
    with platform.uow() as uow:
        decl.act(uow, number, Command.RELEASE, ActionInput(), INSPECTOR, platform.clock)
    vl = lodge(
        platform,
        zone.maker,
        kind="zone_to_domestic",
        book=zone.book,
        declaration=number,
        items=[line(quantity="4", declaration_line_no=1)],
    )
    gp = gate_pass(platform, zone.maker, zone.book, "out", [(vl.number, 1, "4")])
    drive(platform, gp.number, GateCommand.GATE_IN, GateCommand.GATE_OUT)
    assert _balance(platform, zone.book) == 6
    with platform.sessions() as s:
        months = queries.tax_by_month(s, INSPECTOR, TODAY.year, "Asia/Shanghai")
        assert [(m.month, m.duty, m.vat) for m in months] == [
            ("2026-11", Decimal("124000.00"), Decimal("177320.00"))
        ]
        assert queries.tax_by_month(s, zone.maker, TODAY.year, "Asia/Shanghai") == []


def test_guarantee_is_consumed_and_restored(platform: Platform, zone: Zone) -> None:
    importer = zone.district.importer
    item = zone_battery("1", "10000.00", origin_country="CN", destination_country="CN")
    number = declare(
        platform,
        importer,
        "import",
        [item],
        until=Command.ASSESS_DUTY,
        trade_country="CN",
        trader_id=zone.district.importer_id,
    )
    small, large = (
        GuaranteeInput(
            enterprise_id=zone.district.importer_id,
            office_code=ORDOS,
            amount=Decimal(amount),
            valid_from=TODAY,
            valid_to=TODAY + timedelta(days=90),
        )
        for amount in ("1000.00", "50000.00")
    )
    with platform.uow() as uow:
        weak = payments.file_guarantee(uow, small, INSPECTOR, platform.clock)
    with platform.uow() as uow:
        strong = payments.file_guarantee(uow, large, INSPECTOR, platform.clock)
    with platform.uow() as uow, pytest.raises(Conflict) as short:
        payments.secure(uow, number, SecureInput(guarantee=weak.number), importer, platform.clock)
    # duty 1,000.00 + VAT (10,000.00 + 1,000.00) x 13 % = 1,430.00 -> 2,430.00 due
    assert short.value.extra == {"available": "1000.00", "requested": "2430.00"}
    with platform.uow() as uow:
        secured = payments.secure(
            uow, number, SecureInput(guarantee=strong.number), importer, platform.clock
        )
    assert secured.status is Status.PAID
    with platform.sessions() as s:
        left = {g.number: g.balance for g in queries.guarantees(s, INSPECTOR)}
        assert left[strong.number] == Decimal("47570.00") and left[weak.number] == 1000
    with platform.uow() as uow:
        payments.settle(uow, number, importer, platform.clock)
    with platform.sessions() as s:
        assert {g.balance for g in queries.guarantees(s, INSPECTOR)} == {1000, 50000}
        assert get_visible(s, INSPECTOR, number).status is Status.PAID


def test_tenancy_and_roles(platform: Platform, zone: Zone) -> None:
    with platform.sessions() as s:
        assert [b.number for b in queries.list_books(s, zone.maker)] == [zone.book]
        assert len(queries.list_books(s, INSPECTOR)) == 2
        assert queries.list_books(s, zone.district.broker) == []
        with pytest.raises(NotFound):
            queries.get_book(s, zone.district.exporter, zone.book)
    with platform.uow() as uow, pytest.raises(PermissionDenied):
        services.open_book(
            uow,
            AccountBookInput(enterprise_id=zone.maker_id, office_code=ORDOS),
            zone.maker,
            platform.clock,
        )
    with platform.uow() as uow, pytest.raises(RuleViolation) as not_zone:
        services.open_book(
            uow,
            AccountBookInput(enterprise_id=zone.district.exporter_id, office_code=ORDOS),
            ADMIN,
            platform.clock,
        )
    assert not_zone.value.errors[0].rule == "bonded_zone_role"
    with platform.uow() as uow, pytest.raises(Conflict):
        services.open_book(
            uow,
            AccountBookInput(enterprise_id=zone.maker_id, office_code=ORDOS),
            ADMIN,
            platform.clock,
        )


def test_refunds_per_enterprise_and_month(platform: Platform, zone: Zone) -> None:
    for quantity in ("2", "3"):
        number = declare(
            platform, zone.maker, "export", [zone_battery(quantity, f"{int(quantity) * 310000}.00")]
        )
        vl = lodge(
            platform,
            zone.maker,
            kind="domestic_to_zone",
            book=zone.book,
            declaration=number,
            items=[line(quantity=quantity, location_code=DG_LOCATION, declaration_line_no=1)],
        )
        gp = gate_pass(platform, zone.maker, zone.book, "in", [(vl.number, 1, quantity)])
        drive(platform, gp.number, GateCommand.GATE_IN)
    with platform.sessions() as s:
        rows = queries.refunds_by_month(s, INSPECTOR, TODAY.year, "Asia/Shanghai")
        assert [(r.enterprise_id, r.month, r.refunds, r.amount) for r in rows] == [
            (zone.maker_id, "2026-11", 2, Decimal("93000.00"))
        ]
        assert queries.refunds_by_month(s, zone.other, TODAY.year, "Asia/Shanghai") == []
