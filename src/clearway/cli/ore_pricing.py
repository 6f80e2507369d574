"""`clearway ore provisional-price` and `clearway ore final-price`: iron ore at a provisional
(formula) price, from its terms to the supplementary tax or refund notice."""

from __future__ import annotations

import typer

from clearway.api.schemas_ore_pricing import pricing_out
from clearway.bootstrap import Platform
from clearway.cli.common import acting_user, emit, guarded, platform
from clearway.cli.ore import AS_USER
from clearway.ore import pricing_services
from clearway.ore.commands import FinalPriceInput, ProvisionalPriceInput
from clearway.ore.pricing_records import ProvisionalPrice
from clearway.shared.errors import RuleViolation
from clearway.supervision.rules import local_day


def register(app: typer.Typer) -> None:
    """Add the two commands to `clearway ore`."""
    app.command("provisional-price")(guarded(provisional_price))
    app.command("final-price")(guarded(final_price))


def _emit(p: Platform, found: ProvisionalPrice, number: str) -> None:
    today = local_day(p.clock.now(), p.settings.supervision_timezone)
    emit(pricing_out(found, number, today).model_dump(mode="json"))


def provisional_price(
    declaration: str,
    basis: str = typer.Option(..., help="Index or formula, e.g. 'Platts IODEX 62% Fe CFR'."),
    period_start: str = typer.Option(..., help="Quotational period, first day (YYYY-MM-DD)."),
    period_end: str = typer.Option(..., help="Quotational period, last day (YYYY-MM-DD)."),
    unit_price: str = typer.Option(..., help="Provisional price per dry metric tonne."),
    fe: str = typer.Option(..., help="Fe basis of the unit price (% dry)."),
    moisture: str = typer.Option(..., help="Moisture basis (%)."),
    as_user: str = AS_USER,
) -> None:
    """Declare a draft ore declaration's price provisional, with the terms that settle it."""
    data = ProvisionalPriceInput.model_validate(
        {
            "pricing_basis": basis,
            "quotational_period_start": period_start,
            "quotational_period_end": period_end,
            "provisional_unit_price": unit_price,
            "fe_basis_pct": fe,
            "moisture_basis_pct": moisture,
        }
    )
    p = platform()
    with p.uow() as uow:
        found = pricing_services.state_provisional(
            uow, declaration, data, acting_user(as_user), p.clock
        )
        _emit(p, found, declaration)


def _line(raw: str, index: int) -> dict[str, str]:
    """LINE=PRICE, e.g. 1=4400000.00."""
    line_no, sep, price = raw.partition("=")
    if not sep:
        raise RuleViolation.single(f"lines.{index}", "format", f"'{raw}' is not LINE=PRICE")
    return {"line_no": line_no.strip(), "price": price.strip()}


def final_price(
    declaration: str,
    line: list[str] = typer.Option(..., "--line", help="LINE=PRICE for every item."),
    unit_price: str | None = typer.Option(None, help="Final price per dry metric tonne."),
    as_user: str = AS_USER,
) -> None:
    """Declare the final price; prints the supplementary tax or refund notice per item."""
    data = FinalPriceInput.model_validate(
        {"lines": [_line(raw, n) for n, raw in enumerate(line)], "final_unit_price": unit_price}
    )
    p = platform()
    with p.uow() as uow:
        found = pricing_services.declare_final(
            uow, declaration, data, acting_user(as_user), p.clock, p.settings
        )
        _emit(p, found, declaration)
