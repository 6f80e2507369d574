"""liaison, broker information platform and notifications

Liaison officers and requests with their timelines; import plans, trains and wagons; the
transactional outbox with webhook subscriptions, deliveries and the in-app inbox.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("stream_key", sa.String(length=60), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("bus_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_events_event_id")),
    )
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_events_bus", ["bus_published_at", "id"], unique=False)

    op.create_table(
        "webhook_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.Column("topics", sa.String(length=500), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_webhook_subscriptions_enterprise_id_enterprises"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_subscriptions")),
    )
    with op.batch_alter_table("webhook_subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhook_subscriptions_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "import_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("broker_id", sa.Integer(), nullable=False),
        sa.Column("principal_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("plan_date", sa.Date(), nullable=False),
        sa.Column("goods_name", sa.String(length=300), nullable=False),
        sa.Column("tariff_code", sa.String(length=10), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("origin_country", sa.String(length=2), nullable=False),
        sa.Column("supplier", sa.String(length=300), nullable=False),
        sa.Column("arrival_from", sa.Date(), nullable=False),
        sa.Column("arrival_to", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("risk_level", sa.String(length=12), nullable=True),
        sa.Column("risk_score", sa.Numeric(precision=5, scale=4), nullable=True),
        sa.Column("risk_reasons", sa.JSON(), nullable=False),
        sa.Column("screened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("screened_by", sa.String(length=60), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["broker_id"], ["enterprises.id"], name=op.f("fk_import_plans_broker_id_enterprises")
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_import_plans_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["office_code"],
            ["customs_offices.code"],
            name=op.f("fk_import_plans_office_code_customs_offices"),
        ),
        sa.ForeignKeyConstraint(
            ["principal_id"],
            ["enterprises.id"],
            name=op.f("fk_import_plans_principal_id_enterprises"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_plans")),
    )
    with op.batch_alter_table("import_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_plans_broker_id"), ["broker_id"], unique=False)
        batch_op.create_index(
            "ix_import_plans_office_arrival", ["office_code", "arrival_from"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_import_plans_principal_id"), ["principal_id"], unique=False
        )

    op.create_table(
        "inbox_messages",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("read_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_inbox_messages_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_inbox_messages_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_messages")),
    )
    with op.batch_alter_table("inbox_messages", schema=None) as batch_op:
        batch_op.create_index("ix_inbox_messages_enterprise", ["enterprise_id", "id"], unique=False)
        batch_op.create_index("ix_inbox_messages_user", ["user_id", "id"], unique=False)

    op.create_table(
        "liaison_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("duty", sa.String(length=20), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_liaison_assignments_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name=op.f("fk_liaison_assignments_officer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_assignments")),
    )
    with op.batch_alter_table("liaison_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_liaison_assignments_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_liaison_assignments_officer_id"), ["officer_id"], unique=False
        )

    op.create_table(
        "liaison_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("declaration_id", sa.Integer(), nullable=True),
        sa.Column("opened_by", sa.String(length=100), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_liaison_requests_assignee_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_liaison_requests_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_liaison_requests_enterprise_id_enterprises"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_requests")),
    )
    with op.batch_alter_table("liaison_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_liaison_requests_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index("ix_liaison_requests_status_due", ["status", "due_at"], unique=False)

    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "outbox_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("stream_key", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dead_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox_events.id"],
            name=op.f("fk_webhook_deliveries_outbox_id_outbox_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["webhook_subscriptions.id"],
            name=op.f("fk_webhook_deliveries_subscription_id_webhook_subscriptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_deliveries_due", ["status", "next_attempt_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_webhook_deliveries_outbox_id"), ["outbox_id"], unique=False
        )
        batch_op.create_index(
            "ix_webhook_deliveries_stream",
            ["subscription_id", "stream_key", "status", "id"],
            unique=False,
        )

    op.create_table(
        "liaison_messages",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("author_role", sa.String(length=30), nullable=False),
        sa.Column("command", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["liaison_requests.id"],
            name=op.f("fk_liaison_messages_request_id_liaison_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_messages")),
        sa.UniqueConstraint("request_id", "seq", name=op.f("uq_liaison_messages_request_id")),
    )
    with op.batch_alter_table("liaison_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_liaison_messages_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "train_consists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("broker_id", sa.Integer(), nullable=False),
        sa.Column("principal_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("train_number", sa.String(length=20), nullable=False),
        sa.Column("origin_station", sa.String(length=100), nullable=False),
        sa.Column("departed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("eta_border", sa.DateTime(timezone=True), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("transshipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["broker_id"], ["enterprises.id"], name=op.f("fk_train_consists_broker_id_enterprises")
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_train_consists_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["office_code"],
            ["customs_offices.code"],
            name=op.f("fk_train_consists_office_code_customs_offices"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["import_plans.id"], name=op.f("fk_train_consists_plan_id_import_plans")
        ),
        sa.ForeignKeyConstraint(
            ["principal_id"],
            ["enterprises.id"],
            name=op.f("fk_train_consists_principal_id_enterprises"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_train_consists")),
    )
    with op.batch_alter_table("train_consists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_train_consists_broker_id"), ["broker_id"], unique=False
        )
        batch_op.create_index(
            "ix_train_consists_office_eta", ["office_code", "eta_border"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_train_consists_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_train_consists_principal_id"), ["principal_id"], unique=False
        )

    op.create_table(
        "wagons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consist_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("wagon_number", sa.String(length=20), nullable=False),
        sa.Column("net_weight", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["consist_id"],
            ["train_consists.id"],
            name=op.f("fk_wagons_consist_id_train_consists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wagons")),
        sa.UniqueConstraint("consist_id", "wagon_number", name=op.f("uq_wagons_consist_id")),
    )
    with op.batch_alter_table("wagons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wagons_consist_id"), ["consist_id"], unique=False)

    with op.batch_alter_table("export_refund_lines", schema=None) as batch_op:
        batch_op.alter_column(
            "customs_value_cny",
            existing_type=sa.NUMERIC(precision=18, scale=4),
            type_=sa.Numeric(precision=18, scale=2),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "amount",
            existing_type=sa.NUMERIC(precision=18, scale=4),
            type_=sa.Numeric(precision=18, scale=2),
            existing_nullable=False,
        )

    with op.batch_alter_table("export_refunds", schema=None) as batch_op:
        batch_op.alter_column(
            "customs_value",
            existing_type=sa.NUMERIC(precision=18, scale=4),
            type_=sa.Numeric(precision=18, scale=2),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "amount",
            existing_type=sa.NUMERIC(precision=18, scale=4),
            type_=sa.Numeric(precision=18, scale=2),
            existing_nullable=False,
        )

    with op.batch_alter_table("tax_guarantees", schema=None) as batch_op:
        batch_op.alter_column(
            "amount",
            existing_type=sa.NUMERIC(precision=18, scale=4),
            type_=sa.Numeric(precision=18, scale=2),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "balance",
            existing_type=sa.NUMERIC(precision=18, scale=4),
            type_=sa.Numeric(precision=18, scale=2),
            existing_nullable=False,
        )

    with op.batch_alter_table("tax_payments", schema=None) as batch_op:
        batch_op.alter_column(
            "duty",
            existing_type=sa.NUMERIC(precision=18, scale=4),
            type_=sa.Numeric(precision=18, scale=2),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "vat",
            existing_type=sa.NUMERIC(precision=18, scale=4),
            type_=sa.Numeric(precision=18, scale=2),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "amount",
            existing_type=sa.NUMERIC(precision=18, scale=4),
            type_=sa.Numeric(precision=18, scale=2),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("tax_payments", schema=None) as batch_op:
        batch_op.alter_column(
            "amount",
            existing_type=sa.Numeric(precision=18, scale=2),
            type_=sa.NUMERIC(precision=18, scale=4),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "vat",
            existing_type=sa.Numeric(precision=18, scale=2),
            type_=sa.NUMERIC(precision=18, scale=4),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "duty",
            existing_type=sa.Numeric(precision=18, scale=2),
            type_=sa.NUMERIC(precision=18, scale=4),
            existing_nullable=False,
        )

    with op.batch_alter_table("tax_guarantees", schema=None) as batch_op:
        batch_op.alter_column(
            "balance",
            existing_type=sa.Numeric(precision=18, scale=2),
            type_=sa.NUMERIC(precision=18, scale=4),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "amount",
            existing_type=sa.Numeric(precision=18, scale=2),
            type_=sa.NUMERIC(precision=18, scale=4),
            existing_nullable=False,
        )

    with op.batch_alter_table("export_refunds", schema=None) as batch_op:
        batch_op.alter_column(
            "amount",
            existing_type=sa.Numeric(precision=18, scale=2),
            type_=sa.NUMERIC(precision=18, scale=4),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "customs_value",
            existing_type=sa.Numeric(precision=18, scale=2),
            type_=sa.NUMERIC(precision=18, scale=4),
            existing_nullable=False,
        )

    with op.batch_alter_table("export_refund_lines", schema=None) as batch_op:
        batch_op.alter_column(
            "amount",
            existing_type=sa.Numeric(precision=18, scale=2),
            type_=sa.NUMERIC(precision=18, scale=4),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "customs_value_cny",
            existing_type=sa.Numeric(precision=18, scale=2),
            type_=sa.NUMERIC(precision=18, scale=4),
            existing_nullable=False,
        )

    with op.batch_alter_table("wagons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wagons_consist_id"))

    op.drop_table("wagons")
    with op.batch_alter_table("train_consists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_train_consists_principal_id"))
        batch_op.drop_index(batch_op.f("ix_train_consists_plan_id"))
        batch_op.drop_index("ix_train_consists_office_eta")
        batch_op.drop_index(batch_op.f("ix_train_consists_broker_id"))

    op.drop_table("train_consists")
    with op.batch_alter_table("liaison_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_liaison_messages_request_id"))

    op.drop_table("liaison_messages")
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_deliveries_stream")
        batch_op.drop_index(batch_op.f("ix_webhook_deliveries_outbox_id"))
        batch_op.drop_index("ix_webhook_deliveries_due")

    op.drop_table("webhook_deliveries")
    with op.batch_alter_table("liaison_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_liaison_requests_status_due")
        batch_op.drop_index(batch_op.f("ix_liaison_requests_enterprise_id"))

    op.drop_table("liaison_requests")
    with op.batch_alter_table("liaison_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_liaison_assignments_officer_id"))
        batch_op.drop_index(batch_op.f("ix_liaison_assignments_enterprise_id"))

    op.drop_table("liaison_assignments")
    with op.batch_alter_table("inbox_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_messages_user")
        batch_op.drop_index("ix_inbox_messages_enterprise")

    op.drop_table("inbox_messages")
    with op.batch_alter_table("import_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_plans_principal_id"))
        batch_op.drop_index("ix_import_plans_office_arrival")
        batch_op.drop_index(batch_op.f("ix_import_plans_broker_id"))

    op.drop_table("import_plans")
    with op.batch_alter_table("webhook_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_subscriptions_enterprise_id"))

    op.drop_table("webhook_subscriptions")
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_events_bus")

    op.drop_table("outbox_events")
