"""`clearway dg`: run the lithium-battery checks on a declaration file, read stored checks."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer

from clearway.cli.common import acting_user, emit, guarded, platform
from clearway.dangerous_goods import queries, services
from clearway.dangerous_goods.outcome import Outcome, RatedFinding
from clearway.dangerous_goods.policy import policy_of
from clearway.declarations.commands import DeclarationInput

app = typer.Typer(help="Lithium-battery dangerous-goods checks.", no_args_is_help=True)
AS_USER = typer.Option(..., "--as", help="Username to act as (tenancy applies).")


def _line(rated: RatedFinding) -> str:
    f = rated.finding
    lane = f" -> {rated.lane.value}" if rated.lane else ""
    return f"{rated.severity.value.upper()}{lane} {f.rule} {f.path}: {f.message}"


@app.command()
@guarded
def check(
    file: Path,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Check a declaration JSON file (the API's POST body) without lodging it.

    Exits 1 when submitting it would be refused.
    """
    data = DeclarationInput.model_validate(json.loads(file.read_text("utf-8")))
    p = platform()
    consignment, assessment = services.check(data, policy_of(p.settings), p.clock.now().date())
    if as_json:
        from clearway.api.schemas_dangerous_goods import CheckResultPublic

        emit(CheckResultPublic.of(consignment, assessment).model_dump(mode="json"))
    else:
        floor = assessment.lane_floor
        typer.echo(
            f"{assessment.outcome.value}: {assessment.lines_checked} lithium line(s), shipping "
            f"{consignment.shipping_date.isoformat()} by {consignment.transport_mode.value}"
            + (f", at least {floor.value} lane" if floor else "")
        )
        for rated in assessment.findings:
            typer.echo(_line(rated))
    if assessment.outcome is Outcome.REFUSED:
        raise typer.Exit(1)


@app.command()
@guarded
def show(number: str, as_user: str = AS_USER) -> None:
    """The checks stored when a declaration was submitted, newest first (JSON)."""
    actor = acting_user(as_user)
    with platform().sessions() as session:
        emit([asdict(c) for c in queries.checks_of(session, actor, number)])


@app.command()
def policy() -> None:
    """The checks in force: severity and soft lane per check, and the dated rules."""
    current = policy_of(platform().settings)
    for check_code, severity in current.severity.items():
        lane = current.soft_lane.get(check_code)
        soft = f" (soft lane {lane.value})" if severity.value == "soft" and lane else ""
        typer.echo(f"{check_code.value}: {severity.value}{soft}")
    rules = ", ".join(str(r) for r in current.charge_rules)
    typer.echo(f"state of charge <= {current.max_state_of_charge} % for {rules}")
    for un, since in current.withdrawn_for_lithium.items():
        typer.echo(f"{un} withdrawn for lithium goods from {since.isoformat()}")
    months = ", ".join(f"{k} {v}" for k, v in current.appraisal_months.items())
    typer.echo(f"usage appraisal sheet validity in months: {months}")
