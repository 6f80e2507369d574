"""Tables of the risk engine: rules, named lists, screening results, rule hits, outcomes.

They live on the same ``metadata`` as every other table so that one Alembic history and one
``create_all`` cover the whole schema. Rules are versioned rows (a change is a new row), so a
screening result can always name the exact rule text that selected a declaration.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
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
from clearway.persistence.types import UTCDateTime

risk_rules = Table(
    "risk_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rule_code", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(10), nullable=False),
    Column("description", Text, nullable=False),
    Column("criteria", JSON, nullable=False),
    Column("effect", JSON, nullable=False),
    Column("instructions", JSON, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),
    Column("author", String(100), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("rule_code", "version"),
    Index("ix_risk_rules_status", "status"),
)

risk_named_lists = Table(
    "risk_named_lists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(60), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("entries", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

risk_screenings = Table(
    "risk_screenings",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column(
        "declaration_id",
        ForeignKey("declarations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("office_code", String(4), nullable=False),
    Column("flow", String(6), nullable=False),
    Column("credit_level", String(30), nullable=False),
    Column("lane", String(6), nullable=False),
    # Lane reached by the negative list, rules and the random quota, before the score top-up:
    # the share of these in recent screenings tells the top-up how much is left to select.
    Column("pre_lane", String(6), nullable=False),
    Column("selected_by", String(20), nullable=False),
    Column("score", Float, nullable=False),
    Column("model_score", Float, nullable=False),
    Column("percentile", Float, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("instructions", JSON, nullable=False),
    Column("random_pick", Boolean, nullable=False),
    Column("model_version", String(120), nullable=False),
    Column("ruleset_version", String(40), nullable=False),
    Column("screened_at", UTCDateTime, nullable=False),
    Index("ix_risk_screenings_stratum", "office_code", "flow", "credit_level", "id"),
    Index("ix_risk_screenings_at", "screened_at"),
)

# One row per rule that hit a screened declaration: hit statistics per rule and the streak of
# hits without selection ("maximum number of hits without selection") are read from here.
risk_rule_hits = Table(
    "risk_rule_hits",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column(
        "screening_id",
        ForeignKey("risk_screenings.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "declaration_id",
        ForeignKey("declarations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("rule_id", ForeignKey("risk_rules.id"), nullable=False),
    Column("rule_code", String(40), nullable=False),
    Column("selected", Boolean, nullable=False),
    Column("forced", Boolean, nullable=False),
    Column("hit_at", UTCDateTime, nullable=False),
    Index("ix_risk_rule_hits_code", "rule_code", "id"),
)

# One row per control that concluded on a declaration (document check, physical inspection, lab
# result, post-clearance audit finding): the district's own labels. Kept with the lane that
# chose the declaration and how (rule, random draw, top-up), copied from its screening, so
# training can weigh random picks and monitoring can tell the lanes apart. A declaration never
# checked has no row: no label, rather than a negative one.
risk_outcomes = Table(
    "risk_outcomes",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column(
        "declaration_id",
        ForeignKey("declarations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("source", String(30), nullable=False),
    Column("source_id", Integer, nullable=False),
    Column("nonconform", Boolean, nullable=False),
    Column("finding_kind", String(60), nullable=False),
    Column("revenue_raised", Numeric(18, 2), nullable=True),  # CNY; None when not assessed
    Column("lane", String(6), nullable=False),
    Column("chosen_by", String(10), nullable=False),
    Column("random_pick", Boolean, nullable=False),
    Column("model_score", Float, nullable=False),
    Column("model_version", String(120), nullable=False),
    Column("concluded_at", UTCDateTime, nullable=False),
    UniqueConstraint("source", "source_id", name="uq_risk_outcomes_source"),
    Index("ix_risk_outcomes_concluded", "concluded_at"),
)
