"""Tables of iron ore supervision: classifications, on-site inspections, samples, lab results,
disposal cases and provisional prices.

A sample's code is unique district-wide (it is what the lab reports against), a sample has at
most one lab result and a lab result at most one disposal case, so a repeated report can never
open a second case. Open disposal cases are found by (status, due_at) for the overdue job.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from clearway.persistence.metadata import metadata
from clearway.persistence.types import AMOUNT, QTY, UTCDateTime

ACTOR = String(100)
READING = Numeric(12, 4)  # analyte percentages, Bq/g, µSv/h

ore_classifications = Table(
    "ore_classifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, index=True),
    Column("category", String(1), nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("instructions", JSON, nullable=False),
    Column("sampling_rate", Numeric(5, 4), nullable=False),
    Column("sampling_required", Boolean, nullable=False),
    Column("credit_level", String(30), nullable=False),
    Column("supplier", String(300), nullable=False),
    Column("supplier_nonconformities", Integer, nullable=False),
    Column("trigger", String(20), nullable=False),
    Column("classified_at", UTCDateTime, nullable=False),
    Column("classified_by", ACTOR, nullable=False),
)

ore_onsite_inspections = Table(
    "ore_onsite_inspections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=False),
    Column("officer", ACTOR, nullable=False),
    Column("location", String(200), nullable=False),
    Column("nuclide_bq_per_g", READING, nullable=True),
    Column("portal_usv_per_h", READING, nullable=True),
    Column("radiation_limit_bq_per_g", READING, nullable=False),
    Column("foreign_inclusions", Boolean, nullable=False),
    Column("solid_waste", Boolean, nullable=False),
    Column("document_mismatch", Boolean, nullable=False),
    Column("mismatch_note", Text, nullable=False),
    Column("measured_weight_kg", QTY, nullable=False),
    Column("declared_weight_kg", QTY, nullable=False),
    Column("weight_deviation_pct", READING, nullable=False),
    Column("sampling_done", Boolean, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("findings", JSON, nullable=False),
    Column("release_decision", String(20), nullable=False),
    Column("release_note", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    UniqueConstraint("declaration_id", "seq"),
)

# An officer's waiver of the train-side on-site inspection of a direct-pickup declaration: at
# most one per declaration, with its reason (the audit log keeps the event too).
ore_onsite_waivers = Table(
    "ore_onsite_waivers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, unique=True),
    Column("reason", Text, nullable=False),
    Column("waived_by", ACTOR, nullable=False),
    Column("waived_at", UTCDateTime, nullable=False),
    Column("release_note", Text, nullable=False),
)

ore_samples = Table(
    "ore_samples",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sample_code", String(40), nullable=False, unique=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, index=True),
    Column("inspection_id", ForeignKey("ore_onsite_inspections.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("lab", String(200), nullable=False),
    Column("taken_at", UTCDateTime, nullable=False),
    Column("taken_by", ACTOR, nullable=False),
    Column("status", String(20), nullable=False),
)

ore_lab_results = Table(
    "ore_lab_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sample_id", ForeignKey("ore_samples.id"), nullable=False, unique=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, index=True),
    Column("lab", String(200), nullable=False),
    Column("reported_at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", ACTOR, nullable=False),
    Column("fe_pct", READING, nullable=True),
    Column("moisture_pct", READING, nullable=True),
    Column("sio2_pct", READING, nullable=True),
    Column("al2o3_pct", READING, nullable=True),
    Column("pb_pct", READING, nullable=True),
    Column("as_pct", READING, nullable=True),
    Column("f_pct", READING, nullable=True),
    Column("cd_pct", READING, nullable=True),
    Column("hg_pct", READING, nullable=True),
    Column("cl_pct", READING, nullable=True),
    Column("radioactivity_bq_per_g", READING, nullable=True),
    Column("conforming", Boolean, nullable=False),
    Column("failures", JSON, nullable=False),
    Column("deviations", JSON, nullable=False),
)

ore_disposal_cases = Table(
    "ore_disposal_cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, index=True),
    Column("enterprise_id", ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("lab_result_id", ForeignKey("ore_lab_results.id"), nullable=False, unique=True),
    Column("status", String(12), nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("suggested_measure", String(20), nullable=False),
    Column("measure", String(20), nullable=True),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("overdue_flagged_at", UTCDateTime, nullable=True),
    Column("outcome", Text, nullable=False),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("closed_by", ACTOR, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_ore_disposal_cases_status_due", "status", "due_at"),
)

# Iron ore at a provisional (formula) price: one row per declaration, the provisional terms
# stated with the declaration, the final price and its supplementary tax or refund notice.
ore_provisional_prices = Table(
    "ore_provisional_prices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("declaration_id", ForeignKey("declarations.id"), nullable=False, unique=True),
    Column("status", String(12), nullable=False),
    Column("pricing_basis", String(200), nullable=False),
    Column("quotational_period_start", Date, nullable=False),
    Column("quotational_period_end", Date, nullable=False),
    Column("provisional_unit_price", AMOUNT, nullable=False),
    Column("fe_basis_pct", READING, nullable=False),
    Column("moisture_basis_pct", READING, nullable=False),
    Column("final_due_on", Date, nullable=True),
    Column("stated_at", UTCDateTime, nullable=False),
    Column("stated_by", ACTOR, nullable=False),
    Column("final_unit_price", AMOUNT, nullable=True),
    Column("final_value", AMOUNT, nullable=True),
    Column("final_prices", JSON, nullable=True),
    Column("final_declared_at", UTCDateTime, nullable=True),
    Column("final_declared_by", ACTOR, nullable=True),
    Column("late", Boolean, nullable=True),
    Column("lab_fe_pct", READING, nullable=True),
    Column("lab_moisture_pct", READING, nullable=True),
    Column("notice_number", String(40), nullable=True, unique=True),
    Column("settlement", String(14), nullable=True),
    Column("duty_difference", AMOUNT, nullable=True),
    Column("vat_difference", AMOUNT, nullable=True),
    Column("difference", AMOUNT, nullable=True),
    Column("notice_lines", JSON, nullable=True),
)
