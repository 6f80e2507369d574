"""bonded: the reason a zone-entry refund line earns nothing

An export refund line whose tariff period gives a 0 % rebate (the lithium battery rebate ends
on 2027-01-01) is still recorded, with the reason, so the exporter sees why no refund came.

Revision ID: ra_1
Revises: 0011
Create Date: 2026-12-07 13:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ra_1"
down_revision = "g_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("export_refund_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("export_refund_lines", schema=None) as batch_op:
        batch_op.drop_column("reason")
