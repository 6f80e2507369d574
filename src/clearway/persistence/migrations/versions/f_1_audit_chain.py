"""audit: hash chains over the audit trail and the declaration timelines

Adds ``chain_prev`` and ``chain_hash`` to ``audit_events`` (one chain per audited record) and
to ``declaration_events`` (one chain per declaration) and chains the rows already stored, in
stream order, with the same function new rows are chained with.

Revision ID: f_1
Revises: 0011
Create Date: 2026-12-07 13:30:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from clearway.audit.chain import AUDIT_FIELDS, GENESIS, TIMELINE_FIELDS, link
from clearway.persistence.types import UTCDateTime

revision = "f_1"
down_revision = "ra_3"
branch_labels = None
depends_on = None

_CHAINED = {
    "audit_events": (AUDIT_FIELDS, ("entity", "entity_id"), ("entity", "entity_id", "id")),
    "declaration_events": (TIMELINE_FIELDS, ("declaration_id",), ("declaration_id", "seq")),
}
_TYPES: dict[str, Any] = {"at": UTCDateTime, "detail": sa.JSON(), "declaration_id": sa.Integer()}


def upgrade() -> None:
    for name in _CHAINED:
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(sa.Column("chain_prev", sa.String(length=64), nullable=True))
            batch_op.add_column(sa.Column("chain_hash", sa.String(length=64), nullable=True))
    for name, (fields, stream, order) in _CHAINED.items():
        _chain_existing(name, fields, stream, order)


def _chain_existing(
    name: str, fields: tuple[str, ...], stream: tuple[str, ...], order: tuple[str, ...]
) -> None:
    columns = {c for c in (*fields, "id")}
    table = sa.table(
        name,
        *(sa.column(c, _TYPES.get(c)) for c in sorted(columns)),
        sa.column("chain_prev"),
        sa.column("chain_hash"),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(table).order_by(*(table.c[c] for c in order))).mappings().all()
    updates: list[dict[str, Any]] = []
    last_stream: tuple[Any, ...] | None = None
    prev = GENESIS
    for row in rows:
        key = tuple(row[c] for c in stream)
        if key != last_stream:
            last_stream, prev = key, GENESIS
        digest = link(prev, fields, row)
        updates.append({"_id": row["id"], "_prev": prev, "_hash": digest})
        prev = digest
    if updates:
        conn.execute(
            table.update()
            .where(table.c.id == sa.bindparam("_id"))
            .values(chain_prev=sa.bindparam("_prev"), chain_hash=sa.bindparam("_hash")),
            updates,
        )


def downgrade() -> None:
    for name in reversed(_CHAINED):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_column("chain_hash")
            batch_op.drop_column("chain_prev")
