"""Imperative mapping of the ore and arrival classes onto their tables.

Called once from :func:`clearway.persistence.orm.start_mappers`, so the domains import no ORM.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import registry, relationship

from clearway.arrivals import tables as arrival_tables
from clearway.arrivals.model import ArrivalDeclaration, ArrivalRecord, PickupOutcome
from clearway.ore import tables as t
from clearway.ore.classification import OreCategory
from clearway.ore.disposal import DisposalMeasure, DisposalStatus
from clearway.ore.model import (
    DisposalCase,
    LabResult,
    OnsiteInspection,
    OreClassification,
    OreSample,
    ReleaseDecision,
    SampleStatus,
)
from clearway.ore.onsite import OnsiteOutcome
from clearway.persistence.enums import coerce_enums_on_load


def map_ore(reg: registry) -> None:
    """Map the ore records and the arrivals."""
    reg.map_imperatively(OreClassification, t.ore_classifications)
    reg.map_imperatively(OnsiteInspection, t.ore_onsite_inspections)
    reg.map_imperatively(OreSample, t.ore_samples)
    reg.map_imperatively(LabResult, t.ore_lab_results)
    reg.map_imperatively(
        DisposalCase, t.ore_disposal_cases, version_id_col=t.ore_disposal_cases.c.version
    )
    reg.map_imperatively(ArrivalDeclaration, arrival_tables.arrival_declarations)
    reg.map_imperatively(
        ArrivalRecord,
        arrival_tables.arrival_records,
        properties={
            "declarations": relationship(
                ArrivalDeclaration,
                order_by=arrival_tables.arrival_declarations.c.id,
                lazy="selectin",
                cascade="all, delete-orphan",
            )
        },
    )
    coerce_enums_on_load(_ENUM_ATTRS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, type[StrEnum]]] = {
    OreClassification: {"category": OreCategory},
    OnsiteInspection: {"outcome": OnsiteOutcome, "release_decision": ReleaseDecision},
    OreSample: {"status": SampleStatus},
    DisposalCase: {
        "status": DisposalStatus,
        "suggested_measure": DisposalMeasure,
        "measure": DisposalMeasure,
    },
    ArrivalDeclaration: {"outcome": PickupOutcome},
}
