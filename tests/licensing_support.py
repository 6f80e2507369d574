"""Builders for licence tests: a tariff period whose supervision conditions call for an
automatic import licence (``7A``), and a licence recorded as the issuing authority sent it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import update

from clearway.bootstrap import Platform
from clearway.licensing import services
from clearway.licensing.commands import LicenceInput
from clearway.reference.tables import tariff_lines
from tests.builders import ADMIN, TODAY

ORE = "2601111000"
VALID_FROM, VALID_TO = date(2026, 10, 1), TODAY  # the licence's last valid day is today


def require_licence(platform: Platform, code: str = ORE, conditions: str = "7A") -> None:
    """Make the shipped period of a tariff line call for a licence (condition 7)."""
    with platform.uow() as uow:
        uow.session.execute(
            update(tariff_lines)
            .where(tariff_lines.c.code == code)
            .values(supervision_conditions=conditions)
        )
        uow.commit()


def licence_body(holder_id: int, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "number": "26-AIL-000123",
        "condition_code": "7",
        "issuer": "商务部配额许可证事务局 MOFCOM licence bureau",
        "holder_id": holder_id,
        "hs_scope": ["260111"],
        "valid_from": VALID_FROM.isoformat(),
        "valid_to": VALID_TO.isoformat(),
        "quantity_granted": "5000000",
        "unit": "kg",
    }
    body.update(overrides)
    return body


def record(platform: Platform, holder_id: int, **overrides: Any) -> str:
    with platform.uow() as uow:
        data = LicenceInput.model_validate(licence_body(holder_id, **overrides))
        return services.record_licence(uow, data, ADMIN, platform.clock).number


def balance(platform: Platform, number: str) -> Decimal:
    from clearway.licensing import queries

    with platform.sessions() as session:
        return queries.licence(session, ADMIN, number).balance
