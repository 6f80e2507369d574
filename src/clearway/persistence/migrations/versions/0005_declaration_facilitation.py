"""facilitation mode on declarations; lithium-battery and ore-brand item fields

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

_ITEM_COLUMNS = (
    ("dg_chemistry", sa.String(length=20)),
    ("dg_battery_kind", sa.String(length=10)),
    ("dg_watt_hours", sa.Numeric(12, 2)),
    ("dg_lithium_grams", sa.Numeric(12, 3)),
    ("dg_state_of_charge_pct", sa.Numeric(5, 2)),
    ("dg_damaged", sa.Boolean()),
    ("dg_battery_model", sa.String(length=100)),
    ("ore_brand", sa.String(length=100)),
)

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "facilitation_mode", sa.String(length=20), server_default="standard", nullable=False
            )
        )
    with op.batch_alter_table("declaration_items", schema=None) as batch_op:
        for name, type_ in _ITEM_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("declaration_items", schema=None) as batch_op:
        for name, _type in reversed(_ITEM_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.drop_column("facilitation_mode")
