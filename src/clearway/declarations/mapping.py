"""Imperative mapping of the declaration aggregate (header, items, documents, timeline), so the
domain imports no ORM. The version column is the optimistic lock.

Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import registry

from clearway.declarations import tables as t
from clearway.declarations.model import (
    Declaration,
    DeclarationEvent,
    DeclarationItem,
    Document,
    FacilitationMode,
    Flow,
    Lane,
    TransportMode,
)
from clearway.declarations.status import Status
from clearway.persistence.enums import coerce_enums_on_load
from clearway.persistence.mapping import children


def map_declarations(reg: registry) -> None:
    """Map the declaration with its items, documents and events."""
    reg.map_imperatively(DeclarationItem, t.declaration_items)
    reg.map_imperatively(Document, t.declaration_documents)
    reg.map_imperatively(DeclarationEvent, t.declaration_events)
    reg.map_imperatively(
        Declaration,
        t.declarations,
        version_id_col=t.declarations.c.version,
        properties={
            "items": children(DeclarationItem, t.declaration_items.c.line_no),
            "documents": children(Document, t.declaration_documents.c.id),
            "events": children(DeclarationEvent, t.declaration_events.c.seq),
        },
    )
    coerce_enums_on_load(_ENUM_ATTRS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, Any]] = {
    Declaration: {
        "flow": Flow,
        "status": Status,
        "lane": Lane,
        "suspended_from": Status,
        "transport_mode": TransportMode,
        "facilitation_mode": FacilitationMode,
    },
}
