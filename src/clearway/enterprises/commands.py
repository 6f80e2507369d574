"""Inputs for enterprise use cases."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import StringConstraints

from clearway.enterprises.model import AuthorisationScope, CreditLevel, EnterpriseRole
from clearway.shared.bounds import Input


class EnterpriseInput(Input):
    uscc: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True)]
    customs_code: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    name_en: Annotated[str, StringConstraints(max_length=300)] = ""
    roles: list[EnterpriseRole]
    address: Annotated[str, StringConstraints(max_length=500)] = ""
    credit_level: CreditLevel = CreditLevel.REGULAR
    credit_since: date | None = None


class CreditLevelInput(Input):
    level: CreditLevel
    effective_from: date
    decree: Annotated[str, StringConstraints(max_length=100)] = "GACC Decree 282"
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class AuthorisationInput(Input):
    broker_id: int
    scope: AuthorisationScope
    valid_from: date
    valid_to: date
