"""Imperative mapping of the broker information platform's classes, so the domain imports no
ORM.

Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import registry

from clearway.brokerage import tables as t
from clearway.brokerage.model import ImportPlan, TrainConsist, Wagon
from clearway.brokerage.status import PlanStatus, TrainStatus
from clearway.persistence.enums import coerce_enums_on_load
from clearway.persistence.mapping import children


def map_brokerage(reg: registry) -> None:
    """Map the import plans and the train consists (with their wagons) onto their tables."""
    reg.map_imperatively(ImportPlan, t.import_plans, version_id_col=t.import_plans.c.version)
    reg.map_imperatively(Wagon, t.wagons)
    reg.map_imperatively(
        TrainConsist,
        t.train_consists,
        version_id_col=t.train_consists.c.version,
        properties={"wagons": children(Wagon, t.wagons.c.position)},
    )
    coerce_enums_on_load(_ENUM_ATTRS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, type[StrEnum]]] = {
    ImportPlan: {"status": PlanStatus},
    TrainConsist: {"status": TrainStatus},
}
