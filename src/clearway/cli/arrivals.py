"""`clearway arrivals`: record a train or vehicle's arrival; direct pickup on arrival."""

from __future__ import annotations

from datetime import datetime

import typer

from clearway.api.schemas_ore import arrival_out
from clearway.arrivals import queries, services
from clearway.arrivals.commands import ArrivalInput
from clearway.cli.common import acting_user, emit, fail, guarded, platform

app = typer.Typer(
    help="Arrivals at the site and direct pickup / direct loading.", no_args_is_help=True
)
AS_USER = typer.Option(..., "--as", help="Username to act as (tenancy applies).")


@app.command()
@guarded
def record(
    office: str,
    transport_means: str = typer.Argument(..., help="Train number or vehicle plate, as declared."),
    as_user: str = AS_USER,
    at: str | None = typer.Option(None, help="Arrival time, ISO 8601 with offset (default now)."),
) -> None:
    """Record an arrival; direct-pickup declarations that qualify are released at once."""
    p = platform()
    try:
        when = datetime.fromisoformat(at) if at else None
    except ValueError:
        fail(f"--at {at} is not an ISO 8601 time")
    if when is not None and when.tzinfo is None:
        fail("give --at with its UTC offset, e.g. 2026-11-20T08:00:00+08:00")
    data = ArrivalInput(office_code=office, transport_means=transport_means, arrived_at=when)
    with p.uow() as uow:
        arrival = services.record_arrival(uow, data, acting_user(as_user), p.clock, p.settings)
    emit(arrival_out(arrival, list(arrival.declarations)).model_dump(mode="json"))


@app.command("list")
@guarded
def list_(
    as_user: str = AS_USER,
    office: str | None = typer.Option(None),
    limit: int = typer.Option(20, min=1, max=500),
) -> None:
    """Latest arrivals with the outcome for each declaration, as JSON."""
    p = platform()
    with p.sessions() as session:
        found = queries.list_arrivals(session, acting_user(as_user), office, None, limit)
        emit([arrival_out(v.arrival, v.lines).model_dump(mode="json") for v in found])
