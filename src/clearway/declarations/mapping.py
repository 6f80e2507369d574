"""Imperative mapping of the declaration aggregate (header, items, documents, timeline), so the
domain imports no ORM. The version column is the optimistic lock.

Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Mapper, registry

from clearway.audit.chain import GENESIS, TIMELINE_FIELDS, link
from clearway.declarations import tables as t
from clearway.declarations.model import (
    Declaration,
    DeclarationEvent,
    DeclarationItem,
    Document,
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
            "events": children(DeclarationEvent, t.declaration_events.c.seq, "declaration"),
        },
    )
    coerce_enums_on_load(_ENUM_ATTRS)
    event.listen(DeclarationEvent, "before_insert", _chain_line)


def _chain_line(_mapper: Mapper[Any], connection: Connection, line: DeclarationEvent) -> None:
    """Chain a new timeline line to the line before it as it is inserted, whichever use case
    appended it; the previous line is in memory (the aggregate loads its whole timeline), so
    chaining costs no statement."""
    prev = _previous_hash(connection, line)
    setattr(line, "chain_prev", prev)  # noqa: B010 (the chain is the mapping's, not the model's)
    row = {name: getattr(line, name) for name in TIMELINE_FIELDS}
    setattr(line, "chain_hash", link(prev, TIMELINE_FIELDS, row))  # noqa: B010


def _previous_hash(connection: Connection, line: DeclarationEvent) -> str:
    if line.seq <= 1:
        return GENESIS
    # Set when the line was appended; read from the instance, so nothing is loaded here.
    declaration = line.__dict__.get("declaration")
    if declaration is not None:
        for earlier in declaration.events:
            if earlier.seq == line.seq - 1:
                return str(getattr(earlier, "chain_hash", None) or GENESIS)
    e = t.declaration_events.c
    stored = connection.execute(
        select(e.chain_hash).where(e.declaration_id == line.declaration_id, e.seq == line.seq - 1)
    ).scalar()
    return str(stored or GENESIS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, Any]] = {
    Declaration: {
        "flow": Flow,
        "status": Status,
        "lane": Lane,
        "suspended_from": Status,
        "transport_mode": TransportMode,
    },
}
