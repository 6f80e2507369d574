"""Read side of arrivals: recorded arrivals with the outcome per declaration.

Customs see every arrival; an enterprise or broker sees an arrival only through the
declarations of its own it carried, and only those lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from clearway.arrivals.model import ArrivalDeclaration, ArrivalRecord
from clearway.arrivals.tables import arrival_declarations, arrival_records
from clearway.declarations.queries import visibility
from clearway.declarations.tables import declarations
from clearway.identity.model import Actor
from clearway.shared.errors import NotFound


@dataclass(frozen=True)
class ArrivalView:
    arrival: ArrivalRecord
    lines: list[ArrivalDeclaration]


def _visible_lines(
    session: Session, actor: Actor, arrival: ArrivalRecord
) -> list[ArrivalDeclaration]:
    clause = visibility(actor)
    if clause is None:
        return list(arrival.declarations)
    mine = set(
        session.scalars(
            select(declarations.c.id).where(
                declarations.c.id.in_([line.declaration_id for line in arrival.declarations]),
                clause,
            )
        )
    )
    return [line for line in arrival.declarations if line.declaration_id in mine]


def get_arrival(session: Session, actor: Actor, arrival_id: int) -> ArrivalView:
    arrival = session.get(ArrivalRecord, arrival_id)
    lines = _visible_lines(session, actor, arrival) if arrival is not None else []
    if arrival is None or (not lines and not actor.is_customs):
        raise NotFound("arrival", arrival_id)
    return ArrivalView(arrival, lines)


def list_arrivals(
    session: Session,
    actor: Actor,
    office_code: str | None,
    since: datetime | None,
    limit: int,
) -> list[ArrivalView]:
    """Latest arrivals first, each with the lines the actor may see."""
    a, ad, d = arrival_records.c, arrival_declarations.c, declarations.c
    stmt = select(ArrivalRecord).order_by(a.arrived_at.desc(), a.id.desc()).limit(limit)
    if office_code:
        stmt = stmt.where(a.office_code == office_code)
    if since is not None:
        stmt = stmt.where(a.arrived_at >= since)
    clause = visibility(actor)
    if clause is not None:
        stmt = stmt.where(exists().where(ad.arrival_id == a.id, d.id == ad.declaration_id, clause))
    return [ArrivalView(r, _visible_lines(session, actor, r)) for r in session.scalars(stmt)]
