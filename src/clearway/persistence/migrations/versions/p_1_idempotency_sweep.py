"""api: index idempotency keys by age, for the idempotency.sweep job

Revision ID: p_1
Revises: 0011
Create Date: 2026-12-07 13:30:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "p_1"
down_revision = "rb_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_idempotency_keys_created_at", table_name="idempotency_keys")
