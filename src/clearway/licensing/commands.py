"""What customs sends to record a licence, structurally typed; the business rules (a code the
table lists, a period that ends after it starts, a known holder) are in the services."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from clearway.shared.bounds import Id, Input, Quantity

ScopePrefix = Annotated[str, StringConstraints(pattern=r"^\d{2,10}$")]


class LicenceInput(Input):
    """A licence or permit as its issuing authority sent it to customs."""

    number: Annotated[str, StringConstraints(min_length=1, max_length=40, strip_whitespace=True)]
    condition_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z]$")]
    issuer: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    holder_id: Id = Field(description="The enterprise the licence is issued to.")
    hs_scope: list[ScopePrefix] = Field(
        min_length=1, max_length=20, description="Tariff-code prefixes the licence covers."
    )
    valid_from: date
    valid_to: date
    quantity_granted: Quantity = Field(gt=0)
    unit: Annotated[str, StringConstraints(min_length=1, max_length=10)]
    note: Annotated[str, StringConstraints(max_length=2000)] = ""
