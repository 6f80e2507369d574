"""Bulk lodgement: many declarations in one transaction, for brokers' and systems' batch feeds.

Each declaration goes through the same checks, numbering and status table as a single one
(``services.draft``, ``services.number``, ``Declaration.apply``); only the writing differs:
rows go to the database a table at a time (COPY on PostgreSQL) through
``writer.write_new``. The batch is all or nothing. Screening of batch-submitted declarations
is drained afterwards by ``clearway risk rules screen-pending`` (and at start-up), so none
stays unscreened.
"""

from __future__ import annotations

from clearway.declarations import services
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.model import Declaration
from clearway.declarations.policy import ensure_may
from clearway.declarations.status import Command
from clearway.declarations.writer import write_new
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
    if submit:
        for d in drafts:
            ensure_may(actor, Command.SUBMIT, d)
            d.apply(Command.SUBMIT, actor, now)
    write_new(session, drafts, adopt=False)
    uow.commit()
    return [d.number for d in drafts]
