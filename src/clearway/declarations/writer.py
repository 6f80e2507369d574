"""A new declaration written as rows, one statement per table, then adopted by the session.

Lodging is the busiest write of a district. The ORM's unit of work inserts the header, waits
for its id, then inserts the items as one multi-row statement too long for the driver to keep
prepared. Here every id is reserved first (``persistence.rows.reserve_ids``), the rows go out
a table at a time, and the session then takes the written objects over as if it had loaded
them: the submit hook's changes flush as ordinary updates under the optimistic version, and
the timeline lines stay with the ORM, whose flush queues their notifications.

``bulk.lodge_batch`` writes through the same two primitives, but from rows built straight
from the inputs, since a batch has no objects to adopt.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session, make_transient_to_detached

from clearway.declarations.model import Declaration
from clearway.persistence.rows import reserve_ids, write_rows
from clearway.persistence.tables import declaration_documents, declaration_items, declarations

FIRST_VERSION = 1


def _row(obj: object, table: Table) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in table.columns}


def write_new(session: Session, declaration: Declaration) -> None:
    """Insert a numbered draft with its items and documents; the session adopts them."""
    children: dict[Table, list[Any]] = {
        declaration_items: list(declaration.items),
        declaration_documents: list(declaration.documents),
    }
    ids = reserve_ids(session, {declarations: 1, **{t: len(m) for t, m in children.items()}})
    declaration.id, declaration.version = ids[declarations][0], FIRST_VERSION
    belongings: tuple[Any, ...] = (*declaration.items, *declaration.documents, *declaration.events)
    for member in belongings:
        member.declaration_id = declaration.id
    for table, members in children.items():
        for member, new_id in zip(members, ids[table], strict=True):
            member.id = new_id
    write_rows(session, declarations, [_row(declaration, declarations)])
    for table, members in children.items():
        write_rows(session, table, [_row(m, table) for m in members])
    _adopt(session, declaration)


def _adopt(session: Session, declaration: Declaration) -> None:
    """Make the written objects the session's own, unchanged; new timeline lines stay new."""
    for member in (*declaration.items, *declaration.documents):
        make_transient_to_detached(member)
    pending_events = list(declaration.events)
    make_transient_to_detached(declaration)
    session.add(declaration)
    for event in pending_events:
        session.add(event)  # inserted by the next flush, which notifies
