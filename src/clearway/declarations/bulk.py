"""Bulk lodgement: many declarations in one transaction, all or none (``POST
/api/v1/declarations/batch``, ``clearway declarations lodge-batch``, the brokers' upload).

Each declaration is built and checked exactly as a single one is (``services.build``), and
numbered the same way, one counter statement per office, year and flow. Only the write
differs, and only here: a batch is written as rows — every id reserved in one round trip, one
statement per table, COPY on PostgreSQL — taken from the built aggregates by their mapping
(``persistence.rows.row_of``), so the rows are those a single lodgement's flush writes (a
test holds them equal). Declarations to be submitted are then read back and submitted one by
one through the same :func:`~clearway.declarations.submission.submit` as a single submission,
lithium-battery checks and screening included, in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import select

from clearway.config import Settings
from clearway.declarations import services
from clearway.declarations import submission as submitting
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.model import Declaration
from clearway.declarations.policy import ensure_may
from clearway.declarations.status import Command
from clearway.declarations.submission import Submission
from clearway.declarations.tables import declaration_documents, declaration_items, declarations
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.persistence.rows import reserve_ids, row_of, write_tables
from clearway.reference.services import SessionReference
from clearway.shared.clock import Clock
from clearway.shared.errors import FieldError, RuleViolation


def lodge_batch(
    uow: UnitOfWork,
    batch: list[DeclarationInput],
    actor: Actor,
    clock: Clock,
    max_items: int,
    submit: Submission | None = None,
    max_batch: int = 1000,
    settings: Settings | None = None,
) -> list[str]:
    """Lodge every declaration of the batch, or none, submitted through ``submit`` when given;
    their numbers. Every refusal is reported with the declaration's index in the field path."""
    if not batch:
        return []
    if len(batch) > max_batch:
        raise RuleViolation.single(  # the path is the batch itself
            "", "max_batch", f"a batch carries at most {max_batch} declarations"
        )
    session, now = uow.session, clock.now()
    reference = SessionReference(session)  # one cache for the whole batch
    built: list[Declaration] = []
    errors: list[FieldError] = []
    for index, data in enumerate(batch):
        try:
            services.ensure_plain_lodgement(data)
            declaration = services.build(session, data, actor, now, reference, max_items)
            services.ensure_measures_allowed(session, settings, data, declaration)
            if submit is not None:
                ensure_may(actor, Command.SUBMIT, declaration)
            built.append(declaration)
        except RuleViolation as refused:
            errors += [FieldError(f"{index}.{e.path}", e.rule, e.message) for e in refused.errors]
    if errors:
        raise RuleViolation(errors, detail=f"{len(errors)} rule(s) broken; nothing lodged")
    services.number(session, built)
    write_drafts(uow, built)
    if submit is not None:
        ids = [d.id for d in built]
        for declaration in session.scalars(
            select(Declaration).where(declarations.c.id.in_(ids)).order_by(declarations.c.id)
        ):
            submitting.submit(uow, declaration, actor, now, submit)
    uow.commit()
    return [d.number for d in built]


def write_drafts(uow: UnitOfWork, drafts: list[Declaration]) -> None:
    """Write built, numbered drafts as rows, giving each its ids. A draft has no timeline line
    and has recorded no event yet: nothing else follows its lodgement."""
    session = uow.session
    items = [i for d in drafts for i in d.items]
    documents = [doc for d in drafts for doc in d.documents]
    ids, _ = reserve_ids(
        session,
        {
            declarations: len(drafts),
            declaration_items: len(items),
            declaration_documents: len(documents),
        },
    )
    for declaration, new_id in zip(drafts, ids[declarations], strict=True):
        declaration.id = new_id
        for item in declaration.items:
            item.declaration_id = new_id
        for doc in declaration.documents:
            doc.declaration_id = new_id
    for item, new_id in zip(items, ids[declaration_items], strict=True):
        item.id = new_id
    for doc, new_id in zip(documents, ids[declaration_documents], strict=True):
        doc.id = new_id
    write_tables(
        session,
        [
            (declarations, [row_of(d) for d in drafts]),
            (declaration_items, [row_of(i) for i in items]),
            (declaration_documents, [row_of(doc) for doc in documents]),
        ],
    )
