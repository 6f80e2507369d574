"""risk: control outcomes kept as the district's own labels

One row per concluded document check, physical inspection, lab result or post-clearance audit
finding, with the lane and the way it was chosen (rule, random draw, top-up). Declarations
checked before this revision get no rows: their results stay on their inspection records.

Revision ID: ro_1
Revises: li_1
Create Date: 2026-12-07 23:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clearway.persistence.finite_guard import guard_table, unguard_table

revision = "ro_1"
down_revision = "li_1"
branch_labels = None
depends_on = None

NUMBERS = (("revenue_raised", 16), ("model_score", 300))


def upgrade() -> None:
    op.create_table(
        "risk_outcomes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("nonconform", sa.Boolean(), nullable=False),
        sa.Column("finding_kind", sa.String(length=60), nullable=False),
        sa.Column("revenue_raised", sa.Numeric(18, 2), nullable=True),
        sa.Column("lane", sa.String(length=6), nullable=False),
        sa.Column("chosen_by", sa.String(length=10), nullable=False),
        sa.Column("random_pick", sa.Boolean(), nullable=False),
        sa.Column("model_score", sa.Float(), nullable=False),
        sa.Column("model_version", sa.String(length=120), nullable=False),
        sa.Column("concluded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_risk_outcomes_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_outcomes")),
        sa.UniqueConstraint("source", "source_id", name="uq_risk_outcomes_source"),
    )
    with op.batch_alter_table("risk_outcomes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_outcomes_declaration_id"), ["declaration_id"], unique=False
        )
        batch_op.create_index("ix_risk_outcomes_concluded", ["concluded_at"], unique=False)
    guard_table("risk_outcomes", NUMBERS)


def downgrade() -> None:
    unguard_table("risk_outcomes", NUMBERS)
    op.drop_table("risk_outcomes")
