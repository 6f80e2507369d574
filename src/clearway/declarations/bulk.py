"""Bulk lodgement: many declarations in one transaction, the batch path of lodging.

No endpoint or command offers it yet (the ingest benchmark drives it): a feed of submitted
declarations would wait unscreened until the drain below, which a client must know.

Each declaration goes through the same checks as a single one (``services.lodgeable``), and the
batch is written by the same writer as a single lodgement (``declarations.writer``): the same
numbering, status table and rows, one statement per table for the whole batch (COPY on
PostgreSQL), and the timeline's followers told of every first line. Only adoption differs: a
batch hands back its numbers, not hundreds of session objects. The batch is all or nothing.
Screening of batch-submitted declarations is drained afterwards by
``clearway risk rules screen-pending`` (and at start-up), so none stays unscreened.
"""

from __future__ import annotations

from clearway.declarations import services, writer
from clearway.declarations.commands import DeclarationInput
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.reference.services import SessionReference
from clearway.shared.clock import Clock
from clearway.shared.errors import FieldError, RuleViolation


def lodge_batch(
    uow: UnitOfWork,
    batch: list[DeclarationInput],
    actor: Actor,
    clock: Clock,
    max_items: int,
    submit: bool = False,
) -> list[str]:
    """Lodge (and optionally submit) every declaration of the batch, or none; their numbers."""
    if not batch:
        return []
    session, now = uow.session, clock.now()
    reference = SessionReference(session)  # one cache for the whole batch
    vetted: list[writer.Vetted] = []
    errors: list[FieldError] = []
    for index, data in enumerate(batch):
        try:
            vetted.append(services.lodgeable(session, data, actor, now, reference, max_items))
        except RuleViolation as refused:
            errors += [FieldError(f"{index}.{e.path}", e.rule, e.message) for e in refused.errors]
    if errors:
        raise RuleViolation(errors, detail=f"{len(errors)} rule(s) broken; nothing lodged")
    status = writer.lodging_status(actor, vetted, submit)
    lodged = writer.lodge(session, vetted, actor, now, status)
    writer.tell_followers(session, lodged)
    uow.commit()
    return [x.header["number"] for x in lodged]
