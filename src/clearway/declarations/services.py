"""Declaration use cases: one function each, one transaction each.

Services are called the same way by the API, the web pages, the CLI and the benchmark.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from clearway.bonded.tax import ImportTax, TaxableLine, assess_import
from clearway.config import Settings
from clearway.declarations import numbering
from clearway.declarations import submission as submitting
from clearway.declarations.commands import ActionInput, DeclarationInput, DocumentInput
from clearway.declarations.measures import indexed, mode_of
from clearway.declarations.model import (
    Declaration,
    DeclarationItem,
    Document,
    FacilitationMode,
    Flow,
)
from clearway.declarations.policy import ensure_may, ensure_may_edit
from clearway.declarations.queries import get_visible
from clearway.declarations.rules import check_declaration, statistical_values
from clearway.declarations.status import Command
from clearway.declarations.submission import Submission
from clearway.declarations.valuation import declaration_valuation, item_values
from clearway.enterprises.services import acting_for
from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.reference.services import SessionReference
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, Conflict, RuleViolation
from clearway.supervision.measures import measure_refusals

# Header fields copied as sent from the input onto the declaration.
HEADER_FIELDS = (
    "office_code",
    "port_code",
    "transport_mode",
    "transport_means",
    "supervision_mode",
    "trade_country",
    "currency",
    "total_value",
    "price_terms",
    "freight",
    "insurance",
    "other_charges",
    "deductions",
    "gross_weight",
    "net_weight",
    "packages",
    "overseas_party",
)


def items_of(data: DeclarationInput, day: date) -> list[DeclarationItem]:
    """The items of a declaration's content on its day, each with its statistical value."""
    return [
        DeclarationItem(line_no=line_no, statistical_value=value, **item.columns())
        for line_no, (item, value) in enumerate(
            zip(data.items, statistical_values(data, day), strict=True), start=1
        )
    ]


def _document(doc: DocumentInput) -> Document:
    return Document(
        doc_type=doc.doc_type,
        number=doc.number,
        issuer=doc.issuer,
        issue_date=doc.issue_date,
        valid_until=doc.valid_until,
    )


# Measures whose declarations only their own procedure lodges (with its guarantee, lists and
# deadlines): /supervision/two-step and /supervision/centralized, never a plain lodgement.
OWN_PROCEDURE_MODES = frozenset({FacilitationMode.TWO_STEP, FacilitationMode.CENTRALIZED})


def ensure_plain_lodgement(data: DeclarationInput) -> None:
    """Refuse a plain lodgement that claims a measure only its own procedure may give, naming
    the measure by its place in the request."""
    errors = Collector()
    for path, measure in indexed(data.facilitation_measures, data.facilitation_mode):
        if measure in OWN_PROCEDURE_MODES:
            errors.add(
                path,
                "own_procedure",
                f"{measure.value} declarations are lodged through their own procedure "
                "(/api/v1/supervision/…), which checks eligibility and the guarantee",
            )
    errors.raise_if_any()


def ensure_measures_allowed(
    session: Session,
    settings: Settings | None,
    data: DeclarationInput,
    declaration: Declaration,
    judged_elsewhere: frozenset[FacilitationMode] = frozenset(),
) -> None:
    """Refuse unless the trader may use every measure asked for, each judged on its own
    against the district's ``settings``. Every edge (API, portal, CLI, demo) gives them;
    fixtures that build declarations without take the measures as given, which the arrival
    and on-site decisions judge again on their day."""
    if settings is None or (not data.measures and not data.facilitation_measures):
        return
    refused = measure_refusals(
        session,
        settings,
        data,
        declaration.trader_id,
        declaration.declaration_date,
        tariff_codes=[i.tariff_code for i in declaration.items],
        judged_elsewhere=judged_elsewhere,
    )
    if refused:
        raise RuleViolation(refused)


def vet(
    session: Session,
    data: DeclarationInput,
    actor: Actor,
    now: datetime,
    reference: SessionReference,
    max_items: int,
) -> tuple[date, int, int | None]:
    """The declaration day, trader and broker of a checked input; refuses anyone declaring
    without the right to, and content that breaks a rule."""
    day = data.declaration_date or now.date()
    trader_id, broker_id = acting_for(
        session, actor, data.trader_id, data.flow.value, day, "lodge declarations"
    )
    check_declaration(data, day, reference, max_items)
    return day, trader_id, broker_id


def build(
    session: Session,
    data: DeclarationInput,
    actor: Actor,
    now: datetime,
    reference: SessionReference,
    max_items: int,
) -> Declaration:
    """A checked, unnumbered draft: the one way every lodgement builds its declaration."""
    day, trader_id, broker_id = vet(session, data, actor, now, reference, max_items)
    return assemble(data, trader_id, broker_id, day, actor, now)


def assemble(
    data: DeclarationInput,
    trader_id: int,
    broker_id: int | None,
    day: date,
    actor: Actor,
    now: datetime,
) -> Declaration:
    """The draft aggregate of vetted content (no I/O): what :func:`build` returns once the
    parties and the content have passed :func:`vet`."""
    declaration = Declaration(
        number="",
        flow=data.flow,
        trader_id=trader_id,
        broker_id=broker_id,
        declaration_date=day,
        created_by=actor.username,
        created_at=now,
        updated_at=now,
        facilitation_measures=data.measures,
        **{f: getattr(data, f) for f in HEADER_FIELDS},
    )
    declaration.items = items_of(data, day)
    declaration.documents = [_document(doc) for doc in data.documents]
    return declaration


def number(session: Session, declarations: list[Declaration]) -> None:
    """Number drafts, one counter statement per (office, year, flow) however many there are."""
    keys = [numbering.key(d.office_code, d.declaration_date, d.flow) for d in declarations]
    for d, assigned in zip(declarations, numbering.numbers_for(session, keys), strict=True):
        d.number = assigned


def lodge(
    uow: UnitOfWork,
    declaration: Declaration,
    actor: Actor,
    at: datetime,
    submit_by: Submission | None,
    reason: str = "",
) -> None:
    """Number a built declaration and add it to the transaction, submitted through
    ``submit_by`` when given (the caller has checked the actor may submit it)."""
    number(uow.session, [declaration])
    uow.session.add(declaration)
    if submit_by is not None:
        submitting.submit(uow, declaration, actor, at, submit_by, reason)


def create(
    uow: UnitOfWork,
    data: DeclarationInput,
    actor: Actor,
    clock: Clock,
    max_items: int,
    submit: Submission | None = None,
    settings: Settings | None = None,
) -> Declaration:
    """Lodge a declaration and give it its number; nothing is written on any refusal.

    Given the district's ``submit`` (``Platform.submission``), it is lodged and submitted in
    the same transaction (screening included), which is what a system feeding complete
    declarations wants: one request, one commit. Each facilitation measure asked for is
    judged against the district's ``settings`` (needed when any is).
    """
    session, now = uow.session, clock.now()
    ensure_plain_lodgement(data)
    declaration = build(session, data, actor, now, SessionReference(session), max_items)
    ensure_measures_allowed(session, settings, data, declaration)
    if submit is not None:
        ensure_may(actor, Command.SUBMIT, declaration)
    lodge(uow, declaration, actor, now, submit)
    uow.commit()
    return declaration


def update(
    uow: UnitOfWork,
    ref: str | int,
    data: DeclarationInput,
    actor: Actor,
    clock: Clock,
    max_items: int,
    expected_version: int | None,
) -> Declaration:
    """Replace the content of a draft, or of a declaration customs asked to amend."""
    declaration = get_visible(uow.session, actor, ref)
    ensure_may_edit(actor, declaration)
    _check_version(declaration, expected_version)
    if not declaration.editable:
        raise Conflict(
            f"declaration {declaration.number} is {declaration.status.value} and can "
            "no longer be changed",
            current_status=declaration.status.value,
        )
    if data.flow is not declaration.flow or data.office_code != declaration.office_code:
        raise RuleViolation.single(
            "flow", "immutable", "flow and office are part of the number and cannot change"
        )
    if data.measures != declaration.facilitation_measures:
        raise RuleViolation.single(
            "facilitation_measures",
            "immutable",
            f"the declaration was lodged as {mode_of(declaration.facilitation_measures)}; "
            "its facilitation measures cannot change",
        )
    day = data.declaration_date or declaration.declaration_date
    check_declaration(data, day, SessionReference(uow.session), max_items)
    # Remove the old lines first: their (declaration, line_no) keys are reused by the new ones.
    declaration.items.clear()
    declaration.documents.clear()
    uow.flush()
    header = {f: getattr(data, f) for f in HEADER_FIELDS} | {"declaration_date": day}
    documents = [_document(doc) for doc in data.documents]
    declaration.replace_content(header, items_of(data, day), documents, clock.now())
    uow.commit()
    return declaration


def _check_version(declaration: Declaration, expected: int | None) -> None:
    if expected is not None and expected != declaration.version:
        raise Conflict(
            f"declaration {declaration.number} is at version {declaration.version}, "
            f"not {expected}: it changed meanwhile",
            current_version=declaration.version,
        )


def act(
    uow: UnitOfWork,
    ref: str | int,
    command: Command,
    action: ActionInput,
    actor: Actor,
    clock: Clock,
    submission: Submission | None = None,
) -> Declaration:
    """Give a lifecycle command; the status table, the role policy and the version decide.
    A submission runs the whole of :func:`~clearway.declarations.submission.submit` with the
    district's ``submission`` (``Platform.submission``), which only it needs."""
    session = uow.session
    declaration = get_visible(session, actor, ref)
    ensure_may(actor, command, declaration)
    _check_version(declaration, action.expected_version)
    now = clock.now()
    if command is Command.ASSESS_DUTY:
        declaration.duty_amount = (
            action.duty_amount
            if action.duty_amount is not None
            else assess(session, declaration).total
        )
    if command is Command.SUBMIT:
        if submission is None:
            raise TypeError("submitting needs the district's Submission (Platform.submission)")
        submitting.submit(uow, declaration, actor, now, submission, action.reason)
    else:
        declaration.apply(command, actor, now, reason=action.reason, lane=action.lane)
    uow.commit()
    return declaration


def assess(session: Session, declaration: Declaration) -> ImportTax:
    """Duty and import VAT per item in CNY at the declaration date's rates, on each item's
    share of the customs value (CIF at the border); exports owe none."""
    return _assessed(session, declaration, [i.value for i in declaration.items], None)


def assess_at_prices(
    session: Session, declaration: Declaration, prices: Sequence[Decimal]
) -> ImportTax:
    """As :func:`assess`, on other item prices (one per item, in order): the final price of
    goods declared at a provisional price is valued and taxed by the very same rule."""
    return _assessed(session, declaration, prices, sum(prices, Decimal(0)))


def _assessed(
    session: Session, declaration: Declaration, prices: Sequence[Decimal], total: Decimal | None
) -> ImportTax:
    if declaration.flow is Flow.EXPORT:
        return ImportTax(declaration.declaration_date, declaration.currency, Decimal(1), ())
    items = declaration.items
    values = item_values(declaration_valuation(declaration, total), list(prices))
    lines = [TaxableLine(i.line_no, i.tariff_code, v) for i, v in zip(items, values, strict=True)]
    return assess_import(
        lines, declaration.currency, declaration.declaration_date, SessionReference(session)
    )


def add_document(
    uow: UnitOfWork, ref: str | int, doc: DocumentInput, actor: Actor, clock: Clock
) -> Declaration:
    """Attach a document; allowed to the declarant until release, and to customs."""
    declaration = get_visible(uow.session, actor, ref)
    if not actor.is_customs:
        ensure_may_edit(actor, declaration)
    if declaration.status.is_final or declaration.released_at is not None:
        raise Conflict(
            f"declaration {declaration.number} is {declaration.status.value}; "
            "documents can no longer be attached"
        )
    if doc.valid_until is not None and doc.valid_until < doc.issue_date:
        raise RuleViolation.single("valid_until", "period", "is before issue_date")
    declaration.documents.append(_document(doc))
    declaration.updated_at = clock.now()
    uow.commit()
    return declaration
