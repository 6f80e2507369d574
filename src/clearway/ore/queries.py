"""Read side of ore supervision: a declaration's ore record, samples and disposal cases.

Tenancy follows the declaration: an enterprise sees the ore records of its own declarations, a
broker those of its principals it declared for, customs the whole district; anything else
answers 404 as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from clearway.declarations.model import Declaration
from clearway.declarations.queries import get_visible, visibility
from clearway.declarations.tables import declarations
from clearway.identity.model import Actor
from clearway.ore.classification import is_ore
from clearway.ore.disposal import DisposalStatus
from clearway.ore.model import (
    DisposalCase,
    LabResult,
    OnsiteInspection,
    OnsiteWaiver,
    OreClassification,
    OreSample,
)
from clearway.ore.onsite import OnsiteOutcome
from clearway.ore.pricing_records import ProvisionalPrice
from clearway.ore.tables import (
    ore_classifications,
    ore_disposal_cases,
    ore_lab_results,
    ore_onsite_inspections,
    ore_onsite_waivers,
    ore_provisional_prices,
    ore_samples,
)
from clearway.shared.errors import NotFound, RuleViolation

d = declarations.c


@dataclass
class OreRecord:
    """Everything ore supervision holds on one declaration."""

    declaration: Declaration
    classification: OreClassification | None
    classifications: list[OreClassification] = field(default_factory=list)
    inspections: list[OnsiteInspection] = field(default_factory=list)
    samples: list[OreSample] = field(default_factory=list)
    results: dict[int, LabResult] = field(default_factory=dict)  # by sample id
    cases: list[DisposalCase] = field(default_factory=list)
    waiver: OnsiteWaiver | None = None
    pricing: ProvisionalPrice | None = None


def latest_classification(session: Session, declaration_id: int) -> OreClassification | None:
    c = ore_classifications.c
    return session.scalars(
        select(OreClassification)
        .where(c.declaration_id == declaration_id)
        .order_by(c.classified_at.desc(), c.id.desc())
        .limit(1)
    ).first()


def latest_inspection(session: Session, declaration_id: int) -> OnsiteInspection | None:
    i = ore_onsite_inspections.c
    return session.scalars(
        select(OnsiteInspection)
        .where(i.declaration_id == declaration_id)
        .order_by(i.seq.desc())
        .limit(1)
    ).first()


def pricing_of(session: Session, declaration_id: int) -> ProvisionalPrice | None:
    p = ore_provisional_prices.c
    return session.scalars(
        select(ProvisionalPrice).where(p.declaration_id == declaration_id)
    ).first()


def settling_result(session: Session, declaration_id: int) -> LabResult | None:
    """The latest lab result reporting both Fe and moisture: what a final price rests on."""
    r = ore_lab_results.c
    return session.scalars(
        select(LabResult)
        .where(
            r.declaration_id == declaration_id,
            r.fe_pct.is_not(None),
            r.moisture_pct.is_not(None),
        )
        .order_by(r.reported_at.desc(), r.id.desc())
        .limit(1)
    ).first()


def waiver_of(session: Session, declaration_id: int) -> OnsiteWaiver | None:
    w = ore_onsite_waivers.c
    return session.scalars(select(OnsiteWaiver).where(w.declaration_id == declaration_id)).first()


def onsite_cleared(session: Session, declaration_id: int) -> bool:
    """Whether the on-site requirement is met: the latest inspection conforms, or a waiver."""
    latest = latest_inspection(session, declaration_id)
    if latest is not None:
        return latest.outcome is OnsiteOutcome.CONFORMING
    return waiver_of(session, declaration_id) is not None


def record_of(session: Session, declaration: Declaration) -> OreRecord:
    c, i, s = ore_classifications.c, ore_onsite_inspections.c, ore_samples.c
    r, k = ore_lab_results.c, ore_disposal_cases.c
    history = list(
        session.scalars(
            select(OreClassification)
            .where(c.declaration_id == declaration.id)
            .order_by(c.classified_at, c.id)
        )
    )
    return OreRecord(
        declaration=declaration,
        classification=history[-1] if history else None,
        classifications=history,
        inspections=list(
            session.scalars(
                select(OnsiteInspection).where(i.declaration_id == declaration.id).order_by(i.seq)
            )
        ),
        samples=list(
            session.scalars(
                select(OreSample).where(s.declaration_id == declaration.id).order_by(s.id)
            )
        ),
        results={
            result.sample_id: result
            for result in session.scalars(
                select(LabResult).where(r.declaration_id == declaration.id)
            )
        },
        cases=list(
            session.scalars(
                select(DisposalCase).where(k.declaration_id == declaration.id).order_by(k.id)
            )
        ),
        waiver=waiver_of(session, declaration.id),
        pricing=pricing_of(session, declaration.id),
    )


def visible_ore_declaration(session: Session, actor: Actor, ref: str | int) -> Declaration:
    """A declaration the actor may see, refused unless it carries iron ore (2601) items."""
    declaration = get_visible(session, actor, ref)
    if not any(is_ore(i.tariff_code) for i in declaration.items):
        raise RuleViolation.single(
            "items",
            "ore.no_ore_items",
            f"declaration {declaration.number} has no iron ore (2601) items",
        )
    return declaration


def visible_record(session: Session, actor: Actor, ref: str | int) -> OreRecord:
    return record_of(session, get_visible(session, actor, ref))


def sample_by_code(session: Session, code: str) -> OreSample | None:
    return session.scalars(select(OreSample).where(ore_samples.c.sample_code == code)).first()


def supplier_nonconformities(session: Session, supplier: str, declaration_id: int | None) -> int:
    """Nonconforming lab results on other declarations from the same overseas supplier (a
    declaration not written yet has no id, and none of its own)."""
    if not supplier.strip():
        return 0
    r = ore_lab_results.c
    count = session.execute(
        select(func.count())
        .select_from(ore_lab_results)
        .join(declarations, d.id == r.declaration_id)
        .where(
            d.overseas_party == supplier,
            d.id != declaration_id,
            r.conforming.is_(False),
        )
    ).scalar_one()
    return int(count)


def _case_conditions(actor: Actor) -> list[ColumnElement[bool]]:
    clause = visibility(actor)
    return [] if clause is None else [clause]


def get_case(session: Session, actor: Actor, case_id: int) -> DisposalCase:
    k = ore_disposal_cases.c
    found = session.scalars(
        select(DisposalCase)
        .join(declarations, d.id == k.declaration_id)
        .where(k.id == case_id, *_case_conditions(actor))
    ).first()
    if found is None:
        raise NotFound("disposal case", case_id)
    return found


def list_cases(
    session: Session,
    actor: Actor,
    status: DisposalStatus | None,
    overdue_at: datetime | None,
    limit: int,
    offset: int,
) -> tuple[int, list[DisposalCase]]:
    """Disposal cases the actor may see, soonest deadline first; `overdue_at` keeps the late."""
    k = ore_disposal_cases.c
    conditions = _case_conditions(actor)
    if status is not None:
        conditions.append(k.status == status.value)
    if overdue_at is not None:
        conditions += [k.status == DisposalStatus.OPEN.value, k.due_at < overdue_at]
    base = select(DisposalCase).join(declarations, d.id == k.declaration_id).where(*conditions)
    total = session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.scalars(base.order_by(k.due_at, k.id).limit(limit).offset(offset))
    return int(total), list(rows)
