"""declarations: price terms, freight, insurance, other charges and deductions

The customs value (CIF at the border for imports, FOB for exports) is built from the declared
price and these header amounts, in the declaration's currency; all are empty on declarations
lodged before, whose declared value stays their customs value.

Revision ID: v_1
Revises: t_1
Create Date: 2026-12-07 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v_1"
down_revision = "t_1"
branch_labels = None
depends_on = None

AMOUNTS = ("freight", "insurance", "other_charges", "deductions")


def upgrade() -> None:
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("price_terms", sa.String(length=3), nullable=True))
        for name in AMOUNTS:
            batch_op.add_column(sa.Column(name, sa.Numeric(18, 4), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        for name in reversed(AMOUNTS):
            batch_op.drop_column(name)
        batch_op.drop_column("price_terms")
