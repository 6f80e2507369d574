"""inspection: office calendar, appointments, slots, tailored plans, inspection records

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)


def _fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete=ondelete
    )


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "office_calendars",
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("timezone", sa.String(length=50), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("office_calendars", "office_code", "customs_offices.code"),
        sa.PrimaryKeyConstraint("office_code", name=op.f("pk_office_calendars")),
    )
    op.create_table(
        "office_working_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.CheckConstraint(
            "weekday BETWEEN 1 AND 7", name=op.f("ck_office_working_hours_weekday_iso")
        ),
        sa.CheckConstraint(
            "opens < closes", name=op.f("ck_office_working_hours_opens_before_closes")
        ),
        _fk("office_working_hours", "office_code", "office_calendars.office_code", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_working_hours")),
        sa.UniqueConstraint(
            "office_code", "weekday", "opens", name=op.f("uq_office_working_hours_office_code")
        ),
    )
    _indexes("office_working_hours", "office_code")
    op.create_table(
        "office_holidays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        _fk("office_holidays", "office_code", "office_calendars.office_code", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_holidays")),
        sa.UniqueConstraint("office_code", "day", name=op.f("uq_office_holidays_office_code")),
    )
    op.create_table(
        "clearance_appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("broker_id", sa.Integer(), nullable=True),
        sa.Column("declaration_id", sa.Integer(), nullable=True),
        sa.Column("shipment", sa.String(length=200), nullable=False),
        sa.Column("tariff_codes", sa.String(length=500), nullable=False),
        sa.Column("goods_category", sa.String(length=30), nullable=False),
        sa.Column("starts_at", UTC_TIME, nullable=False),
        sa.Column("ends_at", UTC_TIME, nullable=False),
        sa.Column("credit_level", sa.String(length=30), nullable=False),
        sa.Column("lead_hours", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("requested_at", UTC_TIME, nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", UTC_TIME, nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "starts_at < ends_at", name=op.f("ck_clearance_appointments_starts_before_ends")
        ),
        _fk("clearance_appointments", "broker_id", "enterprises.id"),
        _fk("clearance_appointments", "declaration_id", "declarations.id"),
        _fk("clearance_appointments", "enterprise_id", "enterprises.id"),
        _fk("clearance_appointments", "office_code", "customs_offices.code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearance_appointments")),
    )
    _indexes("clearance_appointments", "declaration_id", "enterprise_id")
    with op.batch_alter_table("clearance_appointments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_clearance_appointments_office_start", ["office_code", "starts_at"], unique=False
        )
    op.create_table(
        "inspection_sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        _fk("inspection_sites", "office_code", "customs_offices.code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_sites")),
        sa.UniqueConstraint("code", name=op.f("uq_inspection_sites_code")),
    )
    _indexes("inspection_sites", "office_code")
    op.create_table(
        "inspection_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(length=20), nullable=False),
        sa.Column("window_start", sa.Time(), nullable=False),
        sa.Column("window_end", sa.Time(), nullable=False),
        sa.Column("expected_lots", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("filed_by", sa.String(length=100), nullable=False),
        sa.Column("filed_at", UTC_TIME, nullable=False),
        sa.Column("withdrawn_at", UTC_TIME, nullable=True),
        sa.Column("withdrawn_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "expected_lots > 0", name=op.f("ck_inspection_plans_expected_lots_positive")
        ),
        sa.CheckConstraint(
            "window_start < window_end", name=op.f("ck_inspection_plans_window_start_before_end")
        ),
        sa.CheckConstraint(
            "valid_from <= valid_to", name=op.f("ck_inspection_plans_valid_from_before_to")
        ),
        _fk("inspection_plans", "enterprise_id", "enterprises.id"),
        _fk("inspection_plans", "site_id", "inspection_sites.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_plans")),
    )
    _indexes("inspection_plans", "enterprise_id")
    op.create_table(
        "inspection_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", UTC_TIME, nullable=False),
        sa.Column("ends_at", UTC_TIME, nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.Column("reserved_for_id", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_inspection_slots_capacity_positive")),
        sa.CheckConstraint(
            "booked >= 0 AND booked <= capacity",
            name=op.f("ck_inspection_slots_booked_within_capacity"),
        ),
        sa.CheckConstraint(
            "starts_at < ends_at", name=op.f("ck_inspection_slots_starts_before_ends")
        ),
        _fk("inspection_slots", "plan_id", "inspection_plans.id"),
        _fk("inspection_slots", "reserved_for_id", "enterprises.id"),
        _fk("inspection_slots", "site_id", "inspection_sites.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_slots")),
    )
    _indexes("inspection_slots", "plan_id")
    with op.batch_alter_table("inspection_slots", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspection_slots_site_start", ["site_id", "starts_at"], unique=False
        )
    op.create_table(
        "inspection_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("active_declaration_id", sa.Integer(), nullable=True),
        sa.Column("office_code", sa.String(length=4), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("inspection_orders", "declaration_id", "declarations.id"),
        _fk("inspection_orders", "office_code", "customs_offices.code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_orders")),
        sa.UniqueConstraint(
            "active_declaration_id", name=op.f("uq_inspection_orders_active_declaration_id")
        ),
    )
    _indexes("inspection_orders", "declaration_id")
    with op.batch_alter_table("inspection_orders", schema=None) as batch_op:
        batch_op.create_index("ix_inspection_orders_status", ["status", "created_at"], unique=False)
    op.create_table(
        "inspection_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("holds_declaration_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("booked_by", sa.String(length=100), nullable=False),
        sa.Column("booked_at", UTC_TIME, nullable=False),
        sa.Column("rescheduled_at", UTC_TIME, nullable=True),
        sa.Column("ended_at", UTC_TIME, nullable=True),
        sa.Column("ended_by", sa.String(length=100), nullable=False),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("inspection_bookings", "declaration_id", "declarations.id"),
        _fk("inspection_bookings", "enterprise_id", "enterprises.id"),
        _fk("inspection_bookings", "order_id", "inspection_orders.id"),
        _fk("inspection_bookings", "slot_id", "inspection_slots.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_bookings")),
        sa.UniqueConstraint(
            "holds_declaration_id", name=op.f("uq_inspection_bookings_holds_declaration_id")
        ),
    )
    _indexes("inspection_bookings", "declaration_id", "enterprise_id", "order_id", "slot_id")
    op.create_table(
        "inspection_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("officer", sa.String(length=100), nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("ended_at", UTC_TIME, nullable=True),
        sa.Column("result", sa.String(length=12), nullable=True),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("inspection_records", "declaration_id", "declarations.id"),
        _fk("inspection_records", "officer_id", "users.id"),
        _fk("inspection_records", "order_id", "inspection_orders.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_records")),
    )
    _indexes("inspection_records", "declaration_id")
    op.create_table(
        "inspection_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", UTC_TIME, nullable=False),
        sa.Column("added_by", sa.String(length=100), nullable=False),
        sa.CheckConstraint("size_bytes > 0", name=op.f("ck_inspection_attachments_size_positive")),
        _fk("inspection_attachments", "record_id", "inspection_records.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_attachments")),
        sa.UniqueConstraint(
            "record_id", "sha256", name=op.f("uq_inspection_attachments_record_id")
        ),
    )
    _indexes("inspection_attachments", "record_id")


# Children before parents, so foreign keys never point at a dropped table.
_TABLES = (
    "inspection_attachments",
    "inspection_records",
    "inspection_bookings",
    "inspection_orders",
    "inspection_slots",
    "inspection_plans",
    "inspection_sites",
    "clearance_appointments",
    "office_holidays",
    "office_working_hours",
    "office_calendars",
)


def downgrade() -> None:
    for table in _TABLES:
        op.drop_table(table)
