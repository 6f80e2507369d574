"""Imperative mapping of the licence register onto its tables, so the domain imports no ORM.

Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from sqlalchemy.orm import registry

from clearway.licensing.model import Licence, LicenceDrawdown
from clearway.licensing.tables import licence_drawdowns, licences


def map_licensing(reg: registry) -> None:
    """Map licences and their write-offs."""
    reg.map_imperatively(Licence, licences)
    reg.map_imperatively(LicenceDrawdown, licence_drawdowns)
