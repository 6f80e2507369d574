"""Bonded zone rules and status tables, pure: no database."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from clearway.bonded import status as st
from clearway.bonded.commands import ListLineInput
from clearway.bonded.model import (
    AccountBook,
    BookItem,
    Direction,
    GatePass,
    ListKind,
    Passage,
    StorageLocation,
    VerificationList,
    VerificationListItem,
)
from clearway.bonded.rules import (
    KIND_RULES,
    RELEASED,
    LineContext,
    check_lines,
    declaration_flow,
    direction_for,
    gate_pass_blocker,
    posting_blockers,
    quantity_problem,
    quantity_text,
)
from clearway.bonded.stocktake import Stocktake
from clearway.declarations.model import DeclarationItem, Flow
from clearway.declarations.status import Status
from clearway.shared.errors import Conflict, IllegalTransition, RuleViolation

AT = datetime(2026, 11, 20, 2, tzinfo=UTC)
D = Decimal

TABLES: list[tuple[Any, type, type, Any]] = [
    (st.BOOK_TRANSITIONS, st.BookStatus, st.BookCommand, st.BOOK_TRANSITIONS.move),
    (st.LIST_TRANSITIONS, st.ListStatus, st.ListCommand, st.LIST_TRANSITIONS.move),
    (st.GATE_TRANSITIONS, st.GatePassStatus, st.GateCommand, st.GATE_TRANSITIONS.move),
    (
        st.STOCKTAKE_TRANSITIONS,
        st.StocktakeStatus,
        st.StocktakeCommand,
        st.STOCKTAKE_TRANSITIONS.move,
    ),
]


@pytest.mark.parametrize(
    ("table", "current", "command", "move"),
    [
        (table, s, c, move)
        for table, statuses, commands, move in TABLES
        for s, c in itertools.product(statuses, commands)
    ],
)
def test_every_pair_follows_its_table(table: Any, current: Any, command: Any, move: Any) -> None:
    target = table.get((current, command))
    if target is None:
        with pytest.raises(IllegalTransition) as refused:
            move(current, command)
        assert refused.value.extra["current_status"] == current.value
        assert command.value in refused.value.detail
    else:
        assert move(current, command) is target


def _item(
    item_no: int = 1, unit: str = "pcs", un: str | None = "UN3480", code: str = "8507600030"
) -> BookItem:
    item = BookItem(item_no, code, "储能电池柜", unit, un, AT)
    item.id = item_no * 10
    return item


def _location(code: str, dg: bool, owner: int | None = None) -> StorageLocation:
    return StorageLocation("0291", code, code, owner, dg, AT)


def _ctx(direction: Direction = Direction.IN, **overrides: Any) -> LineContext:
    fields: dict[str, Any] = {
        "kind": ListKind.ENTRY_RECORD,
        "direction": direction,
        "enterprise_id": 7,
        "items": {1: _item(1), 2: _item(2, un=None, code="8504403000")},
        "locations": {
            "DG": _location("DG", True, 7),
            "GEN": _location("GEN", False),
            "THEIRS": _location("THEIRS", True, 8),
        },
    }
    fields.update(overrides)
    return LineContext(**fields)


def _lines(*lines: dict[str, Any]) -> list[ListLineInput]:
    return [ListLineInput.model_validate({"unit": "pcs", **line}) for line in lines]


def _errors(lines: list[ListLineInput], ctx: LineContext) -> list[tuple[str, str]]:
    with pytest.raises(RuleViolation) as refused:
        check_lines(lines, ctx)
    return [(e.path, e.rule) for e in refused.value.errors]


def test_kind_fixes_direction_and_declaration_flow() -> None:
    expected = {
        ListKind.ENTRY_RECORD: (Direction.IN, Flow.IMPORT),
        ListKind.EXIT_RECORD: (Direction.OUT, Flow.EXPORT),
        ListKind.DOMESTIC_TO_ZONE: (Direction.IN, Flow.EXPORT),
        ListKind.ZONE_TO_DOMESTIC: (Direction.OUT, Flow.IMPORT),
        ListKind.IN_ZONE_TRANSFER: (Direction.OUT, None),
    }
    for kind, (direction, flow) in expected.items():
        assert direction_for(kind, None) is direction
        assert declaration_flow(kind, direction) is flow
    for kind in (ListKind.ORDINARY, ListKind.CONSOLIDATED):
        with pytest.raises(RuleViolation):
            direction_for(kind, None)
        assert declaration_flow(kind, Direction.IN) is Flow.IMPORT
        assert declaration_flow(kind, Direction.OUT) is Flow.EXPORT
    with pytest.raises(RuleViolation) as wrong:
        direction_for(ListKind.EXIT_RECORD, Direction.IN)
    assert wrong.value.errors[0].rule == "kind_direction"
    assert set(KIND_RULES) == set(ListKind)


@pytest.mark.parametrize(
    ("kind", "status", "passage"),
    list(
        itertools.product(
            [k for k in ListKind if KIND_RULES[k].gated], [*Status, None], list(Passage)
        )
    ),
)
def test_the_book_moves_only_when_released_and_all_goods_passed(
    kind: ListKind, status: Status | None, passage: Passage
) -> None:
    blockers = posting_blockers(kind, status, passage)
    assert (not blockers) == (status in RELEASED and passage is Passage.COMPLETE)
    assert len(blockers) == (status not in RELEASED) + (passage is not Passage.COMPLETE)


def test_transfers_post_at_once_and_never_pass_the_gate() -> None:
    assert posting_blockers(ListKind.IN_ZONE_TRANSFER, None, Passage.NONE) == []
    assert "need no gate pass" in str(gate_pass_blocker(ListKind.IN_ZONE_TRANSFER, None))


@pytest.mark.parametrize("status", [*Status, None])
def test_gate_passes_need_a_released_declaration_except_for_consolidated_lists(
    status: Status | None,
) -> None:
    assert (gate_pass_blocker(ListKind.ENTRY_RECORD, status) is None) == (status in RELEASED)
    lodged = status is not None and status not in (Status.DRAFT, Status.REJECTED, Status.CANCELLED)
    assert (gate_pass_blocker(ListKind.CONSOLIDATED, status) is None) == lodged


@pytest.mark.parametrize(
    ("quantity", "rule"),
    [
        ("0", "positive"),
        ("-1", "positive"),
        ("NaN", "positive"),
        ("Infinity", "positive"),
        ("1.00001", "decimals"),
        ("1.0001", None),
        ("12", None),
    ],
)
def test_quantities_must_be_positive_with_four_decimals_at_most(
    quantity: str, rule: str | None
) -> None:
    found = quantity_problem(D(quantity))
    assert (found[0] if found else None) == rule


def test_quantity_text_reads_like_people_write() -> None:
    assert [quantity_text(D(q)) for q in ("50.0000", "12.5000", "0E-4", "1E+2")] == [
        "50",
        "12.5",
        "0",
        "100",
    ]


def test_units_and_locations_of_inbound_lines() -> None:
    assert _errors(
        _lines({"item_no": 1, "quantity": "2", "unit": "kg", "location_code": "DG"}), _ctx()
    ) == [("items.0.unit", "unit_mismatch")]
    assert _errors(_lines({"item_no": 1, "quantity": "2", "location_code": "GEN"}), _ctx()) == [
        ("items.0.location_code", "dg_location")
    ]
    assert _errors(_lines({"item_no": 1, "quantity": "2", "location_code": "THEIRS"}), _ctx()) == [
        ("items.0.location_code", "location_not_yours")
    ]
    assert _errors(_lines({"item_no": 1, "quantity": "2"}), _ctx()) == [
        ("items.0.location_code", "required")
    ]
    check_lines(
        _lines(
            {"item_no": 2, "quantity": "2", "location_code": "GEN"},
            {"item_no": 1, "quantity": "2", "location_code": "DG"},
        ),
        _ctx(),
    )
    check_lines(_lines({"item_no": 1, "quantity": "2"}), _ctx(Direction.OUT))


def test_every_broken_line_rule_is_reported_at_once() -> None:
    lines = _lines(
        {"item_no": 9, "quantity": "1"},
        {"item_no": 1, "quantity": "-3", "location_code": "DG"},
        {"item_no": 1, "quantity": "1", "location_code": "DG"},
    )
    assert _errors(lines, _ctx()) == [
        ("items.0.item_no", "unknown_item"),
        ("items.1.quantity", "positive"),
        ("items.2.item_no", "duplicate"),
    ]
    assert _errors([], _ctx()) == [("items", "min_items")]


def test_lines_must_match_their_declaration_lines() -> None:
    declared = {
        1: DeclarationItem(
            line_no=1, tariff_code="8507600030", unit="pcs", quantity=D(10), dg_un_number="UN3481"
        )
    }
    ctx = _ctx(Direction.OUT, declared=declared)
    assert _errors(_lines({"item_no": 1, "quantity": "8", "declaration_line_no": 1}), ctx) == [
        ("items.0.quantity", "quantity_mismatch"),
        ("items.0.declaration_line_no", "dg_mismatch"),
    ]
    assert _errors(_lines({"item_no": 2, "quantity": "10", "declaration_line_no": 1}), ctx) == [
        ("items.0.declaration_line_no", "tariff_mismatch")
    ]
    assert _errors(_lines({"item_no": 1, "quantity": "10"}), ctx) == [
        ("items.0.declaration_line_no", "required")
    ]


def test_transfer_lines_need_matching_goods_in_the_receiving_book() -> None:
    ctx = _ctx(
        Direction.OUT,
        kind=ListKind.IN_ZONE_TRANSFER,
        counterpart_enterprise_id=8,
        counterpart={1: _item(1), 2: _item(2, unit="kg", un=None, code="8504403000")},
    )
    check_lines(
        _lines(
            {"item_no": 1, "quantity": "1", "counterpart_item_no": 1, "location_code": "THEIRS"}
        ),
        ctx,
    )
    assert _errors(
        _lines({"item_no": 2, "quantity": "1", "counterpart_item_no": 2, "location_code": "GEN"}),
        ctx,
    ) == [("items.0.counterpart_item_no", "goods_mismatch")]
    assert _errors(
        _lines({"item_no": 1, "quantity": "1", "counterpart_item_no": 1, "location_code": "DG"}),
        ctx,
    ) == [("items.0.location_code", "location_not_yours")]


def _list(quantity: str = "10") -> tuple[VerificationList, VerificationListItem]:
    item = VerificationListItem(line_no=1, quantity=D(quantity), unit="pcs", dg_un_number="UN3480")
    vl = VerificationList(
        number="0291-2026-Q-000001",
        kind=ListKind.EXIT_RECORD,
        direction=Direction.OUT,
        updated_at=AT,
        items=[item],
    )
    return vl, item


def test_partial_passage_and_allotment() -> None:
    vl, item = _list()
    assert vl.dg_mark and vl.passage is Passage.NONE
    vl.allot(item, D(4), AT)
    vl.allot(item, D(6), AT)
    with pytest.raises(Conflict) as over:
        vl.allot(item, D(1), AT)
    assert over.value.extra["available"] == "0"
    vl.record_passage(item, D(4), AT)
    assert vl.passage is Passage.PARTIAL
    vl.record_passage(item, D(6), AT)
    assert vl.passage is Passage.COMPLETE
    with pytest.raises(Conflict):
        vl.cancel(AT)
    vl.mark_posted(AT)
    assert vl.status is st.ListStatus.POSTED and vl.posted_at == AT
    with pytest.raises(IllegalTransition):
        vl.mark_posted(AT)


def test_gate_pass_goods_pass_on_the_way_in_or_out() -> None:
    inbound = GatePass(number="H1", direction=Direction.IN, vehicle_plate="蒙K1", updated_at=AT)
    outbound = GatePass(number="H2", direction=Direction.OUT, vehicle_plate="蒙K2", updated_at=AT)
    assert inbound.goods_pass_on is st.GateCommand.GATE_IN
    assert outbound.goods_pass_on is st.GateCommand.GATE_OUT
    inbound.apply(st.GateCommand.GATE_IN, AT)
    outbound.apply(st.GateCommand.GATE_IN, AT)
    assert inbound.goods_passed and not outbound.goods_passed
    with pytest.raises(Conflict):
        inbound.apply(st.GateCommand.CANCEL, AT)
    outbound.apply(st.GateCommand.CANCEL, AT)
    assert outbound.status is st.GatePassStatus.CANCELLED


def test_account_book_items_and_closing() -> None:
    book = AccountBook("0291-2026-B-000001", 7, "0291", AT, "admin")
    first = book.register_item("8507600030", "储能电池柜", "pcs", "UN3480", AT)
    second = book.register_item("8504403000", "储能变流器", "pcs", None, AT)
    assert (first.item_no, second.item_no) == (1, 2) and first.dangerous and not second.dangerous
    with pytest.raises(Conflict):
        book.register_item("8507600030", "储能电池柜", "pcs", "UN3480", AT)
    first.balance = D(3)  # as the ledger would have left it
    with pytest.raises(Conflict) as stocked:
        book.close(AT)
    assert stocked.value.extra["items_with_stock"] == [1]
    first.balance = D(0)
    book.close(AT)
    with pytest.raises(Conflict) as closed:
        book.ensure_open()
    assert closed.value.extra["book_status"] == "closed"
    with pytest.raises(Conflict):
        book.register_item("8507600090", "电池组", "pcs", "UN3480", AT)


def test_stocktake_is_decided_once() -> None:
    count = Stocktake(1, AT.date(), "monthly", AT, "maker")
    count.decide(st.StocktakeCommand.REJECT, "inspector", "recount", AT)
    assert count.status is st.StocktakeStatus.REJECTED and count.decided_by == "inspector"
    with pytest.raises(IllegalTransition):
        count.decide(st.StocktakeCommand.APPROVE, "inspector", "", AT)
