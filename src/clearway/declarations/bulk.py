"""Bulk lodgement: many declarations in one transaction, for brokers' and systems' batch feeds.

Each declaration goes through the same checks, numbering and status table as a single one
(``services.vet``, ``services.numbers_for``, ``status.move_for``). Only the writing differs:
a batch is built straight as rows, without a Python object per item, and sent a table at a
time (COPY on PostgreSQL) through ``persistence.rows``; building hundreds of ORM objects cost
more than writing them. The rows are exactly what ``services.create`` stores (a test compares
them column by column). The batch is all or nothing. Screening of batch-submitted declarations
is drained afterwards by ``clearway risk rules screen-pending`` (and at start-up), so none
stays unscreened.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from clearway.declarations import services
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.model import Declaration, DeclarationEvent
from clearway.declarations.policy import ensure_may
from clearway.declarations.status import Command, Status, move_for
from clearway.declarations.writer import FIRST_VERSION
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.persistence.rows import reserve_ids, write_rows
from clearway.persistence.tables import (
    declaration_documents,
    declaration_events,
    declaration_items,
    declarations,
)
from clearway.reference.services import SessionReference
from clearway.shared.clock import Clock
from clearway.shared.errors import FieldError, IllegalTransition, RuleViolation

Vetted = tuple[DeclarationInput, date, int, int | None]


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
    vetted: list[Vetted] = []
    errors: list[FieldError] = []
    for index, data in enumerate(batch):
        try:
            services.ensure_plain_lodgement(data)
            vetted.append((data, *services.vet(session, data, actor, now, reference, max_items)))
        except RuleViolation as refused:
            errors += [FieldError(f"{index}.{e.path}", e.rule, e.message) for e in refused.errors]
    if errors:
        raise RuleViolation(errors, detail=f"{len(errors)} rule(s) broken; nothing lodged")
    status = _submitted(actor, vetted) if submit else Status.DRAFT
    keys = [(data.office_code, day.year, data.flow.letter) for data, day, _, _ in vetted]
    numbers = services.numbers_for(session, keys)
    headers = [
        _header(v, number, actor, now, status) for v, number in zip(vetted, numbers, strict=True)
    ]
    _write(session, headers, [v[0] for v in vetted], actor, now, submit)
    uow.commit()
    return numbers


def _submitted(actor: Actor, vetted: list[Vetted]) -> Status:
    """The status the table gives a submitted draft, once the actor may submit each one."""
    move = move_for(Status.DRAFT, Command.SUBMIT)
    if move is None:  # pragma: no cover - the table always lets a draft be submitted
        raise IllegalTransition(Status.DRAFT.value, Command.SUBMIT.value)
    for trader_id, broker_id in {(v[2], v[3]) for v in vetted}:
        ensure_may(actor, Command.SUBMIT, Declaration(trader_id=trader_id, broker_id=broker_id))
    return Status(move.target)


def _header(v: Vetted, number: str, actor: Actor, now: datetime, status: Status) -> dict[str, Any]:
    data, day, trader_id, broker_id = v
    return {
        **{f: getattr(data, f) for f in services.HEADER_FIELDS},
        "number": number,
        "flow": data.flow,
        "status": status,
        "lane": None,
        "lane_reason": "",
        "suspended_from": None,
        "trader_id": trader_id,
        "broker_id": broker_id,
        "declaration_date": day,
        "duty_amount": None,
        "lodged_at": now if status is not Status.DRAFT else None,
        "arrived_at": None,
        "released_at": None,
        "created_by": actor.username,
        "created_at": now,
        "updated_at": now,
        "version": FIRST_VERSION,
    }


def _write(
    session: Session,
    headers: list[dict[str, Any]],
    inputs: list[DeclarationInput],
    actor: Actor,
    now: datetime,
    submit: bool,
) -> None:
    """Reserve every id in one statement, then write each table once."""
    item_count = sum(len(d.items) for d in inputs)
    doc_count = sum(len(d.documents) for d in inputs)
    ids = reserve_ids(
        session,
        {
            declarations: len(headers),
            declaration_items: item_count,
            declaration_documents: doc_count,
            declaration_events: len(headers) if submit else 0,
        },
    )
    item_ids, doc_ids = iter(ids[declaration_items]), iter(ids[declaration_documents])
    items, documents, events = [], [], []
    for header, data, new_id in zip(headers, inputs, ids[declarations], strict=True):
        header["id"] = new_id
        for line_no, item in enumerate(data.items, start=1):
            items.append(
                {"id": next(item_ids), "declaration_id": new_id, "line_no": line_no}
                | item.columns()
            )
        for doc in data.documents:
            documents.append({"id": next(doc_ids), "declaration_id": new_id} | doc.model_dump())
    if submit:
        line = _submit_event(headers[0]["status"], actor, now)
        for header, event_id in zip(headers, ids[declaration_events], strict=True):
            events.append(line | {"id": event_id, "declaration_id": header["id"]})
    for table, rows in (
        (declarations, headers),
        (declaration_items, items),
        (declaration_documents, documents),
        (declaration_events, events),
    ):
        write_rows(session, table, rows)


def _submit_event(status: Status, actor: Actor, now: datetime) -> dict[str, Any]:
    """The first timeline line of a draft submitted now, shaped by the timeline's own class;
    every declaration of the batch gets a copy with its ids."""
    move = move_for(Status.DRAFT, Command.SUBMIT)
    event = DeclarationEvent(
        seq=1,
        at=now,
        actor=actor,
        command=Command.SUBMIT,
        from_status=Status.DRAFT,
        to_status=status,
        lane=None,
        reason="",
        milestone=move.milestone if move else None,
    )
    return {c.key: getattr(event, c.key) for c in declaration_events.columns}
