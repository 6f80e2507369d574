"""statistics: trade per month and item attribute (HS code, country)

``trade_monthly_items`` sums the trade facts per month, per-declaration attributes and one
item attribute (``dimension``: HS chapter, heading, subheading or line, origin, destination or
partner country; ``code``: its value), so dashboards grouped or filtered by an item attribute
over whole months read a few sums instead of every item line. Derived; after upgrading a
database that already holds declarations, fill it with ``clearway stats rebuild``.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 15:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

AMOUNT = sa.Numeric(precision=18, scale=4)


def upgrade() -> None:
    op.create_table(
        "trade_monthly_items",
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(length=6), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("trader_id", sa.Integer(), nullable=False),
        sa.Column("port_code", sa.String(length=10), nullable=False),
        sa.Column("credit_level", sa.String(length=30), nullable=False),
        sa.Column("facilitation_mode", sa.String(length=20), nullable=False),
        sa.Column("transport_mode", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
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
            "dimension",
            "period",
            "flow",
            "office_code",
            "trader_id",
            "port_code",
            "credit_level",
            "facilitation_mode",
            "transport_mode",
            "code",
            name=op.f("pk_trade_monthly_items"),
        ),
    )
    with op.batch_alter_table("trade_monthly_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_trade_monthly_items_trader_period", ["trader_id", "period"], unique=False
        )


def downgrade() -> None:
    op.drop_table("trade_monthly_items")
