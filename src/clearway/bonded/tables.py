"""Tables of the comprehensive bonded zone.

Stock can never go negative: each book item keeps its balance under a CHECK constraint and is
withdrawn by a conditional UPDATE, and every movement is an append-only ledger row carrying the
running balance. The (book_item_id, at, seq) index answers "balance at any past date" with one
backward index probe per item.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from clearway.persistence.metadata import metadata
from clearway.persistence.types import QTY, RATE, UTCDateTime

NUMBER = String(24)
MONEY = Numeric(18, 2)  # CNY to the fen: duty, VAT, refunds, guarantees
ACTOR = String(100)

account_books = Table(
    "account_books",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", NUMBER, nullable=False, unique=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("office_code", ForeignKey("customs_offices.code"), nullable=False),
    Column("status", String(10), nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("opened_by", ACTOR, nullable=False),
    Column("closed_at", UTCDateTime, nullable=True),
)

book_items = Table(
    "book_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("book_id", ForeignKey("account_books.id"), nullable=False, index=True),
    Column("item_no", Integer, nullable=False),
    Column("tariff_code", String(10), nullable=False),
    Column("goods_name", String(300), nullable=False),
    Column("unit", String(10), nullable=False),
    Column("dg_un_number", String(6), nullable=True),
    Column("balance", QTY, nullable=False),
    Column("entries", Integer, nullable=False),
    Column("last_posted_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("book_id", "item_no"),
    CheckConstraint("balance >= 0", name="balance_not_negative"),
)

storage_locations = Table(
    "storage_locations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("office_code", ForeignKey("customs_offices.code"), nullable=False),
    Column("code", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=True),
    Column("dg_approved", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("office_code", "code"),
)

verification_lists = Table(
    "verification_lists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", NUMBER, nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("direction", String(3), nullable=False),
    Column("status", String(10), nullable=False),
    Column("book_id", ForeignKey("account_books.id"), nullable=False, index=True),
    Column("counterpart_book_id", ForeignKey("account_books.id"), nullable=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=True, index=True),
    Column("dg_mark", Boolean, nullable=False),
    Column("lodged_at", UTCDateTime, nullable=False),
    Column("lodged_by", ACTOR, nullable=False),
    Column("posted_at", UTCDateTime, nullable=True),
    Column("cancelled_at", UTCDateTime, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
)

verification_list_items = Table(
    "verification_list_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "list_id",
        ForeignKey("verification_lists.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("line_no", Integer, nullable=False),
    Column("book_item_id", ForeignKey("book_items.id"), nullable=False),
    Column("item_no", Integer, nullable=False),
    Column("counterpart_item_id", ForeignKey("book_items.id"), nullable=True),
    Column("declaration_line_no", Integer, nullable=True),
    Column("tariff_code", String(10), nullable=False),
    Column("goods_name", String(300), nullable=False),
    Column("quantity", QTY, nullable=False),
    Column("unit", String(10), nullable=False),
    Column("location_code", String(20), nullable=True),
    Column("dg_un_number", String(6), nullable=True),
    Column("allotted", QTY, nullable=False),
    Column("passed", QTY, nullable=False),
    UniqueConstraint("list_id", "line_no"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint("allotted >= 0 AND allotted <= quantity", name="allotted_within_quantity"),
    CheckConstraint("passed >= 0 AND passed <= allotted", name="passed_within_allotted"),
)

gate_passes = Table(
    "gate_passes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", NUMBER, nullable=False, unique=True),
    Column("book_id", ForeignKey("account_books.id"), nullable=False, index=True),
    Column("direction", String(3), nullable=False),
    Column("vehicle_plate", String(20), nullable=False),
    Column("status", String(10), nullable=False),
    Column("lodged_at", UTCDateTime, nullable=False),
    Column("lodged_by", ACTOR, nullable=False),
    Column("gate_in_at", UTCDateTime, nullable=True),
    Column("gate_out_at", UTCDateTime, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
)

gate_pass_items = Table(
    "gate_pass_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "gate_pass_id", ForeignKey("gate_passes.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("list_id", ForeignKey("verification_lists.id"), nullable=False),
    Column("list_item_id", ForeignKey("verification_list_items.id"), nullable=False, index=True),
    Column("quantity", QTY, nullable=False),
    CheckConstraint("quantity > 0", name="quantity_positive"),
)

stocktakes = Table(
    "stocktakes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("book_id", ForeignKey("account_books.id"), nullable=False, index=True),
    Column("status", String(10), nullable=False),
    Column("counted_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", ACTOR, nullable=False),
    Column("decided_at", UTCDateTime, nullable=True),
    Column("decided_by", ACTOR, nullable=True),
    Column("decision_reason", Text, nullable=False),
)

stocktake_lines = Table(
    "stocktake_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "stocktake_id", ForeignKey("stocktakes.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("book_item_id", ForeignKey("book_items.id"), nullable=False),
    Column("item_no", Integer, nullable=False),
    Column("book_quantity", QTY, nullable=False),
    Column("counted_quantity", QTY, nullable=False),
    Column("difference", QTY, nullable=False),
    CheckConstraint("counted_quantity >= 0", name="counted_not_negative"),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("book_id", ForeignKey("account_books.id"), nullable=False),
    Column("book_item_id", ForeignKey("book_items.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("quantity", QTY, nullable=False),
    Column("balance_after", QTY, nullable=False),
    Column("verification_list_id", ForeignKey("verification_lists.id"), nullable=True),
    Column("stocktake_id", ForeignKey("stocktakes.id"), nullable=True),
    Column("location_code", String(20), nullable=True),
    Column("actor", ACTOR, nullable=False),
    UniqueConstraint("book_item_id", "seq"),
    CheckConstraint("quantity <> 0", name="quantity_not_zero"),
    CheckConstraint("balance_after >= 0", name="balance_after_not_negative"),
    Index("ix_ledger_entries_item_at", "book_item_id", "at", "seq"),
    Index("ix_ledger_entries_book_at", "book_id", "at"),
)

export_refunds = Table(
    "export_refunds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "verification_list_id", ForeignKey("verification_lists.id"), nullable=False, unique=True
    ),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False),
    Column("rate_day", Date, nullable=False),
    Column("customs_value", MONEY, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Index("ix_export_refunds_enterprise_at", "enterprise_id", "recorded_at"),
)

export_refund_lines = Table(
    "export_refund_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "refund_id", ForeignKey("export_refunds.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("line_no", Integer, nullable=False),
    Column("tariff_code", String(10), nullable=False),
    Column("customs_value_cny", MONEY, nullable=False),
    Column("rebate_rate", RATE, nullable=False),
    Column("amount", MONEY, nullable=False),
    # Why the line earns no refund (a 0 % rebate period); NULL when it earns one.
    Column("reason", String(300), nullable=True),
)

tax_guarantees = Table(
    "tax_guarantees",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", NUMBER, nullable=False, unique=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("amount", MONEY, nullable=False),
    Column("balance", MONEY, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", ACTOR, nullable=False),
    CheckConstraint("balance >= 0 AND balance <= amount", name="balance_within_amount"),
)

tax_payments = Table(
    "tax_payments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, unique=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("method", String(12), nullable=False),
    Column("guarantee_id", ForeignKey("tax_guarantees.id"), nullable=True),
    Column("duty", MONEY, nullable=False),
    Column("vat", MONEY, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("paid_at", UTCDateTime, nullable=False, index=True),
    Column("paid_by", ACTOR, nullable=False),
    Column("settled_at", UTCDateTime, nullable=True),
)
