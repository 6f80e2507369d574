"""iron ore: classification, on-site inspection, samples, lab results, disposal, arrivals

Ore classifications per declaration, on-site inspections with their samples, lab results with
limit checks and deviations, disposal cases after a nonconforming result; recorded arrivals of
trains and vehicles with the direct-pickup outcome of each declaration they carried.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ore_classifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=1), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("instructions", sa.JSON(), nullable=False),
        sa.Column("sampling_rate", sa.Numeric(precision=5, scale=4), nullable=False),
        sa.Column("sampling_required", sa.Boolean(), nullable=False),
        sa.Column("credit_level", sa.String(length=30), nullable=False),
        sa.Column("supplier", sa.String(length=300), nullable=False),
        sa.Column("supplier_nonconformities", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("classified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("classified_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_ore_classifications_declaration_id_declarations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ore_classifications")),
    )
    with op.batch_alter_table("ore_classifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ore_classifications_declaration_id"), ["declaration_id"], unique=False
        )

    op.create_table(
        "ore_onsite_inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("officer", sa.String(length=100), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("nuclide_bq_per_g", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("portal_usv_per_h", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("radiation_limit_bq_per_g", sa.Numeric(precision=12, scale=4), nullable=False),
        sa.Column("foreign_inclusions", sa.Boolean(), nullable=False),
        sa.Column("solid_waste", sa.Boolean(), nullable=False),
        sa.Column("document_mismatch", sa.Boolean(), nullable=False),
        sa.Column("mismatch_note", sa.Text(), nullable=False),
        sa.Column("measured_weight_kg", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("declared_weight_kg", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("weight_deviation_pct", sa.Numeric(precision=12, scale=4), nullable=False),
        sa.Column("sampling_done", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("release_decision", sa.String(length=20), nullable=False),
        sa.Column("release_note", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_ore_onsite_inspections_declaration_id_declarations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ore_onsite_inspections")),
        sa.UniqueConstraint(
            "declaration_id", "seq", name=op.f("uq_ore_onsite_inspections_declaration_id")
        ),
    )

    op.create_table(
        "ore_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_code", sa.String(length=40), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("lab", sa.String(length=200), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_by", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_ore_samples_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["ore_onsite_inspections.id"],
            name=op.f("fk_ore_samples_inspection_id_ore_onsite_inspections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ore_samples")),
        sa.UniqueConstraint("sample_code", name=op.f("uq_ore_samples_sample_code")),
    )
    with op.batch_alter_table("ore_samples", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ore_samples_declaration_id"), ["declaration_id"], unique=False
        )

    op.create_table(
        "ore_lab_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("lab", sa.String(length=200), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("fe_pct", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("moisture_pct", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("sio2_pct", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("al2o3_pct", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("pb_pct", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("as_pct", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("f_pct", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("cd_pct", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("hg_pct", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("cl_pct", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("radioactivity_bq_per_g", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("conforming", sa.Boolean(), nullable=False),
        sa.Column("failures", sa.JSON(), nullable=False),
        sa.Column("deviations", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_ore_lab_results_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["sample_id"],
            ["ore_samples.id"],
            name=op.f("fk_ore_lab_results_sample_id_ore_samples"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ore_lab_results")),
        sa.UniqueConstraint("sample_id", name=op.f("uq_ore_lab_results_sample_id")),
    )
    with op.batch_alter_table("ore_lab_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ore_lab_results_declaration_id"), ["declaration_id"], unique=False
        )

    op.create_table(
        "ore_disposal_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("lab_result_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("suggested_measure", sa.String(length=20), nullable=False),
        sa.Column("measure", sa.String(length=20), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("overdue_flagged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_ore_disposal_cases_declaration_id_declarations"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_ore_disposal_cases_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["lab_result_id"],
            ["ore_lab_results.id"],
            name=op.f("fk_ore_disposal_cases_lab_result_id_ore_lab_results"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ore_disposal_cases")),
        sa.UniqueConstraint("lab_result_id", name=op.f("uq_ore_disposal_cases_lab_result_id")),
    )
    with op.batch_alter_table("ore_disposal_cases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ore_disposal_cases_declaration_id"), ["declaration_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ore_disposal_cases_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            "ix_ore_disposal_cases_status_due", ["status", "due_at"], unique=False
        )

    op.create_table(
        "arrival_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("transport_means", sa.String(length=100), nullable=False),
        sa.Column("train_id", sa.Integer(), nullable=True),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_code"],
            ["customs_offices.code"],
            name=op.f("fk_arrival_records_office_code_customs_offices"),
        ),
        sa.ForeignKeyConstraint(
            ["train_id"],
            ["train_consists.id"],
            name=op.f("fk_arrival_records_train_id_train_consists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrival_records")),
    )
    with op.batch_alter_table("arrival_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_arrival_records_office_arrived", ["office_code", "arrived_at"], unique=False
        )

    op.create_table(
        "arrival_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("arrival_id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("declaration_number", sa.String(length=24), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["arrival_id"],
            ["arrival_records.id"],
            name=op.f("fk_arrival_declarations_arrival_id_arrival_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_arrival_declarations_declaration_id_declarations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrival_declarations")),
        sa.UniqueConstraint(
            "arrival_id", "declaration_id", name=op.f("uq_arrival_declarations_arrival_id")
        ),
    )
    with op.batch_alter_table("arrival_declarations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_arrival_declarations_arrival_id"), ["arrival_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_arrival_declarations_declaration_id"), ["declaration_id"], unique=False
        )


def downgrade() -> None:
    # Indexes go with their tables.
    op.drop_table("arrival_declarations")
    op.drop_table("arrival_records")
    op.drop_table("ore_disposal_cases")
    op.drop_table("ore_lab_results")
    op.drop_table("ore_samples")
    op.drop_table("ore_onsite_inspections")
    op.drop_table("ore_classifications")
