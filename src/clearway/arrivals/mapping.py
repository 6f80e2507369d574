"""Imperative mapping of the arrivals onto their tables, so the domain imports no ORM.

Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import registry

from clearway.arrivals import tables as t
from clearway.arrivals.model import ArrivalDeclaration, ArrivalRecord, PickupOutcome
from clearway.persistence.enums import coerce_enums_on_load
from clearway.persistence.mapping import children


def map_arrivals(reg: registry) -> None:
    """Map the arrival records with the declarations each one carried."""
    reg.map_imperatively(ArrivalDeclaration, t.arrival_declarations)
    reg.map_imperatively(
        ArrivalRecord,
        t.arrival_records,
        properties={"declarations": children(ArrivalDeclaration, t.arrival_declarations.c.id)},
    )
    coerce_enums_on_load(_ENUM_ATTRS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, type[StrEnum]]] = {
    ArrivalDeclaration: {"outcome": PickupOutcome},
}
