"""Inputs of post-clearance audit use cases."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from clearway.postclearance.rules import Finding, FindingKind
from clearway.shared.bounds import Cny, Input


class FindingInput(Input):
    """How the audit ended: conform, or nonconform with the kind and the revenue raised."""

    finding: Finding
    kind: FindingKind | None = Field(None, description="Kind of irregularity (nonconform).")
    revenue_raised: Cny | None = Field(
        None, description="Duty and VAT raised by the audit, CNY (nonconform; 0 when none)."
    )
    note: Annotated[str, StringConstraints(max_length=4000)] = ""
    expected_version: int | None = None
