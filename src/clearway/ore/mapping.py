"""Imperative mapping of the ore records onto their tables, so the domain imports no ORM.

Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import registry

from clearway.ore import tables as t
from clearway.ore.classification import OreCategory
from clearway.ore.disposal import DisposalMeasure, DisposalStatus
from clearway.ore.model import (
    DisposalCase,
    LabResult,
    OnsiteInspection,
    OnsiteWaiver,
    OreClassification,
    OreSample,
    ReleaseDecision,
    SampleStatus,
)
from clearway.ore.onsite import OnsiteOutcome
from clearway.ore.pricing import Settlement
from clearway.ore.pricing_records import ProvisionalPrice
from clearway.ore.status import PricingStatus
from clearway.persistence.enums import coerce_enums_on_load


def map_ore(reg: registry) -> None:
    """Map the classifications, on-site inspections, samples, lab results, disposal cases and
    provisional prices."""
    reg.map_imperatively(OreClassification, t.ore_classifications)
    reg.map_imperatively(OnsiteInspection, t.ore_onsite_inspections)
    reg.map_imperatively(OnsiteWaiver, t.ore_onsite_waivers)
    reg.map_imperatively(OreSample, t.ore_samples)
    reg.map_imperatively(LabResult, t.ore_lab_results)
    reg.map_imperatively(
        DisposalCase, t.ore_disposal_cases, version_id_col=t.ore_disposal_cases.c.version
    )
    reg.map_imperatively(ProvisionalPrice, t.ore_provisional_prices)
    coerce_enums_on_load(_ENUM_ATTRS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, type[StrEnum]]] = {
    OreClassification: {"category": OreCategory},
    OnsiteInspection: {"outcome": OnsiteOutcome, "release_decision": ReleaseDecision},
    OreSample: {"status": SampleStatus},
    ProvisionalPrice: {"status": PricingStatus, "settlement": Settlement},
    DisposalCase: {
        "status": DisposalStatus,
        "suggested_measure": DisposalMeasure,
        "measure": DisposalMeasure,
    },
}
