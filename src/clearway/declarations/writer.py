"""New declarations written as rows, in as few statements as the database allows, whether
one is lodged or a batch.

Lodging is the busiest write of a district. Building a declaration as ORM objects and letting
the unit of work insert them cost several times what the database spent: each attribute set
runs the ORM's change tracking, the header is inserted before its id is known to the items,
and the timeline line is flushed apart. Here the rows are built straight from the checked
inputs. Every id and the number block are taken first, in one round trip
(``persistence.rows.reserve_ids``), and all the rows go out together
(``persistence.rows.write_tables``: a statement per table, COPY for big batches). The
followers of the timeline (notifications, statistics) are told of the new lines in the same
transaction (``declarations.timeline``). A single lodgement then hands the session the written
declaration as if it had just been loaded (:func:`adopt`): the submit hook's changes
(screening's lane) flush as ordinary updates under the optimistic version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Table
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state, set_committed_value
from sqlalchemy.orm.base import manager_of_class

from clearway.declarations import numbering, timeline
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.model import Declaration, DeclarationEvent, DeclarationItem, Document
from clearway.declarations.policy import ensure_may
from clearway.declarations.status import Command, Move, Status, move_for
from clearway.declarations.tables import (
    declaration_documents,
    declaration_events,
    declaration_items,
    declarations,
)
from clearway.identity.model import Actor
from clearway.persistence.rows import reserve_ids, write_tables
from clearway.shared.errors import IllegalTransition

FIRST_VERSION = 1

# Header fields copied as sent from the input onto the declaration.
HEADER_FIELDS = (
    "office_code",
    "port_code",
    "transport_mode",
    "transport_means",
    "supervision_mode",
    "trade_country",
    "currency",
    "total_value",
    "gross_weight",
    "net_weight",
    "packages",
    "overseas_party",
    "facilitation_mode",
)

# A checked input with the declaration day, the trader and the broker ``services.vet`` found.
Vetted = tuple[DeclarationInput, date, int, int | None]

Row = dict[str, Any]
T = TypeVar("T")


@dataclass(frozen=True)
class Lodged:
    """The rows one new declaration was written as."""

    header: Row
    items: list[Row]
    documents: list[Row]
    events: list[Row]


def lodging_status(actor: Actor, vetted: list[Vetted], submit: bool) -> Status:
    """The status new declarations are written in: a draft, or what the status table makes a
    submitted draft once the actor may submit for each trader and broker."""
    if not submit:
        return Status.DRAFT
    for trader_id, broker_id in {(v[2], v[3]) for v in vetted}:
        ensure_may(actor, Command.SUBMIT, Parties(trader_id, broker_id))
    return Status(_submission().target)


def _submission() -> Move:
    """The status table's move for a draft submitted."""
    move = move_for(Status.DRAFT, Command.SUBMIT)
    if move is None:  # pragma: no cover - the table always lets a draft be submitted
        raise IllegalTransition(Status.DRAFT.value, Command.SUBMIT.value)
    return move


class Parties(NamedTuple):
    """The trader and broker of a declaration not written yet, as the policy reads them."""

    trader_id: int
    broker_id: int | None


def lodge(
    session: Session, vetted: list[Vetted], actor: Actor, now: datetime, status: Status
) -> list[Lodged]:
    """Number and write checked declarations in ``status``; their followers are told by
    :func:`adopt` or :func:`tell_followers`."""
    counters = numbering.blocks([numbering.key(v[0].office_code, v[1], v[0].flow) for v in vetted])
    submitted = status is not Status.DRAFT
    ids, lasts = reserve_ids(
        session,
        {
            declarations: len(vetted),
            declaration_items: sum(len(v[0].items) for v in vetted),
            declaration_documents: sum(len(v[0].documents) for v in vetted),
            declaration_events: len(vetted) if submitted else 0,
        },
        along=[block.bump for block in counters],
    )
    numbers = numbering.numbered(counters, [int(last) for last in lasts], len(vetted))
    taken = {table: iter(ids[table]) for table in ids}
    line = _submit_line(status, actor, now) if submitted else None
    lodged = [
        _rows(v, number, actor, now, status, line, taken)
        for v, number in zip(vetted, numbers, strict=True)
    ]
    write_tables(
        session,
        [
            (declarations, [x.header for x in lodged]),
            (declaration_items, [r for x in lodged for r in x.items]),
            (declaration_documents, [r for x in lodged for r in x.documents]),
            (declaration_events, [r for x in lodged for r in x.events]),
        ],
    )
    return lodged


def tell_followers(session: Session, lodged: list[Lodged]) -> None:
    """The timeline's followers hear of the first lines of declarations not adopted."""
    if timeline.followed(session):
        lines = [_loaded(DeclarationEvent, e) for x in lodged for e in x.events]
        timeline.written(session, lines)


def adopt(session: Session, lodged: Lodged) -> Declaration:
    """The written declaration as the session's own, unchanged, as if just loaded, and the
    timeline's followers told of its first line."""
    declaration = _loaded(Declaration, lodged.header)
    for name, cls, rows in (
        ("items", DeclarationItem, lodged.items),
        ("documents", Document, lodged.documents),
        ("events", DeclarationEvent, lodged.events),
    ):
        members = [_loaded(cls, row) for row in rows]
        for member in members:
            make_transient_to_detached(member)
        set_committed_value(declaration, name, members)
    make_transient_to_detached(declaration)
    session.add(declaration)
    timeline.written(session, declaration.events)
    return declaration


def _loaded(cls: type[T], row: Row) -> T:
    """An instance holding a written row's values without change tracking (no history)."""
    obj: T = manager_of_class(cls).new_instance()
    instance_state(obj).dict.update(row)
    return obj


def _rows(
    v: Vetted,
    number: str,
    actor: Actor,
    now: datetime,
    status: Status,
    line: Row | None,
    taken: dict[Table, Any],
) -> Lodged:
    data, day, trader_id, broker_id = v
    new_id = next(taken[declarations])
    header: Row = {
        **{f: getattr(data, f) for f in HEADER_FIELDS},
        "id": new_id,
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
        "lodged_at": now if line is not None else None,
        "arrived_at": None,
        "released_at": None,
        "created_by": actor.username,
        "created_at": now,
        "updated_at": now,
        "version": FIRST_VERSION,
    }
    owned = {"declaration_id": new_id}
    items = [
        {"id": next(taken[declaration_items]), **owned, "line_no": line_no} | item.columns()
        for line_no, item in enumerate(data.items, start=1)
    ]
    documents = [
        {"id": next(taken[declaration_documents]), **owned} | doc.model_dump()
        for doc in data.documents
    ]
    events = [] if line is None else [line | {"id": next(taken[declaration_events]), **owned}]
    return Lodged(header, items, documents, events)


def _submit_line(status: Status, actor: Actor, now: datetime) -> Row:
    """The first timeline line of a draft submitted now, shaped by the timeline's own class;
    every declaration written gets a copy with its ids."""
    event = DeclarationEvent(
        seq=1,
        at=now,
        actor=actor,
        command=Command.SUBMIT,
        from_status=Status.DRAFT,
        to_status=status,
        lane=None,
        reason="",
        milestone=_submission().milestone,
    )
    return {c.key: getattr(event, c.key) for c in declaration_events.columns if c.key != "id"}
