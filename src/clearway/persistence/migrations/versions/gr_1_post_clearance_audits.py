"""postclearance: the post-clearance audit queue a blue-lane release opens

One task per released blue-lane declaration, taken and closed by an officer with a finding
(conform, or nonconform with its kind and the revenue raised).

Revision ID: gr_1
Revises: sim_1
Create Date: 2026-12-07 23:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clearway.persistence.finite_guard import guard_table, unguard_table

revision = "gr_1"
down_revision = "sim_1"
branch_labels = None
depends_on = None

_GUARDED = [("revenue_raised", 16)]


def upgrade() -> None:
    op.create_table(
        "post_clearance_audits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assignee", sa.String(length=100), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finding", sa.String(length=20), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("revenue_raised", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("closed_by", sa.String(length=100), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_post_clearance_audits_declaration_id_declarations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_clearance_audits")),
        sa.UniqueConstraint("declaration_id", name=op.f("uq_post_clearance_audits_declaration_id")),
    )
    op.create_index(
        "ix_post_clearance_audits_office_status",
        "post_clearance_audits",
        ["office_code", "status"],
    )
    guard_table("post_clearance_audits", _GUARDED)


def downgrade() -> None:
    unguard_table("post_clearance_audits", _GUARDED)
    op.drop_index("ix_post_clearance_audits_office_status", table_name="post_clearance_audits")
    op.drop_table("post_clearance_audits")
