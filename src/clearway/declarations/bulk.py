"""Bulk lodgement: many declarations in one transaction, for brokers' and systems' batch feeds.

Each declaration goes through the same checks, numbering and status table as a single one
(``services.draft``, ``services.number``, ``Declaration.apply``); only the writing differs:
rows go to the database as a few multi-row inserts instead of object by object. The batch is
all or nothing. Screening of batch-submitted declarations is drained afterwards by
``clearway risk rules screen-pending`` (and at start-up), so none stays unscreened.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert

from clearway.declarations import services
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.model import Declaration
from clearway.declarations.policy import ensure_may
from clearway.declarations.status import Command
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.persistence.tables import (
    declaration_documents,
    declaration_events,
    declaration_items,
    declarations,
)
from clearway.reference.services import SessionReference
from clearway.shared.clock import Clock
from clearway.shared.errors import FieldError, RuleViolation


def _row(obj: object, table: Table, **fixed: Any) -> dict[str, Any]:
    row = {c.key: getattr(obj, c.key) for c in table.columns if c.key not in ("id", *fixed)}
    row.update(fixed)
    return row


def lodge_batch(
    uow: UnitOfWork,
    batch: list[DeclarationInput],
    actor: Actor,
    clock: Clock,
    max_items: int,
    submit: bool = False,
) -> list[str]:
    """Lodge (and optionally submit) every declaration of the batch, or none; their numbers."""
    session, now = uow.session, clock.now()
    reference = SessionReference(session)  # one cache for the whole batch
    drafts: list[Declaration] = []
    errors: list[FieldError] = []
    for index, data in enumerate(batch):
        try:
            drafts.append(services.draft(session, data, actor, now, reference, max_items))
        except RuleViolation as refused:
            errors += [FieldError(f"{index}.{e.path}", e.rule, e.message) for e in refused.errors]
    if errors:
        raise RuleViolation(errors, detail=f"{len(errors)} rule(s) broken; nothing lodged")
    services.number(session, drafts)
    for d in drafts:
        d.version = 1
        if submit:
            ensure_may(actor, Command.SUBMIT, d)
            d.apply(Command.SUBMIT, actor, now)
    ids = (
        session.execute(
            insert(declarations).returning(declarations.c.id, sort_by_parameter_order=True),
            [_row(d, declarations) for d in drafts],
        )
        .scalars()
        .all()
    )
    children: dict[Table, list[dict[str, Any]]] = {
        declaration_items: [],
        declaration_documents: [],
        declaration_events: [],
    }
    for d, new_id in zip(drafts, ids, strict=True):
        members: tuple[tuple[Table, list[Any]], ...] = (
            (declaration_items, d.items),
            (declaration_documents, d.documents),
            (declaration_events, d.events),
        )
        for table, objects in members:
            children[table] += [_row(o, table, declaration_id=new_id) for o in objects]
    for table, rows in children.items():
        if rows:
            session.execute(insert(table), rows)
    uow.commit()
    return [d.number for d in drafts]
