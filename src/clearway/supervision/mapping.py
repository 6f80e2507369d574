"""Imperative mapping of supervision's records (two-step summaries, centralized filings, lists).

Breaches and the jobs' state are read and written with Core statements: they are flat rows
that their conditional UPDATEs and unique keys govern, not aggregates. Called once from
:func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import registry

from clearway.persistence.enums import coerce_enums_on_load
from clearway.supervision import tables as t
from clearway.supervision.model import (
    CentralizedFiling,
    CentralizedList,
    FilingStatus,
    GoodsCategory,
    Regime,
    TwoStepDeclaration,
    TwoStepStatus,
)

_ENUM_ATTRS: dict[type, dict[str, type[StrEnum]]] = {
    TwoStepDeclaration: {"status": TwoStepStatus},
    CentralizedFiling: {
        "status": FilingStatus,
        "goods_category": GoodsCategory,
        "regime": Regime,
    },
}


def map_supervision(reg: registry) -> None:
    """Map supervision's classes on the platform's registry (called by start_mappers)."""
    reg.map_imperatively(
        TwoStepDeclaration,
        t.two_step_declarations,
        version_id_col=t.two_step_declarations.c.version,
    )
    reg.map_imperatively(CentralizedFiling, t.centralized_filings)
    reg.map_imperatively(CentralizedList, t.centralized_lists)
    coerce_enums_on_load(_ENUM_ATTRS)
