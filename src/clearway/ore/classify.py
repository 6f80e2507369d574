"""Classifying ore declarations: at screening (inside the submitting transaction) and on demand.

The category feeds the risk engine's instructions: at submission the screener merges them into
the screening result it stores, and stores the category with it (see
:mod:`clearway.risk.screening`); a later classification on demand replaces the ore lines of the
latest stored screening, so officers always read the current regime in one place.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.config import Settings
from clearway.declarations.model import Declaration
from clearway.declarations.queries import get_visible
from clearway.enterprises.model import CreditLevel, Enterprise
from clearway.identity.model import Actor
from clearway.ore.classification import ClassificationFacts, classify, ore_lines
from clearway.ore.model import OreClassification
from clearway.ore.policy import ensure_classifier
from clearway.ore.queries import supplier_nonconformities
from clearway.ore.terms import terms_of
from clearway.persistence.db import UnitOfWork
from clearway.reference.services import mainstream_ore_origins_on
from clearway.risk.tables import risk_screenings
from clearway.shared.clock import Clock
from clearway.shared.errors import RuleViolation

ORE_INSTRUCTION = "ore category "


def classification_of(
    session: Session,
    settings: Settings,
    declaration: Declaration,
    level: CreditLevel,
    trigger: str,
    by: str,
    at: datetime,
) -> OreClassification | None:
    """The ore category of a declaration, not yet stored (the caller adds it once the
    declaration has its id); None for a declaration without ore."""
    lines = ore_lines(declaration.items)
    if not lines:
        return None
    origins = mainstream_ore_origins_on(session, declaration.declaration_date)
    terms = replace(terms_of(settings).classification, mainstream_origins=origins)
    supplier = declaration.overseas_party
    past = supplier_nonconformities(session, supplier, declaration.id)
    result = classify(ClassificationFacts(declaration.number, lines, supplier, past, level), terms)
    return OreClassification(
        declaration.id, result, terms.sampling_rate, level.value, supplier, past, trigger, at, by
    )


def classify_on_demand(
    uow: UnitOfWork, ref: str | int, actor: Actor, clock: Clock, settings: Settings
) -> OreClassification:
    """An officer (re)classifies an ore declaration, e.g. after a supplier's history changed."""
    ensure_classifier(actor)
    session = uow.session
    declaration = get_visible(session, actor, ref)
    enterprise = session.get(Enterprise, declaration.trader_id)
    level = (
        enterprise.credit_level_on(declaration.declaration_date)
        if enterprise
        else CreditLevel.REGULAR
    )
    now = clock.now()
    row = classification_of(session, settings, declaration, level, "on_demand", actor.username, now)
    if row is None:
        raise RuleViolation.single(
            "items", "ore.no_ore_items", f"declaration {declaration.number} has no 2601 items"
        )
    session.add(row)
    feed_screening(session, declaration.id, row.instructions)
    record(
        session,
        actor,
        now,
        "ore.classified",
        "declaration",
        declaration.number,
        {"category": row.category.value, "reasons": row.reasons},
    )
    uow.commit()
    return row


def feed_screening(session: Session, declaration_id: int, instructions: list[str]) -> None:
    """Put the current ore regime in the latest stored screening's instructions."""
    s = risk_screenings.c
    latest = session.execute(
        select(s.id, s.instructions)
        .where(s.declaration_id == declaration_id)
        .order_by(s.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return
    kept = [i for i in (latest.instructions or []) if not str(i).startswith(ORE_INSTRUCTION)]
    session.execute(
        update(risk_screenings).where(s.id == latest.id).values(instructions=[*kept, *instructions])
    )
