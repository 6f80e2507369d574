"""lithium-battery dangerous-goods checks

One table keeps the checks run at submission of export declarations with lithium batteries:
configuration in force, outcome, lane floor and findings.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dangerous_goods_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=100), nullable=False),
        sa.Column("shipping_date", sa.Date(), nullable=False),
        sa.Column("transport_mode", sa.String(length=20), nullable=False),
        sa.Column("lines_checked", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("lane_floor", sa.String(length=6), nullable=True),
        sa.Column("severities", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_dangerous_goods_checks_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dangerous_goods_checks")),
    )
    with op.batch_alter_table("dangerous_goods_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dangerous_goods_checks_declaration_id"),
            ["declaration_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("dangerous_goods_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dangerous_goods_checks_declaration_id"))
    op.drop_table("dangerous_goods_checks")
