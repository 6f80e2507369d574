"""The whole schema: importing this registers every domain's tables on the one metadata."""

from __future__ import annotations

from clearway.persistence import (
    tables_bonded,
    tables_dangerous_goods,
    tables_inspection,
    tables_liaison,
    tables_ore,
    tables_risk,
    tables_statistics,
    tables_supervision,
)
from clearway.persistence.tables import metadata

__all__ = [
    "metadata",
    "tables_bonded",
    "tables_dangerous_goods",
    "tables_inspection",
    "tables_liaison",
    "tables_ore",
    "tables_risk",
    "tables_statistics",
    "tables_supervision",
]
