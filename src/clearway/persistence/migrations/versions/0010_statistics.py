"""statistics: indexes for trade statistics and the Time Release Study

Two read models: ``release_facts`` (one row per lodged declaration with its TRS milestone
times, segment durations and breakdown attributes) and ``trade_facts`` (one row per item of a
declaration released or later, with its values in CNY and USD), with ``trade_monthly`` summing
the latter per month. All are derived; after
upgrading a database that already holds declarations, fill them with ``clearway stats rebuild``.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

MILESTONES = ("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e6_end", "e7", "e8", "e9", "e10")
SEGMENTS = (
    "arrival_to_lodgement",
    "lodgement_to_acceptance",
    "acceptance_to_risk_result",
    "risk_result_to_control",
    "inspection",
    "control_to_duty_paid",
    "to_release",
    "release_time",
)
AMOUNT = sa.Numeric(precision=18, scale=4)


def upgrade() -> None:
    op.create_table(
        "release_facts",
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(length=6), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("trader_id", sa.Integer(), nullable=False),
        sa.Column("declaration_date", sa.Date(), nullable=False),
        sa.Column("lane", sa.String(length=6), nullable=True),
        sa.Column("credit_level", sa.String(length=30), nullable=False),
        sa.Column("facilitation_mode", sa.String(length=20), nullable=False),
        sa.Column("transport_mode", sa.String(length=20), nullable=False),
        *(sa.Column(f"{m}_at", sa.DateTime(timezone=True), nullable=True) for m in MILESTONES),
        *(sa.Column(f"{s}_s", sa.Double(), nullable=True) for s in SEGMENTS),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_release_facts_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("declaration_id", name=op.f("pk_release_facts")),
    )
    with op.batch_alter_table("release_facts", schema=None) as batch_op:
        batch_op.create_index("ix_release_facts_date", ["declaration_date"], unique=False)
        batch_op.create_index(
            "ix_release_facts_flow_office_date",
            ["flow", "office_code", "declaration_date"],
            unique=False,
        )
        batch_op.create_index(
            "ix_release_facts_trader_date", ["trader_id", "declaration_date"], unique=False
        )

    op.create_table(
        "trade_facts",
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(length=6), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("port_code", sa.String(length=10), nullable=False),
        sa.Column("trader_id", sa.Integer(), nullable=False),
        sa.Column("declaration_date", sa.Date(), nullable=False),
        sa.Column("credit_level", sa.String(length=30), nullable=False),
        sa.Column("facilitation_mode", sa.String(length=20), nullable=False),
        sa.Column("transport_mode", sa.String(length=20), nullable=False),
        sa.Column("tariff_code", sa.String(length=10), nullable=False),
        sa.Column("origin_country", sa.String(length=2), nullable=False),
        sa.Column("destination_country", sa.String(length=2), nullable=False),
        sa.Column("partner_country", sa.String(length=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("value", AMOUNT, nullable=False),
        sa.Column("value_cny", AMOUNT, nullable=True),
        sa.Column("value_usd", AMOUNT, nullable=True),
        sa.Column("net_weight", AMOUNT, nullable=False),
        sa.Column("quantity", AMOUNT, nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_trade_facts_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("declaration_id", "line_no", name=op.f("pk_trade_facts")),
    )
    with op.batch_alter_table("trade_facts", schema=None) as batch_op:
        batch_op.create_index("ix_trade_facts_date", ["declaration_date"], unique=False)
        batch_op.create_index(
            "ix_trade_facts_flow_office_date",
            ["flow", "office_code", "declaration_date"],
            unique=False,
        )
        batch_op.create_index(
            "ix_trade_facts_trader_date", ["trader_id", "declaration_date"], unique=False
        )
        batch_op.create_index(
            "ix_trade_facts_tariff_date", ["tariff_code", "declaration_date"], unique=False
        )

    op.create_table(
        "trade_monthly",
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(length=6), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("trader_id", sa.Integer(), nullable=False),
        sa.Column("port_code", sa.String(length=10), nullable=False),
        sa.Column("credit_level", sa.String(length=30), nullable=False),
        sa.Column("facilitation_mode", sa.String(length=20), nullable=False),
        sa.Column("transport_mode", sa.String(length=20), nullable=False),
        sa.Column("declarations", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("value_cny", AMOUNT, nullable=False),
        sa.Column("value_usd", AMOUNT, nullable=True),
        sa.Column("usd_items", sa.Integer(), nullable=False),
        sa.Column("net_weight", AMOUNT, nullable=False),
        sa.Column("quantity", AMOUNT, nullable=False),
        sa.Column("unit_low", sa.String(length=10), nullable=False),
        sa.Column("unit_high", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint(
            "period",
            "flow",
            "office_code",
            "trader_id",
            "port_code",
            "credit_level",
            "facilitation_mode",
            "transport_mode",
            name=op.f("pk_trade_monthly"),
        ),
    )
    with op.batch_alter_table("trade_monthly", schema=None) as batch_op:
        batch_op.create_index(
            "ix_trade_monthly_trader_period", ["trader_id", "period"], unique=False
        )


def downgrade() -> None:
    op.drop_table("trade_monthly")
    op.drop_table("trade_facts")
    op.drop_table("release_facts")
