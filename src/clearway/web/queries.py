"""Read models the portal's pages need beyond the domains' own queries.

Tenancy always comes from :func:`clearway.declarations.queries.visibility`, so a page can
never list what the API would hide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from clearway.declarations.model import Declaration
from clearway.declarations.queries import visibility
from clearway.declarations.tables import declaration_items, declarations
from clearway.enterprises.tables import enterprises
from clearway.identity.model import Actor

d, i = declarations.c, declaration_items.c


@dataclass(frozen=True)
class Search:
    """What a declaration list is filtered by; `text` matches the number, goods or tariff line."""

    statuses: tuple[str, ...] = ()
    lane: str | None = None
    flow: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""


def _conditions(actor: Actor, s: Search) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if (clause := visibility(actor)) is not None:
        conditions.append(clause)
    if s.statuses:
        conditions.append(d.status.in_(s.statuses))
    if s.lane:
        conditions.append(d.lane == s.lane)
    if s.flow:
        conditions.append(d.flow == s.flow)
    if s.date_from:
        conditions.append(d.declaration_date >= s.date_from)
    if s.date_to:
        conditions.append(d.declaration_date <= s.date_to)
    text = s.text.strip()
    if text:
        goods = exists().where(
            i.declaration_id == d.id,
            or_(
                i.goods_name.contains(text, autoescape=True),
                i.tariff_code.startswith(text, autoescape=True),
            ),
        )
        conditions.append(or_(d.number.contains(text, autoescape=True), goods))
    return conditions


# Lists count matches up to this many and then say "more than": counting a million rows for
# a page of 25 would cost more than the page itself.
COUNT_CAP = 1000


def search(
    db: Session, actor: Actor, s: Search, limit: int, offset: int
) -> tuple[int, list[Declaration]]:
    """One page of the declarations the actor may see, newest first, and how many match
    (counted up to :data:`COUNT_CAP` + 1; more than the cap reads as "more than 1,000")."""
    conditions = _conditions(actor, s)
    matching = select(d.id).where(*conditions).limit(COUNT_CAP + 1).subquery()
    total = db.execute(select(func.count()).select_from(matching)).scalar_one()
    rows = db.scalars(
        select(Declaration).where(*conditions).order_by(d.id.desc()).limit(limit).offset(offset)
    )
    return int(total), list(rows)


def counts_by(db: Session, actor: Actor, s: Search, *columns: str) -> dict[tuple[str, ...], int]:
    """How many visible declarations fall in each combination of the given columns."""
    cols = [d[c] for c in columns]
    rows = db.execute(select(*cols, func.count()).where(*_conditions(actor, s)).group_by(*cols))
    return {tuple(str(v) for v in row[:-1]): int(row[-1]) for row in rows}


def enterprise_names(db: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {x for x in ids if x is not None}
    if not wanted:
        return {}
    e = enterprises.c
    return {int(k): str(v) for k, v in db.execute(select(e.id, e.name).where(e.id.in_(wanted)))}
