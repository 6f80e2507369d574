"""risk engine: rules, named lists, screening results, rule hits

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "risk_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_code", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("effect", sa.JSON(), nullable=False),
        sa.Column("instructions", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_rules")),
        sa.UniqueConstraint("rule_code", "version", name=op.f("uq_risk_rules_rule_code")),
    )
    with op.batch_alter_table("risk_rules", schema=None) as batch_op:
        batch_op.create_index("ix_risk_rules_status", ["status"], unique=False)

    op.create_table(
        "risk_named_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_named_lists")),
        sa.UniqueConstraint("name", name=op.f("uq_risk_named_lists_name")),
    )

    op.create_table(
        "risk_screenings",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("flow", sa.String(length=6), nullable=False),
        sa.Column("credit_level", sa.String(length=30), nullable=False),
        sa.Column("lane", sa.String(length=6), nullable=False),
        sa.Column("pre_lane", sa.String(length=6), nullable=False),
        sa.Column("selected_by", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("model_score", sa.Float(), nullable=False),
        sa.Column("percentile", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("instructions", sa.JSON(), nullable=False),
        sa.Column("random_pick", sa.Boolean(), nullable=False),
        sa.Column("model_version", sa.String(length=120), nullable=False),
        sa.Column("ruleset_version", sa.String(length=40), nullable=False),
        sa.Column("screened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_risk_screenings_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_screenings")),
    )
    with op.batch_alter_table("risk_screenings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_screenings_declaration_id"), ["declaration_id"], unique=False
        )
        batch_op.create_index(
            "ix_risk_screenings_stratum",
            ["office_code", "flow", "credit_level", "id"],
            unique=False,
        )
        batch_op.create_index("ix_risk_screenings_at", ["screened_at"], unique=False)

    op.create_table(
        "risk_rule_hits",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("screening_id", _BIG_ID, nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("rule_code", sa.String(length=40), nullable=False),
        sa.Column("selected", sa.Boolean(), nullable=False),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("hit_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_risk_rule_hits_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["risk_rules.id"], name=op.f("fk_risk_rule_hits_rule_id_risk_rules")
        ),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["risk_screenings.id"],
            name=op.f("fk_risk_rule_hits_screening_id_risk_screenings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_rule_hits")),
    )
    with op.batch_alter_table("risk_rule_hits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_rule_hits_screening_id"), ["screening_id"], unique=False
        )
        batch_op.create_index("ix_risk_rule_hits_code", ["rule_code", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("risk_rule_hits", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_rule_hits_code")
        batch_op.drop_index(batch_op.f("ix_risk_rule_hits_screening_id"))
    op.drop_table("risk_rule_hits")
    with op.batch_alter_table("risk_screenings", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_screenings_at")
        batch_op.drop_index("ix_risk_screenings_stratum")
        batch_op.drop_index(batch_op.f("ix_risk_screenings_declaration_id"))
    op.drop_table("risk_screenings")
    op.drop_table("risk_named_lists")
    with op.batch_alter_table("risk_rules", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_rules_status")
    op.drop_table("risk_rules")
