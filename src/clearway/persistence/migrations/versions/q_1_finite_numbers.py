"""every numeric column refuses non-finite and out-of-range numbers, on both databases

A number the column cannot hold (infinity, NaN, text such as ``'Infinity'`` in a SQLite numeric
column, or a magnitude past the column's precision: the bound is 10 to the power of the digits
before the point, inclusive) is refused by the database itself, so no
stored value can break a read. PostgreSQL gets one CHECK constraint per column. On SQLite a CHECK
would need the table rebuilt, and rebuilding a table other tables reference, with foreign keys on,
fires their ``ON DELETE CASCADE``: there the same rule is a pair of triggers per table (after
insert, after update) that abort the statement, without touching the table.

A database already holding such a number is not changed behind its operator's back: the upgrade
stops and names each table, column and row to correct.

Revision ID: q_1
Revises: v_1
Create Date: 2026-12-07 17:40:00.000000
"""

from __future__ import annotations

from alembic import op

from clearway.persistence.finite_guard import guard_table, holds, unguard_table

revision = "q_1"
down_revision = "v_1"
branch_labels = None
depends_on = None

# Each numeric column and the digits before its point (precision - scale); a floating column
# is held to 1e300. Frozen here: the tables may change after this revision.
COLUMNS: dict[str, tuple[tuple[str, int], ...]] = {
    "book_items": (("balance", 14),),
    "centralized_lists": (
        ("total_value", 14),
        ("net_weight", 14),
        ("gross_weight", 14),
        ("duty", 16),
        ("vat", 16),
        ("reserved_amount", 16),
    ),
    "clearance_appointments": (("lead_hours", 4),),
    "declaration_items": (
        ("quantity", 14),
        ("net_weight", 14),
        ("gross_weight", 14),
        ("value", 14),
        ("dg_watt_hours", 10),
        ("dg_lithium_grams", 9),
        ("dg_state_of_charge_pct", 3),
        ("dg_net_quantity_kg", 9),
        ("ore_fe_pct", 4),
        ("ore_moisture_pct", 4),
        ("statistical_value", 14),
    ),
    "declarations": (
        ("total_value", 14),
        ("gross_weight", 14),
        ("net_weight", 14),
        ("duty_amount", 14),
        ("freight", 14),
        ("insurance", 14),
        ("other_charges", 14),
        ("deductions", 14),
    ),
    "exchange_rates": (("cny_per_unit", 12),),
    "export_refund_lines": (
        ("customs_value_cny", 16),
        ("rebate_rate", 5),
        ("amount", 16),
    ),
    "export_refunds": (
        ("customs_value", 16),
        ("amount", 16),
    ),
    "gate_pass_items": (("quantity", 14),),
    "import_plans": (
        ("quantity", 14),
        ("risk_score", 1),
    ),
    "ledger_entries": (
        ("quantity", 14),
        ("balance_after", 14),
    ),
    "ore_classifications": (("sampling_rate", 1),),
    "ore_lab_results": (
        ("fe_pct", 8),
        ("moisture_pct", 8),
        ("sio2_pct", 8),
        ("al2o3_pct", 8),
        ("pb_pct", 8),
        ("as_pct", 8),
        ("f_pct", 8),
        ("cd_pct", 8),
        ("hg_pct", 8),
        ("cl_pct", 8),
        ("radioactivity_bq_per_g", 8),
    ),
    "ore_onsite_inspections": (
        ("nuclide_bq_per_g", 8),
        ("portal_usv_per_h", 8),
        ("radiation_limit_bq_per_g", 8),
        ("measured_weight_kg", 14),
        ("declared_weight_kg", 14),
        ("weight_deviation_pct", 8),
    ),
    "release_facts": (
        ("arrival_to_lodgement_s", 300),
        ("lodgement_to_acceptance_s", 300),
        ("acceptance_to_risk_result_s", 300),
        ("risk_result_to_control_s", 300),
        ("inspection_s", 300),
        ("control_to_duty_paid_s", 300),
        ("to_release_s", 300),
        ("release_time_s", 300),
    ),
    "risk_screenings": (
        ("score", 300),
        ("model_score", 300),
        ("percentile", 300),
    ),
    "stocktake_lines": (
        ("book_quantity", 14),
        ("counted_quantity", 14),
        ("difference", 14),
    ),
    "tariff_lines": (
        ("mfn_rate", 5),
        ("vat_rate", 5),
        ("export_rebate_rate", 5),
    ),
    "tax_guarantees": (
        ("amount", 16),
        ("balance", 16),
    ),
    "tax_payments": (
        ("duty", 16),
        ("vat", 16),
        ("amount", 16),
    ),
    "trade_facts": (
        ("value", 14),
        ("value_cny", 14),
        ("value_usd", 14),
        ("statistical_value_cny", 14),
        ("statistical_value_usd", 14),
        ("net_weight", 14),
        ("quantity", 14),
    ),
    "trade_monthly": (
        ("value_cny", 14),
        ("value_usd", 14),
        ("statistical_value_cny", 14),
        ("statistical_value_usd", 14),
        ("net_weight", 14),
        ("quantity", 14),
    ),
    "trade_monthly_items": (
        ("value_cny", 14),
        ("value_usd", 14),
        ("statistical_value_cny", 14),
        ("statistical_value_usd", 14),
        ("net_weight", 14),
        ("quantity", 14),
    ),
    "two_step_declarations": (
        ("reserved_amount", 16),
        ("settled_amount", 16),
        ("restored_amount", 16),
    ),
    "verification_list_items": (
        ("quantity", 14),
        ("allotted", 14),
        ("passed", 14),
    ),
    "wagons": (("net_weight", 14),),
}

# The column naming a row, where it is not ``id`` (the statistics tables are keyed otherwise).
ROW_KEYS = {
    "release_facts": "declaration_id",
    "trade_facts": "declaration_id",
    "trade_monthly": "period",
    "trade_monthly_items": "period",
}


def upgrade() -> None:
    _refuse_what_is_stored()
    for table, columns in COLUMNS.items():
        guard_table(table, columns)


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        unguard_table(table, columns)


def _refuse_what_is_stored() -> None:
    bind = op.get_bind()
    found: list[str] = []
    for table, columns in COLUMNS.items():
        for column, whole_digits in columns:
            key = ROW_KEYS.get(table, "id")
            rows = bind.exec_driver_sql(
                f"SELECT {key} FROM {table} WHERE NOT coalesce({holds(column, whole_digits)}, "
                f"{'1' if bind.dialect.name == 'sqlite' else 'true'}) ORDER BY {key} LIMIT 20"
            ).scalars()
            found.extend(f"{table}.{column} {key} {row}" for row in rows)
    if found:
        raise RuntimeError(
            "these rows hold a number their column cannot hold (infinite, NaN, text or past "
            "its precision); correct them, then upgrade again: " + "; ".join(found)
        )
