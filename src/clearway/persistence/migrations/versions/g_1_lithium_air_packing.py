"""lithium batteries by air: packing facts on declaration items

Each dangerous-goods item block says how the batteries are packed: with or in equipment, the
packing instruction and its section, the net quantity of batteries per package and whether the
packages travel on cargo aircraft only. The lithium-battery checks compare them with the dated
table of packing instruction limits (``docs/rules/lithium_air.md``).

Revision ID: g_1
Revises: 0011
Create Date: 2026-12-07 13:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

_ITEM_COLUMNS = (
    ("dg_equipment", sa.String(length=20)),
    ("dg_packing_instruction", sa.String(length=5)),
    ("dg_packing_section", sa.String(length=2)),
    ("dg_net_quantity_kg", sa.Numeric(12, 3)),
    ("dg_cargo_aircraft_only", sa.Boolean()),
)

revision = "g_1"
down_revision = "p_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("declaration_items", schema=None) as batch_op:
        for name, type_ in _ITEM_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("declaration_items", schema=None) as batch_op:
        for name, _type in reversed(_ITEM_COLUMNS):
            batch_op.drop_column(name)
