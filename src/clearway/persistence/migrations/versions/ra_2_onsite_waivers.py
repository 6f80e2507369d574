"""ore: an officer's waiver of the train-side on-site inspection

Direct pickup of iron ore waits for the conforming train-side on-site inspection; the only
exception is an inspection officer's waiver with a reason, at most one per declaration.

Revision ID: ra_2
Revises: ra_1
Create Date: 2026-12-07 13:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ra_2"
down_revision = "ra_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ore_onsite_waivers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("waived_by", sa.String(length=100), nullable=False),
        sa.Column("waived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("release_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_ore_onsite_waivers_declaration_id_declarations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ore_onsite_waivers")),
        sa.UniqueConstraint("declaration_id", name=op.f("uq_ore_onsite_waivers_declaration_id")),
    )


def downgrade() -> None:
    op.drop_table("ore_onsite_waivers")
