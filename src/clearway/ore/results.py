"""Lab results of ore samples, and what a nonconforming one sets off.

A result is accepted only for a sample customs took (an unknown sample is refused, naming the
rule, with nothing written), once per sample. It is checked against the district's limits and
compared with the declared Fe and moisture. A nonconforming result on goods already released
opens a disposal case with a deadline and tells the importer; on goods not yet released it
detains them (the declaration is suspended with the failures as the reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from clearway.audit.services import record
from clearway.config import Settings
from clearway.declarations.model import Declaration
from clearway.declarations.status import Command, move_for
from clearway.identity.model import Actor
from clearway.ore.classification import OreCategory
from clearway.ore.commands import LabResultInput
from clearway.ore.disposal import due_at, suggested_measure
from clearway.ore.lab import ANALYTES, HARMFUL, LABELS, check, deviations_report
from clearway.ore.model import DisposalCase, LabResult
from clearway.ore.notices import notify_case
from clearway.ore.policy import ensure_inspector
from clearway.ore.queries import latest_classification, sample_by_code
from clearway.ore.status import SAMPLE_TRANSITIONS, SampleCommand
from clearway.ore.tables import ore_lab_results
from clearway.ore.terms import terms_of
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.controls import ControlConcluded, ControlSource
from clearway.shared.errors import Collector, Conflict, RuleViolation


@dataclass(frozen=True)
class LabOutcome:
    result: LabResult
    declaration: Declaration
    case: DisposalCase | None
    detained: bool


def record_result(
    uow: UnitOfWork, data: LabResultInput, actor: Actor, clock: Clock, settings: Settings
) -> LabOutcome:
    """Record a lab result; open a disposal case or detain when it does not conform."""
    ensure_inspector(actor, "record ore lab results")
    session = uow.session
    sample = sample_by_code(session, data.sample_id)
    if sample is None:
        raise RuleViolation.single(
            "sample_id", "ore.unknown_sample", f"no sample {data.sample_id} was taken on site"
        )
    r = ore_lab_results.c
    if session.execute(select(r.id).where(r.sample_id == sample.id)).first() is not None:
        raise Conflict(f"sample {sample.sample_code} already has a lab result")
    measured: dict[str, Decimal | None] = {a: getattr(data, a) for a in ANALYTES}
    now = clock.now()
    reported = data.reported_at or now
    declaration = session.get(Declaration, sample.declaration_id)
    assert declaration is not None
    errors = Collector()
    if all(v is None for v in measured.values()):
        errors.add("fe_pct", "ore.no_values", "report at least one analyte")
    if reported > now:
        errors.add("reported_at", "not_future", "cannot record a result not yet reported")
    elif reported < sample.taken_at:
        errors.add("reported_at", "chronology", "is before the sample was taken")
    classification = latest_classification(session, declaration.id)
    if classification is not None and classification.category is OreCategory.C:
        for analyte in HARMFUL:
            if measured[analyte] is None:
                errors.add(
                    analyte,
                    "ore.full_lab_required",
                    f"ore category C needs {LABELS[analyte]} analysed",
                )
    errors.raise_if_any()

    terms = terms_of(settings)
    failures = check(measured, terms.lab_limits)
    item = next(i for i in declaration.items if i.line_no == sample.line_no)
    result = LabResult(
        sample_id=sample.id,
        declaration_id=declaration.id,
        lab=data.lab.strip() or sample.lab,
        reported_at=reported,
        recorded_at=now,
        recorded_by=actor.username,
        conforming=not failures,
        failures=[f.as_dict() for f in failures],
        deviations=deviations_report(
            item.ore_fe_pct, item.ore_moisture_pct, measured, item.net_weight, item.value
        ),
        **measured,
    )
    session.add(result)
    sample.status = SAMPLE_TRANSITIONS.move(
        sample.status,
        SampleCommand.RECORD_NONCONFORMING if failures else SampleCommand.RECORD_CONFORMING,
        subject=f"sample {sample.sample_code}",
    )
    uow.flush()
    uow.record(
        ControlConcluded(
            declaration.id,
            ControlSource.LAB_RESULT,
            result.id,
            bool(failures),
            ("lab_limit:" + ",".join(f.analyte for f in failures))[:60] if failures else "",
            now,
        )
    )
    case, detained = None, False
    texts = [f.text() for f in failures]
    if failures and declaration.released_at is not None:
        case = DisposalCase(
            declaration_id=declaration.id,
            enterprise_id=declaration.trader_id,
            lab_result_id=result.id,
            reasons=texts,
            suggested_measure=suggested_measure(failures),
            opened_at=now,
            due_at=due_at(now, terms.disposal_days),
            updated_at=now,
        )
        session.add(case)
        uow.flush()
        notify_case(session.connection(), case, declaration.number, "opened")
    elif failures and move_for(declaration.status, Command.SUSPEND) is not None:
        reason = f"lab result of sample {sample.sample_code} nonconforming: " + "; ".join(texts)
        declaration.apply(Command.SUSPEND, actor, now, reason=reason)
        detained = True
    record(
        session,
        actor,
        now,
        "ore.lab_result",
        "declaration",
        declaration.number,
        {
            "sample": sample.sample_code,
            "conforming": not failures,
            "failures": [f.analyte for f in failures],
            "disposal_case": case.id if case else None,
            "detained": detained,
        },
    )
    uow.commit()
    return LabOutcome(result, declaration, case, detained)
