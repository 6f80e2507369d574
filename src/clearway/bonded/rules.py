"""Rules of the bonded zone, pure over plain values: no database, no clock.

What each verification list kind means (which way goods go, which declaration it links, whether
it passes the gate), when a list may be posted to the book (released **and** all goods through
the gate), and the line checks that refuse a bad list with every reason at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from clearway.bonded.commands import ListLineInput
from clearway.bonded.model import BookItem, Direction, ListKind, Passage, StorageLocation
from clearway.declarations.model import DeclarationItem, Flow
from clearway.declarations.status import Status
from clearway.shared.errors import Collector, RuleViolation
from clearway.shared.money import decimals_of

QUANTITY_DECIMALS = 4
RELEASED = frozenset({Status.RELEASED, Status.EXITED, Status.CLOSED})
NOT_LODGED = frozenset({Status.DRAFT, Status.REJECTED, Status.CANCELLED})


@dataclass(frozen=True)
class KindRule:
    """What a verification list kind implies."""

    direction: Direction | None  # fixed, or None when the lodger says which way
    declared: bool  # links a customs declaration (or record list)
    flip_flow: bool  # domestic <-> zone: the declaration's flow is opposite to the zone's
    gated: bool  # goods cross the zone boundary through the gate
    owner_declares: bool  # the declaration's trader is the book's enterprise
    refund_on_entry: bool  # domestic -> zone counts as export: refund when goods enter
    gate_before_release: bool  # consolidated: goods move first, the declaration follows


_IN, _OUT = Direction.IN, Direction.OUT
KIND_RULES: dict[ListKind, KindRule] = {
    ListKind.ORDINARY: KindRule(None, True, False, True, True, False, False),
    ListKind.CONSOLIDATED: KindRule(None, True, False, True, True, False, True),
    ListKind.IN_ZONE_TRANSFER: KindRule(_OUT, False, False, False, True, False, False),
    ListKind.ENTRY_RECORD: KindRule(_IN, True, False, True, True, False, False),
    ListKind.EXIT_RECORD: KindRule(_OUT, True, False, True, True, False, False),
    ListKind.DOMESTIC_TO_ZONE: KindRule(_IN, True, True, True, False, True, False),
    ListKind.ZONE_TO_DOMESTIC: KindRule(_OUT, True, True, True, False, False, False),
}


def quantity_text(quantity: Decimal) -> str:
    """A quantity as people write it: 50, 12.5 (no trailing zeros, no exponent)."""
    return f"{quantity.normalize():f}"


def quantity_problem(quantity: Decimal) -> tuple[str, str] | None:
    """(rule, message) when a quantity cannot be moved, else None."""
    if not quantity.is_finite() or quantity <= 0:
        return "positive", f"must be greater than zero, got {quantity}"
    if decimals_of(quantity) > QUANTITY_DECIMALS:
        return "decimals", f"{quantity} has more than {QUANTITY_DECIMALS} decimal places"
    return None


def direction_for(kind: ListKind, given: Direction | None) -> Direction:
    """The list's direction: fixed by its kind, or stated for ordinary and consolidated lists."""
    fixed = KIND_RULES[kind].direction
    if fixed is None:
        if given is None:
            raise RuleViolation.single(
                "direction", "required", f"say whether an {kind.value} list goes in or out"
            )
        return given
    if given is not None and given is not fixed:
        raise RuleViolation.single(
            "direction", "kind_direction", f"an {kind.value} list always goes {fixed.value}"
        )
    return fixed


def declaration_flow(kind: ListKind, direction: Direction) -> Flow | None:
    """Flow of the declaration a list links: goods into the zone from abroad are imports, and
    from the domestic market exports; the reverse for goods leaving."""
    rule = KIND_RULES[kind]
    if not rule.declared:
        return None
    inward = direction is Direction.IN
    if rule.flip_flow:
        inward = not inward
    return Flow.IMPORT if inward else Flow.EXPORT


def link_problems(
    kind: ListKind,
    direction: Direction,
    flow: Flow,
    status: Status,
    trader_id: int,
    book_enterprise_id: int,
) -> list[tuple[str, str]]:
    """(rule, message) for every reason a declaration cannot back this list."""
    problems = []
    expected = declaration_flow(kind, direction)
    if expected is not None and flow is not expected:
        problems.append(
            ("declaration_flow", f"a {kind.value} list needs an {expected.value} declaration")
        )
    if status in NOT_LODGED:
        problems.append(("declaration_status", f"the declaration is {status.value}"))
    if KIND_RULES[kind].owner_declares and trader_id != book_enterprise_id:
        problems.append(
            ("declaration_trader", "the declaration's trader is not the book's enterprise")
        )
    return problems


def posting_blockers(
    kind: ListKind, declaration_status: Status | None, passage: Passage
) -> list[str]:
    """Why a list may not be posted yet: the book moves only when the linked declaration is
    released **and** all of its goods have passed the gate (DOMAIN.md §8)."""
    rule = KIND_RULES[kind]
    reasons = []
    if rule.declared and declaration_status not in RELEASED:
        shown = declaration_status.value if declaration_status else "missing"
        reasons.append(f"the linked declaration is {shown}, not released")
    if rule.gated and passage is not Passage.COMPLETE:
        reasons.append(f"goods passage through the gate is {passage.value}, not complete")
    return reasons


def gate_pass_blocker(kind: ListKind, declaration_status: Status | None) -> str | None:
    """Why goods of a list may not go onto a gate pass, or None."""
    rule = KIND_RULES[kind]
    if not rule.gated:
        return f"goods of an {kind.value} list stay inside the zone and need no gate pass"
    shown = declaration_status.value if declaration_status else "missing"
    if rule.gate_before_release:
        if declaration_status is None or declaration_status in NOT_LODGED:
            return f"the consolidated declaration is {shown}; lodge it first"
        return None
    if declaration_status not in RELEASED:
        return f"the linked declaration is {shown}, not released"
    return None


def location_problem(
    item: BookItem, location: StorageLocation | None, enterprise_id: int
) -> tuple[str, str] | None:
    """Hazardous goods only in DG-approved places; a private place only for its enterprise."""
    if location is None:
        return "unknown_location", "is not a storage location of this zone"
    if location.enterprise_id is not None and location.enterprise_id != enterprise_id:
        return "location_not_yours", f"{location.code} belongs to another enterprise"
    if item.dangerous and not location.dg_approved:
        return (
            "dg_location",
            f"{location.code} is not approved for dangerous goods "
            f"({item.dg_un_number} on item {item.item_no})",
        )
    return None


@dataclass(frozen=True)
class LineContext:
    """What the line checks compare a list against."""

    kind: ListKind
    direction: Direction
    enterprise_id: int
    items: Mapping[int, BookItem]
    locations: Mapping[str, StorageLocation]
    declared: Mapping[int, DeclarationItem] | None = None
    counterpart: Mapping[int, BookItem] | None = None
    counterpart_enterprise_id: int | None = None


def check_lines(lines: Sequence[ListLineInput], ctx: LineContext) -> None:
    """Raise RuleViolation naming every broken rule of every line."""
    errors = Collector()
    if not lines:
        errors.add("items", "min_items", "a verification list needs at least one line")
    seen_items: set[int] = set()
    seen_declared: set[int] = set()
    for index, line in enumerate(lines):
        path = f"items.{index}"
        if (problem := quantity_problem(line.quantity)) is not None:
            errors.add(f"{path}.quantity", *problem)
        item = ctx.items.get(line.item_no)
        if item is None:
            errors.add(f"{path}.item_no", "unknown_item", f"the book has no item {line.item_no}")
            continue
        if line.item_no in seen_items:
            errors.add(f"{path}.item_no", "duplicate", f"item {line.item_no} is listed twice")
        seen_items.add(line.item_no)
        if line.unit != item.unit:
            errors.add(
                f"{path}.unit",
                "unit_mismatch",
                f"item {item.item_no} is kept in {item.unit}, not {line.unit}",
            )
        if ctx.direction is Direction.IN:
            _check_location(errors, path, item, line.location_code, ctx, ctx.enterprise_id)
        if ctx.counterpart is not None:
            _check_transfer(errors, path, item, line, ctx)
        if ctx.declared is not None:
            _check_declared(errors, path, item, line, ctx.declared, seen_declared)
    errors.raise_if_any()


def _check_location(
    errors: Collector,
    path: str,
    item: BookItem,
    code: str | None,
    ctx: LineContext,
    enterprise_id: int,
) -> None:
    if code is None:
        errors.add(f"{path}.location_code", "required", "say where the goods are stored")
        return
    if (problem := location_problem(item, ctx.locations.get(code), enterprise_id)) is not None:
        errors.add(f"{path}.location_code", *problem)


def _check_transfer(
    errors: Collector, path: str, item: BookItem, line: ListLineInput, ctx: LineContext
) -> None:
    assert ctx.counterpart is not None
    if line.counterpart_item_no is None:
        errors.add(f"{path}.counterpart_item_no", "required", "name the receiving book item")
        return
    target = ctx.counterpart.get(line.counterpart_item_no)
    if target is None:
        errors.add(
            f"{path}.counterpart_item_no",
            "unknown_item",
            f"the receiving book has no item {line.counterpart_item_no}",
        )
        return
    if (target.tariff_code, target.unit) != (item.tariff_code, item.unit):
        errors.add(
            f"{path}.counterpart_item_no",
            "goods_mismatch",
            f"receiving item {target.item_no} is {target.tariff_code} in {target.unit}, "
            f"not {item.tariff_code} in {item.unit}",
        )
    _check_location(
        errors, path, target, line.location_code, ctx, ctx.counterpart_enterprise_id or 0
    )


def _check_declared(
    errors: Collector,
    path: str,
    item: BookItem,
    line: ListLineInput,
    declared: Mapping[int, DeclarationItem],
    seen: set[int],
) -> None:
    field = f"{path}.declaration_line_no"
    if line.declaration_line_no is None:
        errors.add(field, "required", "name the declaration line these goods are declared on")
        return
    decl = declared.get(line.declaration_line_no)
    if decl is None:
        errors.add(field, "unknown_declaration_line", f"no line {line.declaration_line_no}")
        return
    if line.declaration_line_no in seen:
        errors.add(field, "duplicate", f"declaration line {decl.line_no} is used twice")
    seen.add(line.declaration_line_no)
    if decl.tariff_code != item.tariff_code:
        errors.add(
            field,
            "tariff_mismatch",
            f"declared as {decl.tariff_code}, book item {item.item_no} is {item.tariff_code}",
        )
    if decl.unit != line.unit:
        errors.add(f"{path}.unit", "unit_mismatch", f"declared in {decl.unit}, not {line.unit}")
    if line.quantity.is_finite() and decl.quantity != line.quantity:
        errors.add(
            f"{path}.quantity",
            "quantity_mismatch",
            f"declared {quantity_text(decl.quantity)} {decl.unit}, "
            f"listed {quantity_text(line.quantity)}",
        )
    if item.dangerous and decl.dg_un_number != item.dg_un_number:
        errors.add(
            field,
            "dg_mismatch",
            f"book item {item.item_no} is {item.dg_un_number}; the declaration line says "
            f"{decl.dg_un_number or 'no UN number'}",
        )


def stocktake_problems(
    counts: Sequence[tuple[int, Decimal]], items: Mapping[int, BookItem]
) -> Collector:
    """Counts must name known items once each, as non-negative quantities."""
    errors = Collector()
    if not counts:
        errors.add("counts", "min_items", "count at least one item")
    seen: set[int] = set()
    for index, (item_no, counted) in enumerate(counts):
        path = f"counts.{index}"
        if item_no not in items:
            errors.add(f"{path}.item_no", "unknown_item", f"the book has no item {item_no}")
        elif item_no in seen:
            errors.add(f"{path}.item_no", "duplicate", f"item {item_no} is counted twice")
        seen.add(item_no)
        if not counted.is_finite() or counted < 0:
            errors.add(
                f"{path}.counted_quantity", "not_negative", f"must be 0 or more, got {counted}"
            )
        elif decimals_of(counted) > QUANTITY_DECIMALS:
            errors.add(
                f"{path}.counted_quantity",
                "decimals",
                f"{counted} has more than {QUANTITY_DECIMALS} decimal places",
            )
    return errors
