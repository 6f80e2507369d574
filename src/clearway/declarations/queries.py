"""Read side of declarations: what each actor may see, filtered and paginated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session

from clearway.declarations.model import Declaration
from clearway.declarations.tables import declaration_items, declarations
from clearway.enterprises.tables import broker_authorisations
from clearway.identity.model import Actor, Role
from clearway.identity.queries import office_clause
from clearway.shared.errors import NotFound

d = declarations.c


def numbers_of(session: Session, ids: set[int]) -> dict[int, str]:
    """The numbers people read for these declaration ids, in one statement (read models of
    other domains show them beside their own rows; no authorisation here: the caller has it)."""
    d = declarations.c
    return dict(session.execute(select(d.id, d.number).where(d.id.in_(ids))).tuples().all())


def visibility(actor: Actor) -> ColumnElement[bool] | None:
    """Tenancy as a WHERE clause: an office-bound officer sees its office's declarations, and
    None means district-wide customs, who see the whole district."""
    if actor.is_customs:
        return office_clause(actor, d.office_code)
    if actor.enterprise_id is None:
        return false()
    if actor.role is Role.ENTERPRISE_USER:
        return d.trader_id == actor.enterprise_id
    a = broker_authorisations.c
    mandate = exists().where(
        a.broker_id == actor.enterprise_id,
        a.principal_id == d.trader_id,
        a.revoked_at.is_(None),
        or_(a.scope == "both", a.scope == d.flow),
        a.valid_from <= d.declaration_date,
        a.valid_to >= d.declaration_date,
    )
    return and_(d.broker_id == actor.enterprise_id, mandate)


def get_visible(session: Session, actor: Actor, ref: str | int) -> Declaration:
    """A declaration by id or number; another tenant's answers NotFound, like a missing one."""
    key = d.id == int(ref) if isinstance(ref, int) or str(ref).isdigit() else d.number == ref
    stmt = select(Declaration).where(key)
    clause = visibility(actor)
    if clause is not None:
        stmt = stmt.where(clause)
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("declaration", ref)
    return found


@dataclass(frozen=True)
class DeclarationFilter:
    status: str | None = None
    lane: str | None = None
    flow: str | None = None
    trader_id: int | None = None
    office_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    tariff_code: str | None = None
    number: str | None = None


def list_visible(
    session: Session, actor: Actor, f: DeclarationFilter, limit: int, offset: int
) -> tuple[int, list[Declaration]]:
    """One page of the declarations an actor may see, newest first, with the total count."""
    conditions: list[ColumnElement[bool]] = []
    clause = visibility(actor)
    if clause is not None:
        conditions.append(clause)
    for column, value in (
        (d.status, f.status),
        (d.lane, f.lane),
        (d.flow, f.flow),
        (d.trader_id, f.trader_id),
        (d.office_code, f.office_code),
    ):
        if value is not None:
            conditions.append(column == value)
    if f.date_from is not None:
        conditions.append(d.declaration_date >= f.date_from)
    if f.date_to is not None:
        conditions.append(d.declaration_date <= f.date_to)
    if f.number:
        conditions.append(d.number.contains(f.number, autoescape=True))
    if f.tariff_code:
        i = declaration_items.c
        conditions.append(
            exists().where(
                i.declaration_id == d.id, i.tariff_code.startswith(f.tariff_code, autoescape=True)
            )
        )
    total = session.execute(
        select(func.count()).select_from(declarations).where(*conditions)
    ).scalar_one()
    rows = session.scalars(
        select(Declaration).where(*conditions).order_by(d.id.desc()).limit(limit).offset(offset)
    )
    return int(total), list(rows)
