"""supervision: the licence number a two-step summary gives

A summary whose tariff lines carry licence conditions names the licence or permit it holds;
the number is kept with the summary so officers read it beside the flags.

Revision ID: rb_1
Revises: 0011
Create Date: 2026-12-07 13:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "rb_1"
down_revision = "a_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("two_step_declarations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("licence_number", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("two_step_declarations", schema=None) as batch_op:
        batch_op.drop_column("licence_number")
