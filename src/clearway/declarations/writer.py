"""New declarations written as rows, one statement per table, whether one or five hundred.

Lodging is the busiest write of a district. ``services.create`` and ``bulk.lodge_batch`` both
hand their checked, numbered drafts here; only what happens after differs:

* a single lodgement is *adopted*: the session takes the written objects over as if it had
  loaded them, so the submit hook's changes flush as ordinary updates (under the optimistic
  version) and the timeline lines stay with the ORM, whose flush queues their notifications;
* a batch writes its timeline lines as rows too, and is screened and notified afterwards.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session, make_transient_to_detached

from clearway.declarations.model import Declaration
from clearway.persistence.rows import reserve_ids, write_rows
from clearway.persistence.tables import (
    declaration_documents,
    declaration_events,
    declaration_items,
    declarations,
)

FIRST_VERSION = 1


def _row(obj: object, table: Table) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in table.columns}


def write_new(session: Session, drafts: list[Declaration], *, adopt: bool) -> None:
    """Insert the drafts with items and documents (and, unless adopted, their timeline)."""
    children: dict[Table, list[Any]] = {
        declaration_items: [i for d in drafts for i in d.items],
        declaration_documents: [doc for d in drafts for doc in d.documents],
    }
    if not adopt:
        children[declaration_events] = [e for d in drafts for e in d.events]
    wanted = {declarations: len(drafts), **{t: len(m) for t, m in children.items()}}
    ids = reserve_ids(session, wanted)
    for d, new_id in zip(drafts, ids[declarations], strict=True):
        d.id, d.version = new_id, FIRST_VERSION
        belongings: tuple[Any, ...] = (*d.items, *d.documents, *d.events)
        for member in belongings:
            member.declaration_id = new_id
    for table, members in children.items():
        for member, new_id in zip(members, ids[table], strict=True):
            member.id = new_id
    write_rows(session, declarations, [_row(d, declarations) for d in drafts])
    for table, members in children.items():
        write_rows(session, table, [_row(m, table) for m in members])
    if adopt:
        for d in drafts:
            _adopt(session, d)


def _adopt(session: Session, declaration: Declaration) -> None:
    """Make the written objects the session's own, unchanged; new timeline lines stay new."""
    for member in (*declaration.items, *declaration.documents):
        make_transient_to_detached(member)
    pending_events = list(declaration.events)
    make_transient_to_detached(declaration)
    session.add(declaration)
    for event in pending_events:
        session.add(event)  # inserted by the next flush, which notifies
