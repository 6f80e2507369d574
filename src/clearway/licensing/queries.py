"""The read side of the licence register: licences with their balance and write-offs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.identity.model import Actor
from clearway.licensing import tables
from clearway.licensing.model import Licence, LicenceDrawdown
from clearway.licensing.policy import holder_seen_by
from clearway.shared.errors import NotFound

L, D = tables.licences.c, tables.licence_drawdowns.c


def licences(session: Session, actor: Actor, holder: int | None = None) -> list[Licence]:
    """The licences the actor may read (an enterprise: its own), newest first."""
    seen = holder_seen_by(actor)
    query = select(Licence).order_by(L.id.desc())
    if seen is not None:
        query = query.where(L.holder_id == seen)
    elif holder is not None:
        query = query.where(L.holder_id == holder)
    return list(session.scalars(query))


def licence(session: Session, actor: Actor, number: str) -> Licence:
    """One licence by its number, if the actor may read it."""
    seen = holder_seen_by(actor)
    found = session.scalars(select(Licence).where(L.number == number)).first()
    if found is None or (seen is not None and found.holder_id != seen):
        raise NotFound("licence", number)
    return found


def drawdowns(session: Session, licence: Licence) -> list[LicenceDrawdown]:
    """Every write-off against a licence, oldest first (restored ones included)."""
    return list(
        session.scalars(select(LicenceDrawdown).where(D.licence_id == licence.id).order_by(D.id))
    )
