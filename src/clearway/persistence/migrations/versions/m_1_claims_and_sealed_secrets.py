"""notifications, jobs: claim tokens on leases; webhook secrets sealed at rest

Adds ``claim_token`` to ``webhook_deliveries`` and ``scheduled_jobs`` (only the holder of a
lease settles it), widens ``webhook_subscriptions.secret`` for a Fernet token and seals the
secrets already stored with ``CLEARWAY_SECRET_ENCRYPTION_KEY``.

Revision ID: m_1
Revises: f_1
Create Date: 2026-12-07 17:00:00.000000
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from clearway.notifications.sealing import is_sealed, seal, unseal

revision = "m_1"
down_revision = "f_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in ("webhook_deliveries", "scheduled_jobs"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(sa.Column("claim_token", sa.String(length=36), nullable=True))
    with op.batch_alter_table("webhook_subscriptions", schema=None) as batch_op:
        batch_op.alter_column(
            "secret", existing_type=sa.String(length=128), type_=sa.String(length=300)
        )
    _reseal(seal, sealed=False)


def downgrade() -> None:
    _reseal(unseal, sealed=True)
    with op.batch_alter_table("webhook_subscriptions", schema=None) as batch_op:
        batch_op.alter_column(
            "secret", existing_type=sa.String(length=300), type_=sa.String(length=128)
        )
    for name in ("scheduled_jobs", "webhook_deliveries"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_column("claim_token")


def _reseal(change: Callable[[str, str], str], *, sealed: bool) -> None:
    """Seal (or open) every stored secret that is not yet (or still) sealed."""
    table = sa.table("webhook_subscriptions", sa.column("id"), sa.column("secret"))
    conn = op.get_bind()
    rows = conn.execute(sa.select(table.c.id, table.c.secret)).all()
    todo = [row for row in rows if is_sealed(row.secret) is sealed]
    if not todo:
        return
    # Read only when there is something to seal: an empty database needs no key.
    from clearway.config import get_settings

    key = get_settings().secret_encryption_key
    conn.execute(
        table.update().where(table.c.id == sa.bindparam("_id")).values(secret=sa.bindparam("_s")),
        [{"_id": row.id, "_s": change(key, row.secret)} for row in todo],
    )
