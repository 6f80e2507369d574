"""identity: the customs office a customs user works at

Officers of office-bound roles act on, and see the work queues of, their office's
declarations only; district-wide roles keep no office.

Revision ID: o_1
Revises: m_1
Create Date: 2026-12-07 16:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "o_1"
down_revision = "m_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("office_code", sa.String(length=4), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_users_office_code_customs_offices"),
            "customs_offices",
            ["office_code"],
            ["code"],
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_users_office_code_customs_offices"), type_="foreignkey"
        )
        batch_op.drop_column("office_code")
