"""simulation: stored runs of the facilitation simulator and their simulated release facts

Kept in their own tables, apart from ``release_facts``, so simulated declarations never count in
real figures; the release-time page shows a run beside the real figures only when asked.

Revision ID: sim_1
Revises: ro_1
Create Date: 2026-12-07 23:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from clearway.persistence.finite_guard import guard_table, unguard_table
from clearway.persistence.types import UTCDateTime

revision = "sim_1"
down_revision = "ro_1"
branch_labels = None
depends_on = None

MILESTONES = ("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e6_end", "e7", "e8", "e9", "e10")
SEGMENTS = (
    "arrival_to_lodgement",
    "lodgement_to_acceptance",
    "acceptance_to_risk_result",
    "risk_result_to_control",
    "inspection",
    "control_to_duty_paid",
    "to_release",
    "release_time",
)
# Segment seconds are floats: held to 1e300 like every floating column.
GUARDED = [(f"{name}_s", 300) for name in SEGMENTS]


def upgrade() -> None:
    op.create_table(
        "simulation_runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("scenario", sa.String(60), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("port", sa.String(30), nullable=False),
        sa.Column("flow", sa.String(6), nullable=False),
        sa.Column("office_code", sa.String(4), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("declarations", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
    )
    op.create_table(
        "simulated_release_facts",
        sa.Column(
            "run_id",
            sa.Integer(),
            sa.ForeignKey("simulation_runs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(30), nullable=False),
        sa.Column("flow", sa.String(6), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("office_code", sa.String(4), nullable=False),
        sa.Column("lane", sa.String(6), nullable=False),
        sa.Column("credit_level", sa.String(30), nullable=False),
        sa.Column("facilitation_mode", sa.String(200), nullable=False),
        sa.Column("transport_mode", sa.String(20), nullable=False),
        *(sa.Column(f"{m}_at", UTCDateTime, nullable=True) for m in MILESTONES),
        *(sa.Column(f"{s}_s", sa.Double(), nullable=True) for s in SEGMENTS),
    )
    op.create_index("ix_simulated_release_facts_run", "simulated_release_facts", ["run_id"])
    guard_table("simulated_release_facts", GUARDED)


def downgrade() -> None:
    unguard_table("simulated_release_facts", GUARDED)
    op.drop_index("ix_simulated_release_facts_run", table_name="simulated_release_facts")
    op.drop_table("simulated_release_facts")
    op.drop_table("simulation_runs")
