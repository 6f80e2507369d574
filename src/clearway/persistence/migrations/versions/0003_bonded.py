"""comprehensive bonded zone: account books, ledger, verification lists, gate passes, tax

Stock can never go negative: book_items.balance carries CHECK (balance >= 0) and the ledger is
append-only with the running balance on every line.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_books",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=100), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_account_books_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["office_code"],
            ["customs_offices.code"],
            name=op.f("fk_account_books_office_code_customs_offices"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_books")),
        sa.UniqueConstraint("number", name=op.f("uq_account_books_number")),
    )
    with op.batch_alter_table("account_books", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_books_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "storage_locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("dg_approved", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_storage_locations_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["office_code"],
            ["customs_offices.code"],
            name=op.f("fk_storage_locations_office_code_customs_offices"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_storage_locations")),
        sa.UniqueConstraint("office_code", "code", name=op.f("uq_storage_locations_office_code")),
    )
    op.create_table(
        "tax_guarantees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("balance", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.CheckConstraint(
            "balance >= 0 AND balance <= amount",
            name=op.f("ck_tax_guarantees_balance_within_amount"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_tax_guarantees_enterprise_id_enterprises"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_guarantees")),
        sa.UniqueConstraint("number", name=op.f("uq_tax_guarantees_number")),
    )
    with op.batch_alter_table("tax_guarantees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tax_guarantees_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "book_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("item_no", sa.Integer(), nullable=False),
        sa.Column("tariff_code", sa.String(length=10), nullable=False),
        sa.Column("goods_name", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("dg_un_number", sa.String(length=6), nullable=True),
        sa.Column("balance", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("last_posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("balance >= 0", name=op.f("ck_book_items_balance_not_negative")),
        sa.ForeignKeyConstraint(
            ["book_id"], ["account_books.id"], name=op.f("fk_book_items_book_id_account_books")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_book_items")),
        sa.UniqueConstraint("book_id", "item_no", name=op.f("uq_book_items_book_id")),
    )
    with op.batch_alter_table("book_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_book_items_book_id"), ["book_id"], unique=False)

    op.create_table(
        "gate_passes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("vehicle_plate", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("lodged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lodged_by", sa.String(length=100), nullable=False),
        sa.Column("gate_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("gate_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["book_id"], ["account_books.id"], name=op.f("fk_gate_passes_book_id_account_books")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gate_passes")),
        sa.UniqueConstraint("number", name=op.f("uq_gate_passes_number")),
    )
    with op.batch_alter_table("gate_passes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gate_passes_book_id"), ["book_id"], unique=False)

    op.create_table(
        "stocktakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("counted_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["book_id"], ["account_books.id"], name=op.f("fk_stocktakes_book_id_account_books")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stocktakes")),
    )
    with op.batch_alter_table("stocktakes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stocktakes_book_id"), ["book_id"], unique=False)

    op.create_table(
        "tax_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=12), nullable=False),
        sa.Column("guarantee_id", sa.Integer(), nullable=True),
        sa.Column("duty", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("vat", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paid_by", sa.String(length=100), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_tax_payments_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_tax_payments_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["guarantee_id"],
            ["tax_guarantees.id"],
            name=op.f("fk_tax_payments_guarantee_id_tax_guarantees"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_payments")),
        sa.UniqueConstraint("declaration_id", name=op.f("uq_tax_payments_declaration_id")),
    )
    with op.batch_alter_table("tax_payments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tax_payments_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_tax_payments_paid_at"), ["paid_at"], unique=False)

    op.create_table(
        "verification_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("counterpart_book_id", sa.Integer(), nullable=True),
        sa.Column("declaration_id", sa.Integer(), nullable=True),
        sa.Column("dg_mark", sa.Boolean(), nullable=False),
        sa.Column("lodged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lodged_by", sa.String(length=100), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["book_id"],
            ["account_books.id"],
            name=op.f("fk_verification_lists_book_id_account_books"),
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_book_id"],
            ["account_books.id"],
            name=op.f("fk_verification_lists_counterpart_book_id_account_books"),
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_verification_lists_declaration_id_declarations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_lists")),
        sa.UniqueConstraint("number", name=op.f("uq_verification_lists_number")),
    )
    with op.batch_alter_table("verification_lists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verification_lists_book_id"), ["book_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_verification_lists_declaration_id"), ["declaration_id"], unique=False
        )

    op.create_table(
        "export_refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verification_list_id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("rate_day", sa.Date(), nullable=False),
        sa.Column("customs_value", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_export_refunds_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_export_refunds_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["verification_list_id"],
            ["verification_lists.id"],
            name=op.f("fk_export_refunds_verification_list_id_verification_lists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_refunds")),
        sa.UniqueConstraint(
            "verification_list_id", name=op.f("uq_export_refunds_verification_list_id")
        ),
    )
    with op.batch_alter_table("export_refunds", schema=None) as batch_op:
        batch_op.create_index(
            "ix_export_refunds_enterprise_at", ["enterprise_id", "recorded_at"], unique=False
        )

    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("book_item_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("balance_after", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("verification_list_id", sa.Integer(), nullable=True),
        sa.Column("stocktake_id", sa.Integer(), nullable=True),
        sa.Column("location_code", sa.String(length=20), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.CheckConstraint(
            "balance_after >= 0", name=op.f("ck_ledger_entries_balance_after_not_negative")
        ),
        sa.CheckConstraint("quantity <> 0", name=op.f("ck_ledger_entries_quantity_not_zero")),
        sa.ForeignKeyConstraint(
            ["book_id"], ["account_books.id"], name=op.f("fk_ledger_entries_book_id_account_books")
        ),
        sa.ForeignKeyConstraint(
            ["book_item_id"],
            ["book_items.id"],
            name=op.f("fk_ledger_entries_book_item_id_book_items"),
        ),
        sa.ForeignKeyConstraint(
            ["stocktake_id"],
            ["stocktakes.id"],
            name=op.f("fk_ledger_entries_stocktake_id_stocktakes"),
        ),
        sa.ForeignKeyConstraint(
            ["verification_list_id"],
            ["verification_lists.id"],
            name=op.f("fk_ledger_entries_verification_list_id_verification_lists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
        sa.UniqueConstraint("book_item_id", "seq", name=op.f("uq_ledger_entries_book_item_id")),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_entries_book_at", ["book_id", "at"], unique=False)
        batch_op.create_index(
            "ix_ledger_entries_item_at", ["book_item_id", "at", "seq"], unique=False
        )

    op.create_table(
        "stocktake_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stocktake_id", sa.Integer(), nullable=False),
        sa.Column("book_item_id", sa.Integer(), nullable=False),
        sa.Column("item_no", sa.Integer(), nullable=False),
        sa.Column("book_quantity", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("counted_quantity", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("difference", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.CheckConstraint(
            "counted_quantity >= 0", name=op.f("ck_stocktake_lines_counted_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["book_item_id"],
            ["book_items.id"],
            name=op.f("fk_stocktake_lines_book_item_id_book_items"),
        ),
        sa.ForeignKeyConstraint(
            ["stocktake_id"],
            ["stocktakes.id"],
            name=op.f("fk_stocktake_lines_stocktake_id_stocktakes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stocktake_lines")),
    )
    with op.batch_alter_table("stocktake_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stocktake_lines_stocktake_id"), ["stocktake_id"], unique=False
        )

    op.create_table(
        "verification_list_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("book_item_id", sa.Integer(), nullable=False),
        sa.Column("item_no", sa.Integer(), nullable=False),
        sa.Column("counterpart_item_id", sa.Integer(), nullable=True),
        sa.Column("declaration_line_no", sa.Integer(), nullable=True),
        sa.Column("tariff_code", sa.String(length=10), nullable=False),
        sa.Column("goods_name", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("location_code", sa.String(length=20), nullable=True),
        sa.Column("dg_un_number", sa.String(length=6), nullable=True),
        sa.Column("allotted", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("passed", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.CheckConstraint(
            "allotted >= 0 AND allotted <= quantity",
            name=op.f("ck_verification_list_items_allotted_within_quantity"),
        ),
        sa.CheckConstraint(
            "passed >= 0 AND passed <= allotted",
            name=op.f("ck_verification_list_items_passed_within_allotted"),
        ),
        sa.CheckConstraint(
            "quantity > 0", name=op.f("ck_verification_list_items_quantity_positive")
        ),
        sa.ForeignKeyConstraint(
            ["book_item_id"],
            ["book_items.id"],
            name=op.f("fk_verification_list_items_book_item_id_book_items"),
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_item_id"],
            ["book_items.id"],
            name=op.f("fk_verification_list_items_counterpart_item_id_book_items"),
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["verification_lists.id"],
            name=op.f("fk_verification_list_items_list_id_verification_lists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_list_items")),
        sa.UniqueConstraint("list_id", "line_no", name=op.f("uq_verification_list_items_list_id")),
    )
    with op.batch_alter_table("verification_list_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verification_list_items_list_id"), ["list_id"], unique=False
        )

    op.create_table(
        "export_refund_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("tariff_code", sa.String(length=10), nullable=False),
        sa.Column("customs_value_cny", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("rebate_rate", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["refund_id"],
            ["export_refunds.id"],
            name=op.f("fk_export_refund_lines_refund_id_export_refunds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_refund_lines")),
    )
    with op.batch_alter_table("export_refund_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_export_refund_lines_refund_id"), ["refund_id"], unique=False
        )

    op.create_table(
        "gate_pass_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gate_pass_id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("list_item_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_gate_pass_items_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["gate_pass_id"],
            ["gate_passes.id"],
            name=op.f("fk_gate_pass_items_gate_pass_id_gate_passes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["verification_lists.id"],
            name=op.f("fk_gate_pass_items_list_id_verification_lists"),
        ),
        sa.ForeignKeyConstraint(
            ["list_item_id"],
            ["verification_list_items.id"],
            name=op.f("fk_gate_pass_items_list_item_id_verification_list_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gate_pass_items")),
    )
    with op.batch_alter_table("gate_pass_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gate_pass_items_gate_pass_id"), ["gate_pass_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_gate_pass_items_list_item_id"), ["list_item_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("gate_pass_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gate_pass_items_list_item_id"))
        batch_op.drop_index(batch_op.f("ix_gate_pass_items_gate_pass_id"))

    op.drop_table("gate_pass_items")
    with op.batch_alter_table("export_refund_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_refund_lines_refund_id"))

    op.drop_table("export_refund_lines")
    with op.batch_alter_table("verification_list_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verification_list_items_list_id"))

    op.drop_table("verification_list_items")
    with op.batch_alter_table("stocktake_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stocktake_lines_stocktake_id"))

    op.drop_table("stocktake_lines")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_entries_item_at")
        batch_op.drop_index("ix_ledger_entries_book_at")

    op.drop_table("ledger_entries")
    with op.batch_alter_table("export_refunds", schema=None) as batch_op:
        batch_op.drop_index("ix_export_refunds_enterprise_at")

    op.drop_table("export_refunds")
    with op.batch_alter_table("verification_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verification_lists_declaration_id"))
        batch_op.drop_index(batch_op.f("ix_verification_lists_book_id"))

    op.drop_table("verification_lists")
    with op.batch_alter_table("tax_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tax_payments_paid_at"))
        batch_op.drop_index(batch_op.f("ix_tax_payments_enterprise_id"))

    op.drop_table("tax_payments")
    with op.batch_alter_table("stocktakes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stocktakes_book_id"))

    op.drop_table("stocktakes")
    with op.batch_alter_table("gate_passes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gate_passes_book_id"))

    op.drop_table("gate_passes")
    with op.batch_alter_table("book_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_book_items_book_id"))

    op.drop_table("book_items")
    with op.batch_alter_table("tax_guarantees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tax_guarantees_enterprise_id"))

    op.drop_table("tax_guarantees")
    op.drop_table("storage_locations")
    with op.batch_alter_table("account_books", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_books_enterprise_id"))

    op.drop_table("account_books")
