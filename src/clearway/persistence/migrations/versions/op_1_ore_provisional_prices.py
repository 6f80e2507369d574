"""ore: provisional (formula) prices of iron ore and the final price that settles them

One row per declaration: the provisional terms (pricing basis, quotational period, unit price,
Fe and moisture basis) stated with the declaration, then the final price with the
supplementary tax or refund notice it leaves. Every numeric column carries its finite guard.

Revision ID: op_1
Revises: q_1
Create Date: 2026-12-07 23:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clearway.persistence.finite_guard import guard_table, unguard_table

revision = "op_1"
down_revision = "q_1"
branch_labels = None
depends_on = None

TABLE = "ore_provisional_prices"
AMOUNTS = ("provisional_unit_price", "final_unit_price", "final_value")
DIFFERENCES = ("duty_difference", "vat_difference", "difference")
READINGS = ("fe_basis_pct", "moisture_basis_pct", "lab_fe_pct", "lab_moisture_pct")
# Every numeric column with its digits before the point: Numeric(18, 4) and Numeric(12, 4).
GUARDED = [(c, 14) for c in AMOUNTS + DIFFERENCES] + [(c, 8) for c in READINGS]


def upgrade() -> None:
    amount, reading = sa.Numeric(18, 4), sa.Numeric(12, 4)
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("pricing_basis", sa.String(length=200), nullable=False),
        sa.Column("quotational_period_start", sa.Date(), nullable=False),
        sa.Column("quotational_period_end", sa.Date(), nullable=False),
        sa.Column("provisional_unit_price", amount, nullable=False),
        sa.Column("fe_basis_pct", reading, nullable=False),
        sa.Column("moisture_basis_pct", reading, nullable=False),
        sa.Column("final_due_on", sa.Date(), nullable=True),
        sa.Column("stated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stated_by", sa.String(length=100), nullable=False),
        sa.Column("final_unit_price", amount, nullable=True),
        sa.Column("final_value", amount, nullable=True),
        sa.Column("final_prices", sa.JSON(), nullable=True),
        sa.Column("final_declared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("final_declared_by", sa.String(length=100), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=True),
        sa.Column("lab_fe_pct", reading, nullable=True),
        sa.Column("lab_moisture_pct", reading, nullable=True),
        sa.Column("notice_number", sa.String(length=40), nullable=True),
        sa.Column("settlement", sa.String(length=14), nullable=True),
        sa.Column("duty_difference", amount, nullable=True),
        sa.Column("vat_difference", amount, nullable=True),
        sa.Column("difference", amount, nullable=True),
        sa.Column("notice_lines", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_ore_provisional_prices_declaration_id_declarations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ore_provisional_prices")),
        sa.UniqueConstraint(
            "declaration_id", name=op.f("uq_ore_provisional_prices_declaration_id")
        ),
        sa.UniqueConstraint("notice_number", name=op.f("uq_ore_provisional_prices_notice_number")),
    )
    guard_table(TABLE, GUARDED)


def downgrade() -> None:
    unguard_table(TABLE, GUARDED)
    op.drop_table(TABLE)
