"""supervision: eligibility, guarantees, two-step and centralized declaration

Breaches of facility obligations (read by eligibility), the scheduled jobs' state, two-step
summaries, centralized filings and their lists.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervision_breaches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("facility", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.String(length=100), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_supervision_breaches_enterprise_id_enterprises"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_breaches")),
        sa.UniqueConstraint("kind", "reference", name=op.f("uq_supervision_breaches_kind")),
    )
    with op.batch_alter_table("supervision_breaches", schema=None) as batch_op:
        batch_op.create_index(
            "ix_supervision_breaches_enterprise",
            ["enterprise_id", "facility", "occurred_at"],
            unique=False,
        )

    op.create_table(
        "scheduled_jobs",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_outcome", sa.String(length=10), nullable=True),
        sa.Column("last_summary", sa.Text(), nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduled_jobs")),
    )

    op.create_table(
        "two_step_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("licence_required", sa.Boolean(), nullable=False),
        sa.Column("inspection_required", sa.Boolean(), nullable=False),
        sa.Column("taxable", sa.Boolean(), nullable=False),
        sa.Column("guarantee_id", sa.Integer(), nullable=True),
        sa.Column("reserved_amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("lodged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lodged_by", sa.String(length=100), nullable=False),
        sa.Column("complete_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("overdue_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by", sa.String(length=100), nullable=True),
        sa.Column("settled_amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("restored_amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "reserved_amount >= 0", name=op.f("ck_two_step_declarations_reserved_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_two_step_declarations_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_two_step_declarations_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["guarantee_id"],
            ["tax_guarantees.id"],
            name=op.f("fk_two_step_declarations_guarantee_id_tax_guarantees"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_two_step_declarations")),
        sa.UniqueConstraint("declaration_id", name=op.f("uq_two_step_declarations_declaration_id")),
    )
    with op.batch_alter_table("two_step_declarations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_two_step_declarations_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            "ix_two_step_declarations_open", ["status", "complete_due_at"], unique=False
        )

    op.create_table(
        "centralized_filings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("broker_id", sa.Integer(), nullable=True),
        sa.Column("flow", sa.String(length=6), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("port_code", sa.String(length=10), nullable=False),
        sa.Column("transport_mode", sa.String(length=20), nullable=False),
        sa.Column("trade_country", sa.String(length=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("supervision_mode", sa.String(length=4), nullable=False),
        sa.Column("goods_category", sa.String(length=20), nullable=False),
        sa.Column("regime", sa.String(length=20), nullable=False),
        sa.Column("guarantee_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filed_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["broker_id"],
            ["enterprises.id"],
            name=op.f("fk_centralized_filings_broker_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_centralized_filings_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["guarantee_id"],
            ["tax_guarantees.id"],
            name=op.f("fk_centralized_filings_guarantee_id_tax_guarantees"),
        ),
        sa.ForeignKeyConstraint(
            ["office_code"],
            ["customs_offices.code"],
            name=op.f("fk_centralized_filings_office_code_customs_offices"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centralized_filings")),
        sa.UniqueConstraint("number", name=op.f("uq_centralized_filings_number")),
    )
    with op.batch_alter_table("centralized_filings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_centralized_filings_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "centralized_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(length=6), nullable=False),
        sa.Column("entry_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("loading_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("transport_means", sa.String(length=100), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("lodged_by", sa.String(length=100), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_value", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("net_weight", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("gross_weight", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("duty", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("vat", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("reserved_amount", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=True),
        sa.Column("consolidated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_centralized_lists_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_centralized_lists_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["filing_id"],
            ["centralized_filings.id"],
            name=op.f("fk_centralized_lists_filing_id_centralized_filings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centralized_lists")),
        sa.UniqueConstraint("number", name=op.f("uq_centralized_lists_number")),
    )
    with op.batch_alter_table("centralized_lists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_centralized_lists_declaration_id"), ["declaration_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_centralized_lists_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            "ix_centralized_lists_period", ["filing_id", "period", "declaration_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("centralized_lists", schema=None) as batch_op:
        batch_op.drop_index("ix_centralized_lists_period")
        batch_op.drop_index(batch_op.f("ix_centralized_lists_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_centralized_lists_declaration_id"))
    op.drop_table("centralized_lists")
    with op.batch_alter_table("centralized_filings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_centralized_filings_enterprise_id"))
    op.drop_table("centralized_filings")
    with op.batch_alter_table("two_step_declarations", schema=None) as batch_op:
        batch_op.drop_index("ix_two_step_declarations_open")
        batch_op.drop_index(batch_op.f("ix_two_step_declarations_enterprise_id"))
    op.drop_table("two_step_declarations")
    op.drop_table("scheduled_jobs")
    with op.batch_alter_table("supervision_breaches", schema=None) as batch_op:
        batch_op.drop_index("ix_supervision_breaches_enterprise")
    op.drop_table("supervision_breaches")
