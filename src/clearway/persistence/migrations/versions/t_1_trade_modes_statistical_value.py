"""statistics: trade mode, its heading (trade or zone movement) and the statistical value

Items store their statistical value (FOB for exports, CIF for imports) beside the declared
value; existing items take their declared value, as items without price terms do. The trade
facts and both monthly rollups gain the trade (supervision) mode, the heading it counts under
and the statistical value in CNY and USD; the rollups key on the mode and heading. All three
are derived: they are emptied here, and after upgrading a database that already holds
declarations ``clearway stats rebuild`` fills them again.

Revision ID: t_1
Revises: o_1
Create Date: 2026-12-07 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "t_1"
down_revision = "o_1"
branch_labels = None
depends_on = None

AMOUNT = sa.Numeric(precision=18, scale=4)
ROLLUPS = ("trade_monthly", "trade_monthly_items")
KEYS = (
    "period",
    "flow",
    "office_code",
    "trader_id",
    "port_code",
    "credit_level",
    "facilitation_mode",
    "transport_mode",
)


def _rollup(name: str, with_mode: bool) -> None:
    """(Re)create a monthly rollup, with the trade mode and heading in its key or without."""
    item = name == "trade_monthly_items"
    keys = [*(("dimension",) if item else ()), *KEYS]
    columns = [
        *((sa.Column("dimension", sa.String(length=20), nullable=False),) if item else ()),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(length=6), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("trader_id", sa.Integer(), nullable=False),
        sa.Column("port_code", sa.String(length=10), nullable=False),
        sa.Column("credit_level", sa.String(length=30), nullable=False),
        sa.Column("facilitation_mode", sa.String(length=20), nullable=False),
        sa.Column("transport_mode", sa.String(length=20), nullable=False),
    ]
    if with_mode:
        columns += [
            sa.Column("trade_mode", sa.String(length=4), nullable=False),
            sa.Column("heading", sa.String(length=15), nullable=False),
        ]
        keys += ["trade_mode", "heading"]
    if item:
        columns.append(sa.Column("code", sa.String(length=10), nullable=False))
        keys.append("code")
    columns += [
        sa.Column("declarations", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("value_cny", AMOUNT, nullable=False),
        sa.Column("value_usd", AMOUNT, nullable=True),
        sa.Column("usd_items", sa.Integer(), nullable=False),
    ]
    if with_mode:
        columns += [
            sa.Column("statistical_value_cny", AMOUNT, nullable=False),
            sa.Column("statistical_value_usd", AMOUNT, nullable=True),
        ]
    columns += [
        sa.Column("net_weight", AMOUNT, nullable=False),
        sa.Column("quantity", AMOUNT, nullable=False),
        sa.Column("unit_low", sa.String(length=10), nullable=False),
        sa.Column("unit_high", sa.String(length=10), nullable=False),
    ]
    op.create_table(name, *columns, sa.PrimaryKeyConstraint(*keys, name=op.f(f"pk_{name}")))
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(f"ix_{name}_trader_period", ["trader_id", "period"], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("declaration_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("statistical_value", AMOUNT, nullable=True))
    op.execute("UPDATE declaration_items SET statistical_value = value")
    with op.batch_alter_table("declaration_items", schema=None) as batch_op:
        batch_op.alter_column("statistical_value", existing_type=AMOUNT, nullable=False)

    op.execute("DELETE FROM trade_facts")
    with op.batch_alter_table("trade_facts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("trade_mode", sa.String(length=4), nullable=False))
        batch_op.add_column(sa.Column("heading", sa.String(length=15), nullable=False))
        batch_op.add_column(sa.Column("statistical_value_cny", AMOUNT, nullable=True))
        batch_op.add_column(sa.Column("statistical_value_usd", AMOUNT, nullable=True))
    for name in ROLLUPS:
        op.drop_table(name)
        _rollup(name, with_mode=True)


def downgrade() -> None:
    for name in ROLLUPS:
        op.drop_table(name)
        _rollup(name, with_mode=False)
    op.execute("DELETE FROM trade_facts")
    with op.batch_alter_table("trade_facts", schema=None) as batch_op:
        for column in ("statistical_value_usd", "statistical_value_cny", "heading", "trade_mode"):
            batch_op.drop_column(column)
    with op.batch_alter_table("declaration_items", schema=None) as batch_op:
        batch_op.drop_column("statistical_value")
