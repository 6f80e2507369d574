"""Bonded zone: account books, verification lists, gate passes, stocktakes, tax and reports.

Zone enterprises see only their own books; customs see the whole zone; another tenant's record
answers 404. Refusals are domain errors turned into problem JSON in one place (a withdrawal
beyond the balance is a 409 that names the available quantity).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, status

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas import Page
from clearway.api.schemas_bonded import (
    AccountBookPublic,
    BalancesPublic,
    BookItemPublic,
    GatePassPublic,
    GuaranteePublic,
    LocationPublic,
    MovementPublic,
    RefundMonthPublic,
    RefundPublic,
    StocktakePublic,
    TaxMonthPublic,
    TaxNoticePublic,
    VerificationListPublic,
    present_balances,
    present_book,
    present_movements,
    present_notice,
    present_refund_months,
    present_tax_months,
)
from clearway.bonded import gate, movements, payments, queries, services
from clearway.bonded.commands import (
    AccountBookInput,
    BookItemInput,
    DecisionInput,
    GatePassInput,
    GuaranteeInput,
    LocationInput,
    SecureInput,
    StocktakeInput,
    VerificationListInput,
)
from clearway.bonded.model import StorageLocation
from clearway.bonded.status import GateCommand, ListStatus, StocktakeCommand
from clearway.bonded.stocktake import Stocktake
from clearway.bonded.tax_records import ExportRefund, TaxGuarantee
from clearway.declarations import services as declaration_services
from clearway.shared.bounds import Id, Limit, Offset
from clearway.shared.errors import RuleViolation

router = APIRouter(prefix="/bonded", tags=["bonded zone"])
Year = Annotated[int, Query(ge=2000, le=2100)]


def _aware(name: str, value: datetime | None) -> None:
    """Instants must carry their UTC offset: a bare clock time is ambiguous across zones."""
    if value is not None and value.tzinfo is None:
        raise RuleViolation.single(name, "timezone", "give the instant with its UTC offset")


@router.get("/account-books", response_model=list[AccountBookPublic])
def list_books(
    actor: ActorDep, session: SessionDep, enterprise: Id | None = None
) -> list[AccountBookPublic]:
    """Books the caller may see: its own enterprise's, or the whole zone for customs."""
    return [present_book(b) for b in queries.list_books(session, actor, enterprise)]


@router.post(
    "/account-books", status_code=status.HTTP_201_CREATED, response_model=AccountBookPublic
)
def open_book(
    body: AccountBookInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> AccountBookPublic:
    """Open an account book for a zone enterprise (customs)."""
    return present_book(services.open_book(uow, body, actor, platform.clock))


@router.get("/account-books/{book}", response_model=AccountBookPublic)
def read_book(book: str, actor: ActorDep, session: SessionDep) -> AccountBookPublic:
    """One book with its items and current balances."""
    return present_book(queries.get_book(session, actor, book))


@router.post("/account-books/{book}/close", response_model=AccountBookPublic)
def close_book(
    book: str,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: DecisionInput | None = None,
) -> AccountBookPublic:
    """Close a settled book; it takes no movement afterwards."""
    return present_book(
        services.close_book(uow, book, body or DecisionInput(), actor, platform.clock)
    )


@router.post(
    "/account-books/{book}/items",
    status_code=status.HTTP_201_CREATED,
    response_model=BookItemPublic,
)
def register_item(
    book: str, body: BookItemInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> BookItemPublic:
    """Register a goods line in the tariff line's statutory unit (DG goods carry a UN number)."""
    item = services.register_item(uow, book, body, actor, platform.clock)
    return BookItemPublic.model_validate(item)


@router.get("/account-books/{book}/balances", response_model=BalancesPublic)
def balances(
    book: str,
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    at: Annotated[datetime | None, Query(description="Instant (ISO 8601 with offset)")] = None,
    on: Annotated[date | None, Query(description="End of this day, district time")] = None,
) -> BalancesPublic:
    """Each item's balance as it stood at an instant or at the end of a day (default: now)."""
    if at is not None and on is not None:
        raise RuleViolation.single("at", "one_of", "give either at or on, not both")
    _aware("at", at)
    found = queries.get_book(session, actor, book)
    tz = platform.settings.bonded_report_timezone
    when = at or (queries.end_of_day(on, tz) if on else platform.clock.now())
    return present_balances(found, when, queries.balances_at(session, found, when))


@router.get("/account-books/{book}/movements", response_model=Page[MovementPublic])
def movement_history(
    book: str,
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    item_no: Id | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[MovementPublic]:
    """Ledger lines of a book, oldest first, each with its running balance and its list."""
    _aware("since", since)
    _aware("until", until)
    limit = min(limit, platform.settings.page_size_max)
    found = queries.get_book(session, actor, book)
    total, rows = queries.movements(session, found, item_no, since, until, limit, offset)
    return Page(total=total, limit=limit, offset=offset, items=present_movements(rows))


@router.post(
    "/account-books/{book}/stocktakes",
    status_code=status.HTTP_201_CREATED,
    response_model=StocktakePublic,
)
def record_stocktake(
    book: str, body: StocktakeInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> Stocktake:
    """Record a physical count; its differences wait for customs' approval."""
    return services.record_stocktake(uow, book, body, actor, platform.clock)


@router.get("/stocktakes/{stocktake_id}", response_model=StocktakePublic)
def read_stocktake(stocktake_id: Id, actor: ActorDep, session: SessionDep) -> Stocktake:
    return queries.get_stocktake(session, actor, stocktake_id)


@router.post("/stocktakes/{stocktake_id}/{decision}", response_model=StocktakePublic)
def decide_stocktake(
    stocktake_id: Id,
    decision: StocktakeCommand,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: DecisionInput | None = None,
) -> Stocktake:
    """Approve (the differences post to the ledger) or reject a count (customs)."""
    return services.decide_stocktake(
        uow, stocktake_id, decision, body or DecisionInput(), actor, platform.clock
    )


@router.get("/locations", response_model=list[LocationPublic])
def list_locations(
    actor: ActorDep, session: SessionDep, office: Annotated[str, Query(pattern=r"^\d{4}$")]
) -> list[StorageLocation]:
    """Storage places of a zone: public ones and the caller's own (customs: all)."""
    rows = services.locations_of(session, office)
    if actor.is_customs:
        return rows
    return [r for r in rows if r.enterprise_id in (None, actor.enterprise_id)]


@router.post("/locations", status_code=status.HTTP_201_CREATED, response_model=LocationPublic)
def add_location(
    body: LocationInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> StorageLocation:
    """Record a storage place, approved for dangerous goods or not (customs)."""
    return services.add_location(uow, body, actor, platform.clock)


@router.post(
    "/verification-lists",
    status_code=status.HTTP_201_CREATED,
    response_model=VerificationListPublic,
)
def lodge_list(
    body: VerificationListInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> VerificationListPublic:
    """Lodge a verification list; in-zone transfers post at once, others after the gate."""
    vl = movements.lodge_list(uow, body, actor, platform.clock)
    return VerificationListPublic.model_validate(queries.list_view(uow.session, vl))


@router.get("/verification-lists", response_model=Page[VerificationListPublic])
def list_lists(
    actor: ActorDep,
    session: SessionDep,
    platform: PlatformDep,
    book: str | None = None,
    status_: Annotated[ListStatus | None, Query(alias="status")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[VerificationListPublic]:
    """Verification lists of the caller's books (customs: all), newest first."""
    limit = min(limit, platform.settings.page_size_max)
    book_id = queries.get_book(session, actor, book).id if book else None
    total, rows = queries.list_lists(
        session, actor, book_id, status_.value if status_ else None, limit, offset
    )
    items = [VerificationListPublic.model_validate(v) for v in queries.list_views(session, rows)]
    return Page(total=total, limit=limit, offset=offset, items=items)


@router.get("/verification-lists/{number}", response_model=VerificationListPublic)
def read_list(number: str, actor: ActorDep, session: SessionDep) -> VerificationListPublic:
    return VerificationListPublic.model_validate(
        queries.list_view(session, queries.get_list(session, actor, number))
    )


@router.post("/verification-lists/{number}/post", response_model=VerificationListPublic)
def post_list(
    number: str, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> VerificationListPublic:
    """Post a list whose goods passed the gate once its declaration is released; 409 before."""
    return VerificationListPublic.model_validate(
        queries.list_view(uow.session, movements.post_list(uow, number, actor, platform.clock))
    )


@router.post("/verification-lists/{number}/cancel", response_model=VerificationListPublic)
def cancel_list(
    number: str,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
    body: DecisionInput | None = None,
) -> VerificationListPublic:
    vl = movements.cancel_list(uow, number, body or DecisionInput(), actor, platform.clock)
    return VerificationListPublic.model_validate(queries.list_view(uow.session, vl))


@router.post("/gate-passes", status_code=status.HTTP_201_CREATED, response_model=GatePassPublic)
def issue_gate_pass(
    body: GatePassInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> GatePassPublic:
    """Issue a gate pass for a vehicle and stated quantities of list lines."""
    return GatePassPublic.model_validate(
        queries.gate_pass_view(uow.session, gate.issue_gate_pass(uow, body, actor, platform.clock))
    )


@router.get("/gate-passes/{number}", response_model=GatePassPublic)
def read_gate_pass(number: str, actor: ActorDep, session: SessionDep) -> GatePassPublic:
    return GatePassPublic.model_validate(
        queries.gate_pass_view(session, queries.get_gate_pass(session, actor, number))
    )


@router.post("/gate-passes/{number}/{command}", response_model=GatePassPublic)
def gate_event(
    number: str, command: GateCommand, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> GatePassPublic:
    """Record gate_in or gate_out (customs), or cancel; the book moves when the last goods pass."""
    gate_pass = gate.gate_event(uow, number, command, actor, platform.clock)
    return GatePassPublic.model_validate(queries.gate_pass_view(uow.session, gate_pass))


@router.get("/refunds", response_model=list[RefundPublic])
def refunds(
    actor: ActorDep, session: SessionDep, limit: Limit = 50, offset: Offset = 0
) -> list[ExportRefund]:
    """Zone-entry export refund records, newest first."""
    return queries.refunds(session, actor, min(limit, 200), offset)


@router.get("/reports/refunds", response_model=list[RefundMonthPublic])
def refund_report(
    actor: ActorDep, session: SessionDep, platform: PlatformDep, year: Year
) -> list[RefundMonthPublic]:
    """Refunds per enterprise and calendar month of entry."""
    tz = platform.settings.bonded_report_timezone
    return present_refund_months(queries.refunds_by_month(session, actor, year, tz))


@router.get("/reports/tax", response_model=list[TaxMonthPublic])
def tax_report(
    actor: ActorDep, session: SessionDep, platform: PlatformDep, year: Year
) -> list[TaxMonthPublic]:
    """Duty and import VAT per calendar month of payment or guarantee."""
    tz = platform.settings.bonded_report_timezone
    return present_tax_months(queries.tax_by_month(session, actor, year, tz))


@router.get("/guarantees", response_model=list[GuaranteePublic])
def list_guarantees(actor: ActorDep, session: SessionDep) -> list[TaxGuarantee]:
    return queries.guarantees(session, actor)


@router.post("/guarantees", status_code=status.HTTP_201_CREATED, response_model=GuaranteePublic)
def file_guarantee(
    body: GuaranteeInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> TaxGuarantee:
    """Record a tax guarantee filed for an enterprise (customs)."""
    return payments.file_guarantee(uow, body, actor, platform.clock)


@router.get("/tax/{declaration}", response_model=TaxNoticePublic)
def tax_notice(declaration: str, actor: ActorDep, session: SessionDep) -> TaxNoticePublic:
    """Duty and VAT per item at the declaration date's rates, and how they were paid."""
    found, notice = payments.tax_notice(session, actor, declaration)
    return present_notice(found, notice, queries.payment_of(session, found.id))


@router.post("/tax/{declaration}/payment", response_model=TaxNoticePublic)
def pay(declaration: str, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> TaxNoticePublic:
    """Pay the assessed duty and VAT; the declaration moves to paid."""
    found = payments.pay(uow, declaration, actor, platform.clock)
    notice = declaration_services.assess(uow.session, found)
    return present_notice(found, notice, queries.payment_of(uow.session, found.id))


@router.post("/tax/{declaration}/guarantee", response_model=TaxNoticePublic)
def secure(
    declaration: str, body: SecureInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> TaxNoticePublic:
    """Secure the assessed duty and VAT with a guarantee; 409 naming what the guarantee has left."""
    found = payments.secure(uow, declaration, body, actor, platform.clock)
    notice = declaration_services.assess(uow.session, found)
    return present_notice(found, notice, queries.payment_of(uow.session, found.id))


@router.post("/tax/{declaration}/settlement", response_model=TaxNoticePublic)
def settle(
    declaration: str, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> TaxNoticePublic:
    """The guaranteed tax is paid: the guarantee gets its amount back."""
    payments.settle(uow, declaration, actor, platform.clock)
    found, notice = payments.tax_notice(uow.session, actor, declaration)
    return present_notice(found, notice, queries.payment_of(uow.session, found.id))
