"""api: the "work committed" mark of an Idempotency-Key claim, written in the work's transaction

A server killed between committing a request's work and storing its answer left the claim in
progress; the mark (when, and where the result can be read) lets the retry replay the
committed result instead of doing the work a second time.

Revision ID: hr_1
Revises: gr_1
Create Date: 2026-12-07 23:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clearway.persistence.types import UTCDateTime

revision = "hr_1"
down_revision = "gr_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both databases: the columns are nullable, no table is rebuilt.
    op.add_column("idempotency_keys", sa.Column("committed_at", UTCDateTime, nullable=True))
    op.add_column(
        "idempotency_keys", sa.Column("committed_location", sa.String(length=300), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.drop_column("committed_location")
        batch.drop_column("committed_at")
