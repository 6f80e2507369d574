"""licensing: the licence register, its write-offs, and the licence a goods line names

Licences and permits other authorities issue are recorded by customs with their quantity
granted; a goods line whose supervision conditions call for one names it, and submission
writes the line's quantity off. Both numeric tables are guarded like every other.

Revision ID: li_1
Revises: op_1
Create Date: 2026-12-07 23:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clearway.persistence.finite_guard import guard_table, unguard_table
from clearway.persistence.types import UTCDateTime

revision = "li_1"
down_revision = "op_1"
branch_labels = None
depends_on = None

QTY = sa.Numeric(18, 4)
GUARDED = {
    "licences": (("quantity_granted", 14), ("drawn_down", 14)),
    "licence_drawdowns": (("quantity", 14),),
}


def upgrade() -> None:
    op.create_table(
        "licences",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(length=40), nullable=False, unique=True),
        sa.Column("condition_code", sa.String(length=1), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("holder_id", sa.Integer(), sa.ForeignKey("enterprises.id"), nullable=False),
        sa.Column("hs_scope", sa.String(length=500), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("quantity_granted", QTY, nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("drawn_down", QTY, nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", UTCDateTime, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_licences_holder_id", "licences", ["holder_id"])
    op.create_table(
        "licence_drawdowns",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("licence_id", sa.Integer(), sa.ForeignKey("licences.id"), nullable=False),
        sa.Column("declaration_id", sa.Integer(), sa.ForeignKey("declarations.id"), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("quantity", QTY, nullable=False),
        sa.Column("drawn_at", UTCDateTime, nullable=False),
        sa.Column("restored_at", UTCDateTime, nullable=True),
        sa.Column("restored_reason", sa.String(length=200), nullable=False),
    )
    op.create_index("ix_licence_drawdowns_licence_id", "licence_drawdowns", ["licence_id"])
    op.create_index("ix_licence_drawdowns_declaration_id", "licence_drawdowns", ["declaration_id"])
    with op.batch_alter_table("declaration_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("licence_number", sa.String(length=40), nullable=True))
    for table, columns in GUARDED.items():
        guard_table(table, columns)


def downgrade() -> None:
    for table, columns in GUARDED.items():
        unguard_table(table, columns)
    with op.batch_alter_table("declaration_items", schema=None) as batch_op:
        batch_op.drop_column("licence_number")
    op.drop_table("licence_drawdowns")
    op.drop_table("licences")
