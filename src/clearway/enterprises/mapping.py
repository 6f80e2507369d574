"""Imperative mapping of enterprises, their credit history and broker authorisations, so the
domain imports no ORM.

Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import registry

from clearway.enterprises import tables as t
from clearway.enterprises.model import (
    AuthorisationScope,
    BrokerAuthorisation,
    CreditLevel,
    CreditRecord,
    Enterprise,
)
from clearway.persistence.enums import coerce_enums_on_load
from clearway.persistence.mapping import children


def map_enterprises(reg: registry) -> None:
    """Map enterprises (with their credit history) and broker authorisations."""
    reg.map_imperatively(
        CreditRecord,
        t.credit_records,
        properties={
            "level": t.credit_records.c.level,
        },
    )
    reg.map_imperatively(
        Enterprise,
        t.enterprises,
        properties={
            "credit_history": children(CreditRecord, t.credit_records.c.effective_from),
        },
    )
    reg.map_imperatively(BrokerAuthorisation, t.broker_authorisations)
    coerce_enums_on_load(_ENUM_ATTRS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, Any]] = {
    CreditRecord: {"level": CreditLevel},
    BrokerAuthorisation: {"scope": AuthorisationScope},
}
