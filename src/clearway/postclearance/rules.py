"""What a post-clearance audit finding must say. Pure: decided from the finding's values.

A conforming declaration raised no revenue and has no kind of irregularity; a nonconforming
one names the kind found and the revenue raised (zero when the irregularity cost no duty, a
missing licence for instance). Every broken rule is reported together, with its field.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from clearway.shared.errors import Collector


class Finding(StrEnum):
    CONFORM = "conform"
    NONCONFORM = "nonconform"


class FindingKind(StrEnum):
    """The irregularity a nonconforming audit found (what risk outcomes later learn from)."""

    VALUATION = "valuation"
    CLASSIFICATION = "classification"
    ORIGIN = "origin"
    QUANTITY = "quantity"
    LICENCE = "licence"
    DOCUMENTS = "documents"
    OTHER = "other"


def check_finding(finding: Finding, kind: FindingKind | None, revenue: Decimal | None) -> None:
    """Refuse a finding whose kind and revenue do not fit it (RuleViolation, every field)."""
    errors = Collector()
    if finding is Finding.CONFORM:
        if kind is not None:
            errors.add("kind", "audit.conform_kind", "a conforming declaration has no kind")
        if revenue is not None and revenue != 0:
            errors.add(
                "revenue_raised", "audit.conform_revenue", "a conforming audit raises no revenue"
            )
    else:
        if kind is None:
            errors.add("kind", "audit.kind_required", "a nonconforming finding names its kind")
        if revenue is None:
            errors.add(
                "revenue_raised",
                "audit.revenue_required",
                "a nonconforming finding states the revenue raised (0 when none)",
            )
        elif revenue < 0:
            errors.add("revenue_raised", "audit.revenue_negative", "cannot be negative")
    errors.raise_if_any()
