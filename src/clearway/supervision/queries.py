"""Read side of supervision: what each actor may see of summaries, filings and lists.

An enterprise sees its own records, a broker those it declared or filed, customs the district;
someone else's record answers as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, false, select
from sqlalchemy.orm import Session

from clearway.config import Settings
from clearway.declarations.model import Declaration
from clearway.declarations.queries import visibility
from clearway.declarations.tables import declarations
from clearway.enterprises.model import Enterprise
from clearway.enterprises.tables import broker_authorisations
from clearway.identity.model import Actor, Role
from clearway.identity.queries import office_clause
from clearway.shared.errors import NotFound, RuleViolation
from clearway.supervision.eligibility import Eligibility, Facility, decide
from clearway.supervision.model import CentralizedFiling, CentralizedList, TwoStepDeclaration
from clearway.supervision.tables import (
    centralized_filings,
    centralized_lists,
    two_step_declarations,
)

f, cl, ts, d = centralized_filings.c, centralized_lists.c, two_step_declarations.c, declarations.c


def filing_visibility(actor: Actor) -> ColumnElement[bool] | None:
    """Tenancy over filings as a WHERE clause: an office-bound officer sees its office's
    filings; None means district-wide customs."""
    if actor.is_customs:
        return office_clause(actor, f.office_code)
    if actor.enterprise_id is None:
        return false()
    if actor.role is Role.ENTERPRISE_USER:
        return f.enterprise_id == actor.enterprise_id
    return f.broker_id == actor.enterprise_id


def visible_filing(
    session: Session, actor: Actor, number: str, field: str = "filing"
) -> CentralizedFiling:
    """A filing the actor may use, or a refusal naming the field (unknown and foreign alike)."""
    stmt = select(CentralizedFiling).where(f.number == number)
    clause = filing_visibility(actor)
    if clause is not None:
        stmt = stmt.where(clause)
    found = session.scalars(stmt).first()
    if found is None:
        raise RuleViolation.single(
            field, "centralized.unknown_filing", f"there is no centralized filing {number}"
        )
    return found


def filings(session: Session, actor: Actor, limit: int, offset: int) -> list[CentralizedFiling]:
    stmt = select(CentralizedFiling).order_by(f.id.desc()).limit(limit).offset(offset)
    clause = filing_visibility(actor)
    if clause is not None:
        stmt = stmt.where(clause)
    return list(session.scalars(stmt))


def lists_of(
    session: Session, filing: CentralizedFiling, period: str | None = None
) -> list[CentralizedList]:
    stmt = select(CentralizedList).where(cl.filing_id == filing.id)
    if period is not None:
        stmt = stmt.where(cl.period == period)
    return list(session.scalars(stmt.order_by(cl.id)))


def lists_of_declaration(session: Session, declaration_id: int) -> list[CentralizedList]:
    stmt = select(CentralizedList).where(cl.declaration_id == declaration_id).order_by(cl.id)
    return list(session.scalars(stmt))


def summaries(
    session: Session, actor: Actor, status: str | None, limit: int, offset: int
) -> list[tuple[TwoStepDeclaration, Declaration]]:
    """Two-step summaries with their declarations, newest first, as the actor may see them."""
    stmt = select(TwoStepDeclaration, Declaration).join(declarations, d.id == ts.declaration_id)
    clause = visibility(actor)
    if clause is not None:
        stmt = stmt.where(clause)
    if status is not None:
        stmt = stmt.where(ts.status == status)
    rows = session.execute(stmt.order_by(ts.id.desc()).limit(limit).offset(offset))
    return [(row[0], row[1]) for row in rows]


@dataclass(frozen=True)
class EligibilityView:
    """Every facility's answer for one enterprise on one day."""

    enterprise_id: int
    on: date
    credit_level: str
    decisions: list[Eligibility]


def eligibility_for(
    session: Session,
    settings: Settings,
    actor: Actor,
    enterprise_id: int | None,
    facilities: Sequence[Facility],
    on: date,
    tariff_codes: Sequence[str] = (),
    office_code: str | None = None,
) -> EligibilityView:
    """Which facilities an enterprise may use; enterprises ask about themselves, brokers about
    their principals, customs about anyone."""
    if enterprise_id is None:
        if actor.is_customs or actor.enterprise_id is None:
            raise RuleViolation.single("enterprise_id", "required", "name the enterprise")
        enterprise_id = actor.enterprise_id
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None or not _may_see(session, actor, enterprise_id):
        raise NotFound("enterprise", enterprise_id)
    decisions = [
        decide(
            session,
            settings,
            enterprise_id,
            facility,
            on,
            tariff_codes=tariff_codes,
            office_code=office_code,
        )
        for facility in facilities
    ]
    return EligibilityView(enterprise_id, on, enterprise.credit_level_on(on).value, decisions)


def _may_see(session: Session, actor: Actor, enterprise_id: int) -> bool:
    if actor.is_customs or actor.enterprise_id == enterprise_id:
        return True
    if actor.role is not Role.BROKER_USER:
        return False
    a = broker_authorisations.c
    mandate = session.scalar(
        select(a.id).where(
            a.broker_id == actor.enterprise_id,
            a.principal_id == enterprise_id,
            a.revoked_at.is_(None),
        )
    )
    return mandate is not None
