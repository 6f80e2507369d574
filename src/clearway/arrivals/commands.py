"""What the site sends when a train or vehicle arrives."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints

from clearway.shared.bounds import Input


class ArrivalInput(Input):
    """A train (by train number) or vehicle (by plate) arrived at an office."""

    office_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    transport_means: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ] = Field(description="As declared: train number, vehicle plate, voyage.")
    arrived_at: AwareDatetime | None = Field(None, description="When it arrived (default: now).")
