"""reference: one dated list of mainstream iron ore origins

Ore classification, pre-arrival screening and the risk rules used to keep two lists that
disagreed; they now read this one, as of the declaration's or the plan's day. The shipped rows
are loaded with the other reference defaults (``reference/data/mainstream_ore_origins.csv``).

Revision ID: ra_3
Revises: ra_2
Create Date: 2026-12-07 14:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ra_3"
down_revision = "ra_2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ore_mainstream_origins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ore_mainstream_origins")),
        sa.UniqueConstraint(
            "country", "valid_from", name=op.f("uq_ore_mainstream_origins_country")
        ),
    )


def downgrade() -> None:
    op.drop_table("ore_mainstream_origins")
