"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 08:44:37.442933
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("actor_role", sa.String(length=30), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "customs_offices",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("port", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_customs_offices")),
    )
    op.create_table(
        "enterprises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("customs_code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("roles", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprises")),
        sa.UniqueConstraint("customs_code", name=op.f("uq_enterprises_customs_code")),
        sa.UniqueConstraint("uscc", name=op.f("uq_enterprises_uscc")),
    )
    op.create_table(
        "exchange_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("cny_per_unit", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_rates")),
        sa.UniqueConstraint("currency", "valid_from", name=op.f("uq_exchange_rates_currency")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("principal", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("principal", "key", name=op.f("uq_idempotency_keys_principal")),
    )
    op.create_table(
        "number_sequences",
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(length=1), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office_code", "year", "flow", name=op.f("pk_number_sequences")),
    )
    op.create_table(
        "tariff_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("mfn_rate", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("vat_rate", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("export_rebate_rate", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("supervision_conditions", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tariff_lines")),
        sa.UniqueConstraint("code", "valid_from", name=op.f("uq_tariff_lines_code")),
    )
    with op.batch_alter_table("tariff_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tariff_lines_code"), ["code"], unique=False)

    op.create_table(
        "broker_authorisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("broker_id", sa.Integer(), nullable=False),
        sa.Column("principal_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["broker_id"],
            ["enterprises.id"],
            name=op.f("fk_broker_authorisations_broker_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["principal_id"],
            ["enterprises.id"],
            name=op.f("fk_broker_authorisations_principal_id_enterprises"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broker_authorisations")),
    )
    with op.batch_alter_table("broker_authorisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_broker_authorisations_broker_id"), ["broker_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_broker_authorisations_principal_id"), ["principal_id"], unique=False
        )

    op.create_table(
        "credit_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=30), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("decree", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_credit_records_enterprise_id_enterprises"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_records")),
    )
    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credit_records_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("flow", sa.String(length=6), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("lane", sa.String(length=6), nullable=True),
        sa.Column("lane_reason", sa.Text(), nullable=False),
        sa.Column("suspended_from", sa.String(length=30), nullable=True),
        sa.Column("trader_id", sa.Integer(), nullable=False),
        sa.Column("broker_id", sa.Integer(), nullable=True),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("port_code", sa.String(length=10), nullable=False),
        sa.Column("transport_mode", sa.String(length=20), nullable=False),
        sa.Column("transport_means", sa.String(length=100), nullable=False),
        sa.Column("supervision_mode", sa.String(length=4), nullable=False),
        sa.Column("trade_country", sa.String(length=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_value", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("gross_weight", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("net_weight", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("packages", sa.Integer(), nullable=False),
        sa.Column("overseas_party", sa.String(length=300), nullable=False),
        sa.Column("declaration_date", sa.Date(), nullable=False),
        sa.Column("duty_amount", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("lodged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["broker_id"], ["enterprises.id"], name=op.f("fk_declarations_broker_id_enterprises")
        ),
        sa.ForeignKeyConstraint(
            ["office_code"],
            ["customs_offices.code"],
            name=op.f("fk_declarations_office_code_customs_offices"),
        ),
        sa.ForeignKeyConstraint(
            ["trader_id"], ["enterprises.id"], name=op.f("fk_declarations_trader_id_enterprises")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declarations")),
        sa.UniqueConstraint("number", name=op.f("uq_declarations_number")),
    )
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.create_index("ix_declarations_broker", ["broker_id"], unique=False)
        batch_op.create_index("ix_declarations_date", ["declaration_date"], unique=False)
        batch_op.create_index("ix_declarations_status_lane", ["status", "lane"], unique=False)
        batch_op.create_index(
            "ix_declarations_trader_status", ["trader_id", "status"], unique=False
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"], ["enterprises.id"], name=op.f("fk_users_enterprise_id_enterprises")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "declaration_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=50), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_declaration_documents_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration_documents")),
    )
    with op.batch_alter_table("declaration_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_declaration_documents_declaration_id"), ["declaration_id"], unique=False
        )

    op.create_table(
        "declaration_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("actor_role", sa.String(length=30), nullable=False),
        sa.Column("command", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=False),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("lane", sa.String(length=6), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("milestone", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_declaration_events_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration_events")),
        sa.UniqueConstraint(
            "declaration_id", "seq", name=op.f("uq_declaration_events_declaration_id")
        ),
    )
    op.create_table(
        "declaration_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("tariff_code", sa.String(length=10), nullable=False),
        sa.Column("goods_name", sa.String(length=300), nullable=False),
        sa.Column("specification", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("net_weight", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("gross_weight", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("origin_country", sa.String(length=2), nullable=False),
        sa.Column("destination_country", sa.String(length=2), nullable=False),
        sa.Column("dg_un_number", sa.String(length=6), nullable=True),
        sa.Column("dg_name", sa.String(length=300), nullable=True),
        sa.Column("dg_packaging_category", sa.String(length=10), nullable=True),
        sa.Column("dg_packaging_spec", sa.String(length=300), nullable=True),
        sa.Column("ore_grain_size_class", sa.String(length=20), nullable=True),
        sa.Column("ore_fe_pct", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column("ore_moisture_pct", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_declaration_items_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration_items")),
        sa.UniqueConstraint(
            "declaration_id", "line_no", name=op.f("uq_declaration_items_declaration_id")
        ),
    )
    with op.batch_alter_table("declaration_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_declaration_items_declaration_id"), ["declaration_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_declaration_items_tariff_code"), ["tariff_code"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("declaration_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaration_items_tariff_code"))
        batch_op.drop_index(batch_op.f("ix_declaration_items_declaration_id"))

    op.drop_table("declaration_items")
    op.drop_table("declaration_events")
    with op.batch_alter_table("declaration_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaration_documents_declaration_id"))

    op.drop_table("declaration_documents")
    op.drop_table("users")
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.drop_index("ix_declarations_trader_status")
        batch_op.drop_index("ix_declarations_status_lane")
        batch_op.drop_index("ix_declarations_date")
        batch_op.drop_index("ix_declarations_broker")

    op.drop_table("declarations")
    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_records_enterprise_id"))

    op.drop_table("credit_records")
    with op.batch_alter_table("broker_authorisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_broker_authorisations_principal_id"))
        batch_op.drop_index(batch_op.f("ix_broker_authorisations_broker_id"))

    op.drop_table("broker_authorisations")
    with op.batch_alter_table("tariff_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tariff_lines_code"))

    op.drop_table("tariff_lines")
    op.drop_table("number_sequences")
    op.drop_table("idempotency_keys")
    op.drop_table("exchange_rates")
    op.drop_table("enterprises")
    op.drop_table("customs_offices")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_entity")

    op.drop_table("audit_events")
