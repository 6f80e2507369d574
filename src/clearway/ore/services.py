"""The on-site inspection of ore, first release's gate (GACC 2018 No.134, 2020 No.69).

One transaction. Recording the on-site inspection starts the inspection (E6) if it
had not started, stores the readings and the samples, and then:

- a nonconforming result (radiation, foreign inclusions, solid waste, goods–document mismatch,
  weight outside tolerance) **detains** the goods: the declaration is *suspended* with the
  findings as the reason — suspension is the status table's hold (China code 600) and a
  ``resume`` puts it back where it was once the matter is resolved;
- a conforming result ends the inspection (duty assessed, E6_END) and, for a declaration lodged
  for first release by an eligible importer, **releases** it before the lab results (E8) as soon
  as its duty and VAT are covered (paid, or secured by a tax guarantee); otherwise the goods wait
  for the lab, or for the duty, and the record says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.config import Settings
from clearway.declarations.model import Declaration, FacilitationMode
from clearway.declarations.status import Command, Status
from clearway.enterprises.model import CreditLevel, Enterprise
from clearway.identity.model import Actor
from clearway.ore.classification import is_ore
from clearway.ore.classify import classification_of
from clearway.ore.commands import OnsiteInput
from clearway.ore.first_release import after_conforming
from clearway.ore.model import OnsiteInspection, OreClassification, OreSample, ReleaseDecision
from clearway.ore.onsite import OnsiteOutcome, OnsiteReading, findings, weight_deviation_pct
from clearway.ore.policy import ensure_inspector, ensure_version
from clearway.ore.queries import latest_classification, sample_by_code, visible_ore_declaration
from clearway.ore.tables import ore_onsite_inspections
from clearway.ore.terms import terms_of
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, IllegalTransition

# Where an on-site inspection can be recorded: screened and not yet past inspection.
INSPECTABLE = (Status.RISK_ASSESSED, Status.DOCUMENT_CHECK, Status.INSPECTION)
# A direct-pickup declaration may have its duty assessed or paid before the train arrives; its
# train-side on-site inspection is still due, and is recorded without moving its status.
SETTLED_BEFORE_ARRIVAL = (Status.DUTY_ASSESSED, Status.PAID)


def inspectable(declaration: Declaration) -> bool:
    """Whether an on-site inspection (or its waiver) can be recorded in this status."""
    if declaration.status in INSPECTABLE:
        return True
    return (
        declaration.uses(FacilitationMode.DIRECT_PICKUP)
        and declaration.status in SETTLED_BEFORE_ARRIVAL
    )


@dataclass(frozen=True)
class OnsiteResult:
    inspection: OnsiteInspection
    declaration: Declaration
    classification: OreClassification


def _classification(
    session: Session, settings: Settings, declaration: Declaration, at: datetime
) -> OreClassification:
    """The declaration's category; classified now if screening never did (e.g. screening off)."""
    found = latest_classification(session, declaration.id)
    if found is not None:
        return found
    enterprise = session.get(Enterprise, declaration.trader_id)
    level = (
        enterprise.credit_level_on(declaration.declaration_date)
        if enterprise
        else CreditLevel.REGULAR
    )
    row = classification_of(session, settings, declaration, level, "on_site", "ore-desk", at)
    assert row is not None  # an ore declaration always classifies
    session.add(row)
    return row


def _check_samples(
    session: Session,
    errors: Collector,
    data: OnsiteInput,
    declaration: Declaration,
    classification: OreClassification,
    started: datetime,
    now: datetime,
) -> None:
    if data.sampling_done and not data.samples:
        errors.add("samples", "required", "sampling was done: list the samples taken")
    if not data.sampling_done and data.samples:
        errors.add("samples", "ore.no_sampling", "samples are listed but sampling_done is false")
    if classification.sampling_required and not data.sampling_done:
        errors.add(
            "sampling_done",
            "ore.sampling_required",
            f"ore category {classification.category.value} requires samples for the lab",
        )
    lines = {i.line_no for i in declaration.items if is_ore(i.tariff_code)}
    seen: set[str] = set()
    for n, sample in enumerate(data.samples):
        if sample.line_no is not None and sample.line_no not in lines:
            errors.add(
                f"samples.{n}.line_no",
                "ore.item",
                f"item {sample.line_no} is not an ore item of the declaration",
            )
        if sample.sample_id in seen or sample_by_code(session, sample.sample_id) is not None:
            errors.add(
                f"samples.{n}.sample_id", "unique", f"sample {sample.sample_id} already exists"
            )
        seen.add(sample.sample_id)
        if sample.taken_at is not None and not started <= sample.taken_at <= now:
            errors.add(
                f"samples.{n}.taken_at",
                "chronology",
                "a sample is taken during the inspection, not before it or in the future",
            )


def record_onsite(
    uow: UnitOfWork,
    ref: str | int,
    data: OnsiteInput,
    actor: Actor,
    clock: Clock,
    settings: Settings,
) -> OnsiteResult:
    """Record an on-site inspection; detain, wait, or release first as the result allows."""
    ensure_inspector(actor, "record on-site ore inspections")
    session = uow.session
    declaration = visible_ore_declaration(session, actor, ref)
    ensure_version(declaration, data.expected_version)
    if not inspectable(declaration):
        raise IllegalTransition(declaration.status.value, "record_onsite_inspection")
    now = clock.now()
    started = data.started_at or now
    errors = Collector()
    if started > now:
        errors.add("started_at", "not_future", "cannot record an inspection that has not begun")
    elif declaration.events and started < declaration.events[-1].at:
        errors.add("started_at", "chronology", "is before the declaration's latest event")
    if data.nuclide_bq_per_g is None and data.portal_usv_per_h is None:
        errors.add(
            "nuclide_bq_per_g",
            "ore.radiation_reading",
            "record a nuclide analysis (Bq/g) or a portal monitor reading (µSv/h)",
        )
    classification = _classification(session, settings, declaration, now)
    _check_samples(session, errors, data, declaration, classification, started, now)
    errors.raise_if_any()

    terms = terms_of(settings)
    if declaration.status in (Status.RISK_ASSESSED, Status.DOCUMENT_CHECK):
        declaration.apply(Command.BEGIN_INSPECTION, actor, started, reason="on-site ore inspection")
    reading = OnsiteReading(
        nuclide_bq_per_g=data.nuclide_bq_per_g,
        portal_usv_per_h=data.portal_usv_per_h,
        foreign_inclusions=data.foreign_inclusions,
        solid_waste=data.solid_waste,
        document_mismatch=data.document_mismatch,
        mismatch_note=data.mismatch_note,
        measured_weight_kg=data.measured_weight_kg,
        declared_weight_kg=declaration.net_weight,
    )
    found = findings(reading, terms.onsite)
    seq = (
        session.execute(
            select(func.count())
            .select_from(ore_onsite_inspections)
            .where(ore_onsite_inspections.c.declaration_id == declaration.id)
        ).scalar_one()
        + 1
    )
    inspection = OnsiteInspection(
        declaration_id=declaration.id,
        seq=seq,
        started_at=started,
        ended_at=now,
        officer=actor.username,
        location=data.location,
        nuclide_bq_per_g=data.nuclide_bq_per_g,
        portal_usv_per_h=data.portal_usv_per_h,
        radiation_limit_bq_per_g=terms.onsite.radiation_bq_per_g,
        foreign_inclusions=data.foreign_inclusions,
        solid_waste=data.solid_waste,
        document_mismatch=data.document_mismatch,
        mismatch_note=data.mismatch_note,
        measured_weight_kg=data.measured_weight_kg,
        declared_weight_kg=declaration.net_weight,
        weight_deviation_pct=weight_deviation_pct(data.measured_weight_kg, declaration.net_weight),
        sampling_done=data.sampling_done,
        outcome=OnsiteOutcome.DETAINED if found else OnsiteOutcome.CONFORMING,
        findings=[f.as_dict() for f in found],
        # What the result means for release is settled below, once the outcome is applied.
        release_decision=ReleaseDecision.DETAINED if found else ReleaseDecision.AWAITING_LAB,
        release_note="",
        note=data.note,
        recorded_at=now,
    )
    session.add(inspection)
    uow.flush()
    first_line = min(i.line_no for i in declaration.items if is_ore(i.tariff_code))
    for sample in data.samples:
        session.add(
            OreSample(
                sample_code=sample.sample_id,
                declaration_id=declaration.id,
                inspection_id=inspection.id,
                line_no=sample.line_no or first_line,
                lab=sample.lab,
                taken_at=sample.taken_at or now,
                taken_by=actor.username,
            )
        )
    if found:
        reason = "detained on site: " + "; ".join(f.text for f in found)
        declaration.apply(Command.SUSPEND, actor, now, reason=reason)
        inspection.release_note = reason
    else:
        after_conforming(session, settings, declaration, inspection, actor, now)
    record(
        session,
        actor,
        now,
        "ore.onsite_inspected",
        "declaration",
        declaration.number,
        {
            "outcome": inspection.outcome.value,
            "findings": [f.code for f in found],
            "samples": [s.sample_id for s in data.samples],
            "release_decision": inspection.release_decision.value,
        },
    )
    uow.commit()
    return OnsiteResult(inspection, declaration, classification)
