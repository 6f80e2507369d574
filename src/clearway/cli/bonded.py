"""`clearway bonded`: account books, balances at a date, movements, refunds, tax, stocktakes.

The same services as the API; refusals print one line and exit non-zero.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from clearway.api.schemas_bonded import (
    GatePassPublic,
    VerificationListPublic,
    present_book,
    present_notice,
)
from clearway.bonded import gate, movements, payments, queries, services
from clearway.bonded.commands import (
    AccountBookInput,
    BookItemInput,
    DecisionInput,
    GatePassInput,
    StocktakeInput,
    VerificationListInput,
)
from clearway.bonded.status import GateCommand, StocktakeCommand
from clearway.cli.common import acting_user, emit, fail, guarded, platform
from clearway.shared.errors import ClearwayError

app = typer.Typer(
    help="Bonded zone: books, lists, gate passes, refunds, tax.", no_args_is_help=True
)
AS_USER = typer.Option(..., "--as", help="Username to act as (tenancy applies).")
JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")
MOVEMENT_FIELDS = ("at", "item_no", "seq", "kind", "quantity", "balance_after", "list_number")
ITEM_FIELDS = ("item_no", "tariff_code", "goods_name", "dg_un_number", "balance", "unit")


def _table(title: str, columns: list[str], rows: list[list[object]]) -> None:
    table = Table(*columns, title=title)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console().print(table)


@app.command()
@guarded
def books(as_user: str = AS_USER, as_json: bool = JSON) -> None:
    """Account books the user may see, with each item's current balance."""
    with platform().sessions() as session:
        found = [present_book(b) for b in queries.list_books(session, acting_user(as_user))]
    if as_json:
        emit([b.model_dump(mode="json") for b in found])
        return
    _table(
        f"{len(found)} account books",
        ["book", "status", "item", "tariff", "goods", "DG", "balance", "unit"],
        [
            [b.number, b.status, *(getattr(i, f) for f in ITEM_FIELDS)]
            for b in found
            for i in b.items
        ],
    )


@app.command("open-book")
@guarded
def open_book(
    enterprise: int = typer.Option(..., help="Zone enterprise id."),
    office: str = typer.Option(..., help="Zone customs office code."),
    as_user: str = AS_USER,
) -> None:
    """Open an account book for a zone enterprise (customs)."""
    p = platform()
    with p.uow() as uow:
        book = services.open_book(
            uow,
            AccountBookInput(enterprise_id=enterprise, office_code=office),
            acting_user(as_user),
            p.clock,
        )
    typer.echo(f"account book {book.number} opened")


@app.command("add-item")
@guarded
def add_item(
    book: str,
    tariff: str = typer.Option(..., help="10-digit tariff line."),
    name: str = typer.Option(..., help="Goods name."),
    unit: str = typer.Option(..., help="Statutory unit of the tariff line."),
    un: str | None = typer.Option(None, help="UN number of hazardous goods (UN3480)."),
    as_user: str = AS_USER,
) -> None:
    """Register a goods line in a book."""
    p = platform()
    data = BookItemInput(tariff_code=tariff, goods_name=name, unit=unit, dg_un_number=un)
    with p.uow() as uow:
        item = services.register_item(uow, book, data, acting_user(as_user), p.clock)
    typer.echo(f"{book} item {item.item_no}: {item.tariff_code} {item.goods_name} ({item.unit})")


@app.command()
@guarded
def balances(
    book: str,
    at: str | None = typer.Option(None, help="Instant, ISO 8601 with offset."),
    on: str | None = typer.Option(None, help="End of this day (YYYY-MM-DD), district time."),
    as_user: str = AS_USER,
    as_json: bool = JSON,
) -> None:
    """Each item's balance as it stood at an instant or at the end of a day (default: now)."""
    p = platform()
    tz = p.settings.bonded_report_timezone
    when = _instant(at) if at else (queries.end_of_day(_day(on), tz) if on else p.clock.now())
    with p.sessions() as session:
        found = queries.get_book(session, acting_user(as_user), book)
        rows = queries.balances_at(session, found, when)
    if as_json:
        emit(
            {
                "book": book,
                "at": when.isoformat(),
                "items": [
                    {"item_no": r.item_no, "balance": str(r.balance), "unit": r.unit} for r in rows
                ],
            }
        )
        return
    _table(
        f"{book} at {when.isoformat()}",
        ["item", "tariff", "goods", "DG", "balance", "unit"],
        [[r.item_no, r.tariff_code, r.goods_name, r.dg_un_number, r.balance, r.unit] for r in rows],
    )


@app.command("movements")
@guarded
def movement_history(
    book: str,
    item: int | None = typer.Option(None, help="Only this item number."),
    limit: int = typer.Option(100, min=1, max=10000),
    as_user: str = AS_USER,
    as_json: bool = JSON,
) -> None:
    """Ledger lines of a book, oldest first, with running balances."""
    with platform().sessions() as session:
        found = queries.get_book(session, acting_user(as_user), book)
        total, rows = queries.movements(session, found, item, None, None, limit, 0)
    if as_json:
        emit({"total": total, "items": [r.__dict__ for r in rows]})
        return
    _table(
        f"{total} movements of {book}",
        ["at", "item", "seq", "kind", "quantity", "balance", "list"],
        [[getattr(r, f) for f in MOVEMENT_FIELDS] for r in rows],
    )


@app.command()
@guarded
def lodge(file: Path, as_user: str = AS_USER) -> None:
    """Lodge a verification list from a JSON file shaped like the API's POST body."""
    p = platform()
    data = VerificationListInput.model_validate(json.loads(file.read_text("utf-8")))
    with p.uow() as uow:
        vl = movements.lodge_list(uow, data, acting_user(as_user), p.clock)
        shown = VerificationListPublic.model_validate(queries.list_view(uow.session, vl))
    typer.echo(
        f"{shown.number} ({shown.kind}, {shown.direction}) lodged: {shown.status}"
        + (" [DG]" if shown.dg_mark else "")
    )


@app.command("show-list")
@guarded
def show_list(number: str, as_user: str = AS_USER) -> None:
    """One verification list with its lines, passage and refund, as JSON."""
    with platform().sessions() as session:
        vl = queries.get_list(session, acting_user(as_user), number)
        emit(
            VerificationListPublic.model_validate(queries.list_view(session, vl)).model_dump(
                mode="json"
            )
        )


@app.command()
@guarded
def post(number: str, as_user: str = AS_USER) -> None:
    """Post a list whose goods passed the gate once its declaration is released."""
    p = platform()
    with p.uow() as uow:
        vl = movements.post_list(uow, number, acting_user(as_user), p.clock)
    typer.echo(f"{vl.number}: {vl.status.value}")


@app.command("post-ready")
def post_ready(as_user: str = AS_USER) -> None:
    """Post every list left waiting for its declaration's release, one transaction each."""
    p = platform()
    actor = acting_user(as_user)
    with p.sessions() as session:
        ready = queries.ready_lists(session, actor)
    refused = 0
    for number in ready:
        try:
            with p.uow() as uow:
                movements.post_list(uow, number, actor, p.clock)
            typer.echo(f"{number}: posted")
        except ClearwayError as exc:
            refused += 1
            typer.echo(f"{number}: refused: {exc}", err=True)
    typer.echo(f"{len(ready) - refused} posted, {refused} refused")
    if refused:
        raise typer.Exit(1)


@app.command("gate-pass")
@guarded
def gate_pass(file: Path, as_user: str = AS_USER) -> None:
    """Issue a gate pass from a JSON file shaped like the API's POST body."""
    p = platform()
    data = GatePassInput.model_validate(json.loads(file.read_text("utf-8")))
    with p.uow() as uow:
        issued = gate.issue_gate_pass(uow, data, acting_user(as_user), p.clock)
    typer.echo(f"gate pass {issued.number} issued for {issued.vehicle_plate}")


@app.command("gate")
@guarded
def gate_event(number: str, command: GateCommand, as_user: str = AS_USER) -> None:
    """Record gate_in or gate_out for a gate pass (customs), or cancel it."""
    p = platform()
    with p.uow() as uow:
        passed = gate.gate_event(uow, number, command, acting_user(as_user), p.clock)
        shown = GatePassPublic.model_validate(queries.gate_pass_view(uow.session, passed))
    typer.echo(
        f"{shown.number}: {command.value} -> {shown.status}"
        + (" (goods passed)" if shown.goods_passed else "")
    )


@app.command()
@guarded
def refunds(
    year: int = typer.Option(..., min=2000, max=2100), as_user: str = AS_USER, as_json: bool = JSON
) -> None:
    """Zone-entry export refunds per enterprise and month."""
    p = platform()
    with p.sessions() as session:
        rows = queries.refunds_by_month(
            session, acting_user(as_user), year, p.settings.bonded_report_timezone
        )
    if as_json:
        emit([r.__dict__ for r in rows])
        return
    _table(
        f"export refunds {year}",
        ["month", "enterprise", "refunds", "value CNY", "refund CNY"],
        [
            [r.month, r.enterprise, r.refunds, f"{r.customs_value:,.2f}", f"{r.amount:,.2f}"]
            for r in rows
        ],
    )


@app.command()
@guarded
def tax(
    year: int = typer.Option(..., min=2000, max=2100), as_user: str = AS_USER, as_json: bool = JSON
) -> None:
    """Duty and import VAT per month of payment or guarantee."""
    p = platform()
    with p.sessions() as session:
        rows = queries.tax_by_month(
            session, acting_user(as_user), year, p.settings.bonded_report_timezone
        )
    if as_json:
        emit([r.__dict__ for r in rows])
        return
    _table(
        f"duty and VAT {year}",
        ["month", "declarations", "duty", "VAT", "total", "guaranteed"],
        [
            [
                r.month,
                r.declarations,
                f"{r.duty:,.2f}",
                f"{r.vat:,.2f}",
                f"{r.amount:,.2f}",
                f"{r.guaranteed_open:,.2f}",
            ]
            for r in rows
        ],
    )


@app.command("tax-notice")
@guarded
def tax_notice(declaration: str, as_user: str = AS_USER) -> None:
    """Duty and VAT per item of a declaration at its date's rates, as JSON."""
    with platform().sessions() as session:
        found, notice = payments.tax_notice(session, acting_user(as_user), declaration)
        emit(
            present_notice(found, notice, queries.payment_of(session, found.id)).model_dump(
                mode="json"
            )
        )


@app.command()
@guarded
def pay(declaration: str, as_user: str = AS_USER) -> None:
    """Pay a declaration's assessed duty and VAT; it moves to paid."""
    p = platform()
    with p.uow() as uow:
        found = payments.pay(uow, declaration, acting_user(as_user), p.clock)
    typer.echo(f"{found.number}: {found.status.value}")


@app.command()
@guarded
def stocktake(
    book: str,
    count: list[str] = typer.Option(..., help="ITEM=QUANTITY, repeatable."),
    on: str = typer.Option(..., help="Day of the count (YYYY-MM-DD)."),
    reason: str = typer.Option(""),
    as_user: str = AS_USER,
) -> None:
    """Record a physical count; its differences wait for customs' approval."""
    counts = []
    for pair in count:
        item, _, quantity = pair.partition("=")
        if not item.isdigit():
            fail(f"--count {pair}: give ITEM=QUANTITY, e.g. 1=48")
        counts.append({"item_no": int(item), "counted_quantity": _quantity(quantity)})
    data = StocktakeInput.model_validate(
        {"counted_on": _day(on), "reason": reason, "counts": counts}
    )
    p = platform()
    with p.uow() as uow:
        taken = services.record_stocktake(uow, book, data, acting_user(as_user), p.clock)
    for line in taken.lines:
        typer.echo(
            f"item {line.item_no}: book {line.book_quantity}, counted "
            f"{line.counted_quantity}, difference {line.difference}"
        )
    typer.echo(f"stocktake {taken.id} recorded; awaiting approval")


@app.command("decide-stocktake")
@guarded
def decide_stocktake(
    stocktake_id: int,
    decision: StocktakeCommand,
    reason: str = typer.Option(""),
    as_user: str = AS_USER,
) -> None:
    """Approve (post the differences) or reject a stocktake (customs)."""
    p = platform()
    with p.uow() as uow:
        taken = services.decide_stocktake(
            uow, stocktake_id, decision, DecisionInput(reason=reason), acting_user(as_user), p.clock
        )
    typer.echo(f"stocktake {taken.id}: {taken.status.value}")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"'{text}' is not a date (YYYY-MM-DD)")


def _instant(text: str) -> datetime:
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        fail(f"'{text}' is not an ISO 8601 instant")
    if found.tzinfo is None:
        fail("give --at with its UTC offset, e.g. 2024-02-01T08:00:00+08:00")
    return found


def _quantity(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        fail(f"'{text}' is not a number")
