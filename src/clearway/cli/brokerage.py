"""`clearway brokerage`: import plans, trains and the expected-arrivals board."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from clearway.brokerage import queries, services
from clearway.brokerage.commands import ImportPlanInput, TrainInput
from clearway.brokerage.screening import screen_for
from clearway.cli.common import acting_user, emit, guarded, platform

app = typer.Typer(help="Broker information platform.", no_args_is_help=True)
AS_USER = typer.Option(..., "--as", help="Username to act as (tenancy applies).")


@app.command()
@guarded
def arrivals(
    as_user: str = AS_USER,
    office: str | None = typer.Option(None, help="Customs office code, e.g. 7909."),
    day: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD (default today)."),
    days: int = typer.Option(3, min=1, max=31),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The expected-arrivals board: trains and announced plans, soonest first."""
    p = platform()
    actor = acting_user(as_user)
    start, end = queries.day_window(date.fromisoformat(day) if day else p.clock.now().date(), days)
    with p.sessions() as session:
        rows = queries.arrivals_board(session, actor, office, start, end)
    if as_json:
        emit(
            [{**r.__dict__, "risk_level": r.risk_level if actor.is_customs else None} for r in rows]
        )
        return
    table = Table(
        "expected (UTC)",
        "train",
        "status",
        "importer",
        "goods",
        "wagons",
        "kg",
        "risk",
        "declaration",
        title=f"{len(rows)} expected at the border",
    )
    for r in rows:
        table.add_row(
            r.expected_at.strftime("%Y-%m-%d %H:%M"),
            r.train_number or "(plan)",
            r.status,
            r.principal_name,
            r.goods_name or "",
            str(r.wagons or ""),
            f"{r.net_weight:,.0f}" if r.net_weight is not None else "",
            (r.risk_level or "") if actor.is_customs else "",
            r.declaration_number or "",
        )
    Console().print(table)


@app.command()
@guarded
def plan(file: Path, as_user: str = AS_USER) -> None:
    """Submit an import plan from a JSON file shaped like the API's POST body."""
    data = ImportPlanInput.model_validate(json.loads(file.read_text("utf-8")))
    p = platform()
    with p.uow() as uow:
        done = services.submit_plan(uow, data, acting_user(as_user), p.clock, screen_for(p))
    typer.echo(f"import plan {done.id} {done.status.value}")


@app.command()
@guarded
def train(file: Path, as_user: str = AS_USER) -> None:
    """Record a train's departure (wagons, ETA) from a JSON file shaped like the API's body."""
    data = TrainInput.model_validate(json.loads(file.read_text("utf-8")))
    p = platform()
    with p.uow() as uow:
        done = services.record_train(uow, data, acting_user(as_user), p.clock, screen_for(p))
    typer.echo(
        f"train {done.train_number} ({done.id}) {done.status.value}, {len(done.wagons)} wagons"
    )
