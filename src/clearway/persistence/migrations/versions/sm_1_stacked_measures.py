"""declarations: a set of facilitation measures instead of one facilitation mode

A declaration may use several measures at once (two-step + first release + direct pickup at
Horgos). ``declarations.facilitation_mode`` becomes ``facilitation_measures``, the set's
canonical key (``,direct_pickup,first_release,`` — sorted, a comma at each end, ``,standard,``
for none; ``clearway.declarations.measures``); each existing row keeps its one mode as a
one-measure set. The statistics read models copy the key under the same name and are migrated
the same way, so no rebuild is needed.

PostgreSQL renames the column in place. SQLite cannot change a column's type without
rebuilding the table (which would fire the ``ON DELETE CASCADE`` of the tables referencing
``declarations``), so the new column is added, filled and the old one dropped; the monthly
rollups, whose primary key holds the column, are copied into a new table and guarded again.
No numeric column changes.

Revision ID: sm_1
Revises: hr_1
Create Date: 2026-12-07 23:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clearway.persistence.finite_guard import guard_table

revision = "sm_1"
down_revision = "hr_1"
branch_labels = None
depends_on = None

OLD, NEW = "facilitation_mode", "facilitation_measures"
FLAT = ("declarations", "release_facts", "trade_facts")
ROLLUPS = ("trade_monthly", "trade_monthly_items")
AMOUNT = sa.Numeric(precision=18, scale=4)
ROLLUP_NUMBERS = tuple(
    (c, 14)
    for c in (
        "value_cny",
        "value_usd",
        "statistical_value_cny",
        "statistical_value_usd",
        "net_weight",
        "quantity",
    )
)
KEY_BEFORE = ("period", "flow", "office_code", "trader_id", "port_code", "credit_level")
KEY_AFTER = ("transport_mode", "trade_mode", "heading")
SUMS = (
    "declarations",
    "items",
    "value_cny",
    "value_usd",
    "usd_items",
    "statistical_value_cny",
    "statistical_value_usd",
    "net_weight",
    "quantity",
    "unit_low",
    "unit_high",
)

TO_SET = f"',' || {OLD} || ','"
TO_MODE = {  # the first measure of a key: a stacked set has no single mode
    "postgresql": f"split_part({NEW}, ',', 2)",
    "sqlite": f"substr({NEW}, 2, instr(substr({NEW}, 2), ',') - 1)",
}


def _dialect() -> str:
    return str(op.get_bind().dialect.name)


def _pg_rename(table: str, old: str, new: str, length: int, value: str) -> None:
    op.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")
    op.alter_column(table, new, type_=sa.String(length=length))
    op.execute(f"UPDATE {table} SET {new} = {value.replace(old, new)}")


def _sqlite_flat(table: str, old: str, new: str, length: int, value: str, default: str) -> None:
    fallback = f" DEFAULT '{default}'" if table == "declarations" else " DEFAULT ''"
    op.execute(f"ALTER TABLE {table} ADD COLUMN {new} VARCHAR({length}) NOT NULL{fallback}")
    op.execute(f"UPDATE {table} SET {new} = {value}")
    op.execute(f"ALTER TABLE {table} DROP COLUMN {old}")


def _rollup_columns(name: str, key: str, length: int) -> list[sa.Column[object]]:
    item = name == "trade_monthly_items"
    strings = {"flow": 6, "office_code": 4, "port_code": 10, "credit_level": 30}
    strings |= {"transport_mode": 20, "trade_mode": 4, "heading": 15}
    keys = [*KEY_BEFORE, key, *KEY_AFTER]
    columns: list[sa.Column[object]] = []
    if item:
        columns.append(sa.Column("dimension", sa.String(length=20), nullable=False))
    for k in keys:
        if k in ("period", "trader_id"):
            columns.append(sa.Column(k, sa.Integer(), nullable=False))
        else:
            columns.append(sa.Column(k, sa.String(length=strings.get(k, length)), nullable=False))
    if item:
        columns.append(sa.Column("code", sa.String(length=10), nullable=False))
    for s in SUMS:
        if s in ("declarations", "items", "usd_items"):
            columns.append(sa.Column(s, sa.Integer(), nullable=False))
        elif s in ("unit_low", "unit_high"):
            columns.append(sa.Column(s, sa.String(length=10), nullable=False))
        else:
            # the USD sums are NULL where a month's dollar rate is missing
            columns.append(sa.Column(s, AMOUNT, nullable=s.endswith("_usd")))
    return columns


def _sqlite_rollup(name: str, old: str, new: str, length: int, value: str) -> None:
    """Copy a rollup into a table keyed on the new column, and guard it again."""
    op.execute(f"DROP INDEX ix_{name}_trader_period")
    op.execute(f"ALTER TABLE {name} RENAME TO {name}_before")
    columns = _rollup_columns(name, new, length)
    keys = [c.name for c in columns if c.name not in SUMS]
    op.create_table(name, *columns, sa.PrimaryKeyConstraint(*keys, name=f"pk_{name}"))
    op.create_index(f"ix_{name}_trader_period", name, ["trader_id", "period"], unique=False)
    names = [c.name for c in columns]
    chosen = [value if n == new else n for n in names]
    op.execute(
        f"INSERT INTO {name} ({', '.join(names)}) SELECT {', '.join(chosen)} FROM {name}_before"
    )
    op.execute(f"DROP TABLE {name}_before")
    guard_table(name, ROLLUP_NUMBERS)


def _move(old: str, new: str, length: int, value: str, default: str) -> None:
    if _dialect() == "postgresql":
        for table in (*FLAT, *ROLLUPS):
            _pg_rename(table, old, new, length, value)
        op.alter_column("declarations", new, server_default=default)
        return
    for table in FLAT:
        _sqlite_flat(table, old, new, length, value, default)
    for name in ROLLUPS:
        _sqlite_rollup(name, old, new, length, value)


def upgrade() -> None:
    _move(OLD, NEW, 120, TO_SET, ",standard,")


def downgrade() -> None:
    _move(NEW, OLD, 20, TO_MODE[_dialect()], "standard")
