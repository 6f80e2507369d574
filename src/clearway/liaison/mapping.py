"""Imperative mapping of the liaison classes, so the domain imports no ORM.

Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import registry

from clearway.liaison import tables as t
from clearway.liaison.model import (
    Duty,
    LiaisonAssignment,
    LiaisonRequest,
    RequestCategory,
    RequestEntry,
)
from clearway.liaison.status import RequestStatus
from clearway.persistence.enums import coerce_enums_on_load
from clearway.persistence.mapping import children


def map_liaison(reg: registry) -> None:
    """Map the liaison assignments and requests (with their messages) onto their tables."""
    reg.map_imperatively(LiaisonAssignment, t.liaison_assignments)
    reg.map_imperatively(RequestEntry, t.liaison_messages)
    reg.map_imperatively(
        LiaisonRequest,
        t.liaison_requests,
        version_id_col=t.liaison_requests.c.version,
        properties={"entries": children(RequestEntry, t.liaison_messages.c.seq)},
    )
    coerce_enums_on_load(_ENUM_ATTRS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, type[StrEnum]]] = {
    LiaisonAssignment: {"duty": Duty},
    LiaisonRequest: {"status": RequestStatus, "category": RequestCategory},
}
