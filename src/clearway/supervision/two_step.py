"""Two-step declaration of imports: summary, pickup, complete declaration, closure.

The summary is an import declaration lodged with the facilitation measure ``two_step`` (which
may stack with first release and direct pickup, each judged for eligibility) and a short item
set; taxable goods reserve their estimated duty and VAT on a tax guarantee. Goods are picked up
(released) once the summary is accepted and any inspection it was selected for is over. The
complete declaration follows under the same number within the configured days of the anchor; it
settles the tax from the guarantee, gives back what was not used and closes the declaration.
Late completes are recorded as breaches by :func:`flag_overdue`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.config import Settings
from clearway.declarations import services as declarations
from clearway.declarations.model import Declaration, FacilitationMode, Flow, Lane
from clearway.declarations.policy import ensure_may
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command, Milestone, Status
from clearway.declarations.submission import Submission, submit
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.reference.services import SessionReference
from clearway.shared.clock import Clock
from clearway.shared.errors import Conflict, NotFound, RuleViolation
from clearway.supervision import two_step_tax as tax
from clearway.supervision.commands import CompleteInput, PickupInput, SummaryInput
from clearway.supervision.eligibility import Facility, ensure_eligible
from clearway.supervision.guarantees import guarantee_of
from clearway.supervision.model import ZERO, TwoStepDeclaration, TwoStepStatus
from clearway.supervision.policy import ensure_declarant, ensure_may_pick_up
from clearway.supervision.rules import (
    LineConditions,
    complete_due,
    is_late,
    local_day,
    summary_flag_errors,
    two_step_anchor,
)
from clearway.supervision.status import TWO_STEP_TRANSITIONS, TwoStepCommand
from clearway.supervision.tables import two_step_declarations

TWO_STEP = Actor.system("two-step")
_ENTRY = (Milestone.E0.value, Milestone.E1.value)


def summary_of(session: Session, declaration: Declaration) -> TwoStepDeclaration | None:
    return session.scalars(
        select(TwoStepDeclaration).where(two_step_declarations.c.declaration_id == declaration.id)
    ).first()


def due_of(declaration: Declaration, settings: Settings) -> datetime | None:
    """When the complete declaration is due, once its anchor has happened."""
    entries = [e.at for e in declaration.events if e.milestone in _ENTRY]
    anchor = two_step_anchor(settings.two_step_anchor, entries, declaration.released_at)
    return complete_due(anchor, settings.two_step_complete_days) if anchor else None


def lodge_summary(
    uow: UnitOfWork,
    data: SummaryInput,
    actor: Actor,
    clock: Clock,
    settings: Settings,
    submission: Submission,
) -> tuple[Declaration, TwoStepDeclaration]:
    """Lodge the summary, reserve its tax on the guarantee and submit it, in one transaction."""
    session, now = uow.session, clock.now()
    if data.declaration.flow is not Flow.IMPORT:
        raise RuleViolation.single(
            "declaration.flow", "two_step.imports_only", "two-step declaration is for imports"
        )
    if FacilitationMode.CENTRALIZED in data.declaration.measures:
        raise RuleViolation.single(
            "declaration.facilitation_measures",
            "two_step.facilitation_mode",
            "a two-step summary is not a centralized declaration",
        )
    # Two-step is this procedure's own measure; the others it is stacked with are judged each.
    body = data.declaration.with_measure(FacilitationMode.TWO_STEP)
    try:
        declaration = declarations.build(
            session, body, actor, now, SessionReference(session), settings.max_items
        )
        declarations.ensure_measures_allowed(
            session, settings, body, declaration, frozenset({FacilitationMode.TWO_STEP})
        )
    except RuleViolation as refused:  # name the fields as the summary carries them
        raise refused.under("declaration") from None
    ensure_eligible(
        session,
        settings,
        declaration.trader_id,
        Facility.TWO_STEP,
        local_day(now, settings.supervision_timezone),
        office_code=declaration.office_code,
        tariff_codes=[i.tariff_code for i in declaration.items],
        field="declaration.trader_id",
    )
    _ensure_flags_match_tariff(session, declaration, data, settings)
    estimate = declarations.assess(session, declaration).total
    guarantee = None
    if data.taxable:
        if data.guarantee is None:
            raise RuleViolation.single(
                "guarantee",
                "two_step.guarantee_required",
                "taxable goods need a tax guarantee filed in advance",
            )
        guarantee = guarantee_of(session, data.guarantee, declaration.trader_id)
    elif estimate > 0:
        raise RuleViolation.single(
            "taxable",
            "two_step.taxable",
            f"the goods owe {estimate} CNY duty and VAT: lodge them as taxable with a guarantee",
        )
    for item in declaration.items:  # the summary's licence is written off its goods lines
        item.licence_number = item.licence_number or data.licence_number
    ensure_may(actor, Command.SUBMIT, declaration)
    declarations.number(session, [declaration])
    session.add(declaration)
    uow.flush()  # the summary and the guarantee reservation name the declaration
    if guarantee is not None:
        tax.reserve(session, guarantee, estimate, local_day(now, settings.supervision_timezone))
    summary = TwoStepDeclaration(
        declaration_id=declaration.id,
        enterprise_id=declaration.trader_id,
        licence_required=data.licence_required,
        inspection_required=data.inspection_required,
        taxable=data.taxable,
        guarantee_id=guarantee.id if guarantee else None,
        reserved_amount=estimate if guarantee else ZERO,
        lodged_at=now,
        lodged_by=actor.username,
        licence_number=data.licence_number,
    )
    session.add(summary)
    record(
        session,
        actor,
        now,
        "two_step.summary_lodged",
        "declaration",
        declaration.number,
        {"reserved": str(summary.reserved_amount), "guarantee": data.guarantee},
    )
    reason = "two-step summary" + (
        f"; {estimate} CNY reserved on {data.guarantee}" if guarantee else ""
    )
    submit(uow, declaration, actor, now, submission, reason)
    uow.commit()
    return declaration, summary


def _ensure_flags_match_tariff(
    session: Session, declaration: Declaration, data: SummaryInput, settings: Settings
) -> None:
    """Refuse a summary whose licence or inspection flags understate what the tariff lines in
    force on the declaration day require: customs may select for inspection only at this step."""
    reference, day = SessionReference(session), declaration.declaration_date
    lines = []
    for item in declaration.items:
        line = reference.tariff_line_on(item.tariff_code, day)
        conditions = line.supervision_conditions if line is not None else ""
        lines.append(LineConditions(item.line_no, item.tariff_code, conditions))
    errors = summary_flag_errors(
        lines,
        data.licence_required,
        data.inspection_required,
        data.licence_number,
        settings.statutory_inspection_conditions,
    )
    if errors:
        raise RuleViolation(errors)


def _open_summary(session: Session, declaration: Declaration) -> TwoStepDeclaration:
    summary = summary_of(session, declaration)
    if summary is None:
        raise NotFound("two-step summary", declaration.number)
    return summary


def pickup(
    uow: UnitOfWork,
    ref: str | int,
    data: PickupInput,
    actor: Actor,
    clock: Clock,
    settings: Settings,
) -> Declaration:
    """Release the goods of an accepted summary whose inspection, if any, is over."""
    session, now = uow.session, clock.now()
    declaration = get_visible(session, actor, ref)
    summary = _open_summary(session, declaration)
    ensure_may_pick_up(actor, declaration)
    status = declaration.status
    if summary.status is not TwoStepStatus.OPEN or status in (
        Status.RELEASED,
        Status.EXITED,
        Status.CLOSED,
    ):
        raise Conflict(f"the goods of {declaration.number} are already picked up or closed")
    if status in (Status.DOCUMENT_CHECK, Status.INSPECTION) or (
        status is Status.RISK_ASSESSED and declaration.lane in (Lane.RED, Lane.YELLOW)
    ):
        raise RuleViolation.single(
            "declaration",
            "two_step.inspection_first",
            f"summary {declaration.number} is selected for "
            f"{'inspection' if declaration.lane is Lane.RED else 'a document check'}: "
            "the goods are picked up once it is over",
        )
    if status not in (Status.RISK_ASSESSED, Status.DUTY_ASSESSED, Status.PAID):
        raise RuleViolation.single(
            "declaration",
            "two_step.not_accepted",
            f"summary {declaration.number} is {status.value}: goods are picked up once it is "
            "accepted and its lane assigned",
        )
    because = f"two-step pickup requested by {actor.username}" + (
        f": {data.reason}" if data.reason else ""
    )
    if status is Status.RISK_ASSESSED:
        declaration.duty_amount = summary.reserved_amount
        declaration.apply(
            Command.ASSESS_DUTY, TWO_STEP, now, reason="duty and VAT as estimated on the summary"
        )
    if declaration.status is Status.DUTY_ASSESSED and (declaration.duty_amount or ZERO) > 0:
        secured = tax.secure(session, declaration, summary, actor, now, settings)
        declaration.apply(Command.PAY, TWO_STEP, now, reason=secured)
    elif declaration.status is Status.PAID:
        tax.paid_otherwise(session, declaration, summary)
    declaration.apply(Command.RELEASE, TWO_STEP, now, reason=because)
    summary.complete_due_at = due_of(declaration, settings)
    uow.commit()
    return declaration


def complete(
    uow: UnitOfWork, data: CompleteInput, actor: Actor, clock: Clock, settings: Settings
) -> tuple[Declaration, TwoStepDeclaration]:
    """Lodge the complete declaration under the summary's number, settle the tax and close."""
    session, now = uow.session, clock.now()
    try:
        declaration = get_visible(session, actor, data.summary)
    except NotFound:
        declaration = None
    summary = summary_of(session, declaration) if declaration is not None else None
    if declaration is None or summary is None:
        raise RuleViolation.single(
            "summary", "two_step.unknown_summary", f"there is no two-step summary {data.summary}"
        )
    ensure_declarant(actor, declaration, "lodge this complete declaration")
    if summary.status is TwoStepStatus.CLOSED:
        raise RuleViolation.single(
            "summary",
            "two_step.closed",
            f"summary {declaration.number} was completed on "
            f"{summary.completed_at.isoformat() if summary.completed_at else '?'} and is closed",
        )
    if summary.status is TwoStepStatus.VOID or declaration.status.is_final:
        raise RuleViolation.single(
            "summary", "two_step.void", f"summary {declaration.number} was not accepted"
        )
    if declaration.released_at is None:
        raise RuleViolation.single(
            "summary",
            "two_step.not_picked_up",
            f"the goods of summary {declaration.number} are not picked up yet",
        )
    tax.replace_content(session, declaration, data, settings.max_items)
    uow.flush()
    final = tax.settle(session, declaration, summary, actor, now, settings)
    due = summary.complete_due_at or due_of(declaration, settings)
    if due is not None and is_late(now, due):
        tax.flag_late(session, declaration, summary, due, now)
    if declaration.status is Status.RELEASED:
        declaration.apply(
            Command.EXIT, TWO_STEP, now, reason="goods picked up on the two-step summary"
        )
    declaration.apply(
        Command.CLOSE,
        TWO_STEP,
        now,
        reason=f"complete declaration lodged by {actor.username}; {final} CNY duty and VAT",
    )
    summary.status = TWO_STEP_TRANSITIONS.move(summary.status, TwoStepCommand.COMPLETE)
    summary.completed_at, summary.completed_by = now, actor.username
    record(
        session,
        actor,
        now,
        "two_step.completed",
        "declaration",
        declaration.number,
        {"settled": str(final), "restored": str(summary.restored_amount or ZERO)},
    )
    uow.commit()
    return declaration, summary
