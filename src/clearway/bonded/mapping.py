"""Imperative mapping of the bonded zone's classes, so the domain imports no ORM.

Ledger rows are written and read with Core statements (they are append-only and numerous), so
they are not mapped. Enum attributes are stored as strings and come back as enums on load.
Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import registry

from clearway.bonded import tables as t
from clearway.bonded.model import (
    AccountBook,
    BookItem,
    Direction,
    GatePass,
    GatePassItem,
    ListKind,
    StorageLocation,
    VerificationList,
    VerificationListItem,
)
from clearway.bonded.status import BookStatus, GatePassStatus, ListStatus, StocktakeStatus
from clearway.bonded.stocktake import Stocktake, StocktakeLine
from clearway.bonded.tax_records import (
    ExportRefund,
    ExportRefundLine,
    PaymentMethod,
    TaxGuarantee,
    TaxPayment,
)
from clearway.persistence.enums import coerce_enums_on_load
from clearway.persistence.mapping import children

_ENUM_ATTRS: dict[type, dict[str, Any]] = {
    AccountBook: {"status": BookStatus},
    VerificationList: {"kind": ListKind, "direction": Direction, "status": ListStatus},
    GatePass: {"direction": Direction, "status": GatePassStatus},
    Stocktake: {"status": StocktakeStatus},
    TaxPayment: {"method": PaymentMethod},
}


def map_bonded(reg: registry) -> None:
    """Map the bonded zone's classes on the platform's registry (called by start_mappers)."""
    reg.map_imperatively(BookItem, t.book_items)
    reg.map_imperatively(
        AccountBook,
        t.account_books,
        properties={"items": children(BookItem, t.book_items.c.item_no)},
    )
    reg.map_imperatively(StorageLocation, t.storage_locations)
    reg.map_imperatively(VerificationListItem, t.verification_list_items)
    reg.map_imperatively(
        VerificationList,
        t.verification_lists,
        version_id_col=t.verification_lists.c.version,
        properties={"items": children(VerificationListItem, t.verification_list_items.c.line_no)},
    )
    reg.map_imperatively(GatePassItem, t.gate_pass_items)
    reg.map_imperatively(
        GatePass,
        t.gate_passes,
        version_id_col=t.gate_passes.c.version,
        properties={"items": children(GatePassItem, t.gate_pass_items.c.id)},
    )
    reg.map_imperatively(StocktakeLine, t.stocktake_lines)
    reg.map_imperatively(
        Stocktake,
        t.stocktakes,
        properties={"lines": children(StocktakeLine, t.stocktake_lines.c.item_no)},
    )
    reg.map_imperatively(ExportRefundLine, t.export_refund_lines)
    reg.map_imperatively(
        ExportRefund,
        t.export_refunds,
        properties={"lines": children(ExportRefundLine, t.export_refund_lines.c.line_no)},
    )
    reg.map_imperatively(TaxGuarantee, t.tax_guarantees)
    reg.map_imperatively(TaxPayment, t.tax_payments)
    coerce_enums_on_load(_ENUM_ATTRS)
