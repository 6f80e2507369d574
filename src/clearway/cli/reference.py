"""`clearway reference`: tariff, exchange-rate and mainstream ore origin tables."""

from __future__ import annotations

from pathlib import Path

import typer

from clearway.cli.common import acting_user, guarded, platform
from clearway.reference import services
from clearway.reference.loading import (
    parse_exchange_rate_csv,
    parse_mainstream_origins_csv,
    parse_tariff_csv,
)

app = typer.Typer(help="Reference data: tariff, exchange rates.", no_args_is_help=True)


@app.command("load-tariff")
@guarded
def load_tariff(file: Path) -> None:
    """Load a national tariff CSV; the whole file is refused if any line is wrong."""
    p = platform()  # maps the classes first: rows built before mapping cannot be stored
    lines = parse_tariff_csv(file.read_text("utf-8"))
    with p.uow() as uow:
        count = services.load_tariff(uow, lines, acting_user(None), p.clock.now())
    typer.echo(f"loaded {count} tariff line periods from {file.name}")


@app.command("load-rates")
@guarded
def load_rates(file: Path) -> None:
    """Load dated exchange rates (currency, valid_from, cny_per_unit)."""
    p = platform()  # maps the classes first: rows built before mapping cannot be stored
    rates = parse_exchange_rate_csv(file.read_text("utf-8"))
    with p.uow() as uow:
        count = services.load_exchange_rates(uow, rates, acting_user(None), p.clock.now())
    typer.echo(f"loaded {count} exchange rates from {file.name}")


@app.command("load-mainstream-origins")
@guarded
def load_mainstream_origins(file: Path) -> None:
    """Load dated mainstream iron ore origins (country, valid_from, valid_to, note)."""
    p = platform()  # maps the classes first: rows built before mapping cannot be stored
    origins = parse_mainstream_origins_csv(file.read_text("utf-8"))
    with p.uow() as uow:
        count = services.load_mainstream_origins(uow, origins, acting_user(None), p.clock.now())
    typer.echo(f"loaded {count} mainstream ore origin periods from {file.name}")
