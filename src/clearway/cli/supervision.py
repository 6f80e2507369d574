"""`clearway supervision`: eligibility, two-step and centralized declaration, breaches."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer

from clearway.cli.common import acting_user, emit, guarded, platform
from clearway.declarations.queries import get_visible
from clearway.shared.errors import NotFound
from clearway.supervision import breaches, centralized, consolidation, queries, two_step, views
from clearway.supervision.commands import (
    CompleteInput,
    ConsolidateInput,
    FilingInput,
    ListInput,
    PickupInput,
    SummaryInput,
)
from clearway.supervision.eligibility import Facility
from clearway.supervision.rules import local_day

app = typer.Typer(help="Supervision facilities and their eligibility.", no_args_is_help=True)
two_step_app = typer.Typer(help="Two-step declaration of imports.", no_args_is_help=True)
centralized_app = typer.Typer(help="Centralized declaration.", no_args_is_help=True)
app.add_typer(two_step_app, name="two-step")
app.add_typer(centralized_app, name="centralized")
AS_USER = typer.Option(..., "--as", help="Username to act as (tenancy applies).")
FILE = typer.Argument(..., exists=True, dir_okay=False, help="JSON body, as the API takes it.")


def _json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def _summary(number: str, as_user: str) -> dict[str, Any]:
    p, actor = platform(), acting_user(as_user)
    with p.sessions() as session:
        declaration = get_visible(session, actor, number)
        found = two_step.summary_of(session, declaration)
        if found is None:
            raise NotFound("two-step summary", number)
        return views.two_step_view(session, found, declaration, p.settings, p.clock.now())


@app.command()
@guarded
def eligibility(
    enterprise_id: int | None = typer.Argument(None, help="Default: the user's own enterprise."),
    as_user: str | None = typer.Option(None, "--as", help="Default: the platform (customs)."),
    facility: Facility | None = typer.Option(None),
    on: str | None = typer.Option(None, help="Day to decide for (YYYY-MM-DD); default today."),
    tariff_code: list[str] = typer.Option([], "--tariff-code"),
    office_code: str | None = typer.Option(None, "--office"),
) -> None:
    """Which facilities an enterprise may use, and every reason when it may not."""
    p, actor = platform(), acting_user(as_user)
    day = (
        date.fromisoformat(on) if on else local_day(p.clock.now(), p.settings.supervision_timezone)
    )
    with p.sessions() as session:
        view = queries.eligibility_for(
            session,
            p.settings,
            actor,
            enterprise_id,
            [facility] if facility else list(Facility),
            day,
            tariff_codes=tariff_code,
            office_code=office_code,
        )
    emit(
        {
            "enterprise_id": view.enterprise_id,
            "on": view.on,
            "credit_level": view.credit_level,
            "decisions": [
                {"facility": d.facility.value, "allowed": d.allowed, "reasons": list(d.reasons)}
                for d in view.decisions
            ],
        }
    )


@two_step_app.command("lodge")
@guarded
def lodge(path: Path = FILE, as_user: str = AS_USER) -> None:
    """Lodge a summary from a JSON file: {"declaration": {...}, "taxable", "guarantee"}."""
    p, actor = platform(), acting_user(as_user)
    with p.uow() as uow:
        declaration, _ = two_step.lodge_summary(
            uow, SummaryInput.model_validate(_json(path)), actor, p.clock, p.settings, p.submission
        )
    emit(_summary(declaration.number, as_user))


@two_step_app.command("pickup")
@guarded
def pickup(number: str, as_user: str = AS_USER, reason: str = typer.Option("")) -> None:
    """Release an accepted summary's goods (after its inspection, if selected)."""
    p, actor = platform(), acting_user(as_user)
    with p.uow() as uow:
        two_step.pickup(uow, number, PickupInput(reason=reason), actor, p.clock, p.settings)
    emit(_summary(number, as_user))


@two_step_app.command("complete")
@guarded
def complete(path: Path = FILE, as_user: str = AS_USER) -> None:
    """Lodge the complete declaration from a JSON file ({"summary": number, "items": [...]})."""
    p, actor = platform(), acting_user(as_user)
    data = CompleteInput.model_validate(_json(path))
    with p.uow() as uow:
        two_step.complete(uow, data, actor, p.clock, p.settings)
    emit(_summary(data.summary, as_user))


@two_step_app.command("show")
@guarded
def show(number: str, as_user: str = AS_USER) -> None:
    """A summary, its reservation and its deadline."""
    emit(_summary(number, as_user))


@two_step_app.command("list")
@guarded
def list_summaries(as_user: str = AS_USER, limit: int = typer.Option(50, min=1)) -> None:
    """Summaries the user may see, newest first."""
    p, actor = platform(), acting_user(as_user)
    with p.sessions() as session:
        rows = queries.summaries(session, actor, None, limit, 0)
        now = p.clock.now()
        emit([views.two_step_view(session, s, d, p.settings, now) for s, d in rows])


@centralized_app.command("file")
@guarded
def file_(path: Path = FILE, as_user: str = AS_USER) -> None:
    """File for centralized declaration from a JSON file."""
    p, actor = platform(), acting_user(as_user)
    with p.uow() as uow:
        filing = centralized.file(
            uow, FilingInput.model_validate(_json(path)), actor, p.clock, p.settings
        )
        emit(views.filing_view(uow.session, filing, p.settings, p.clock.now()))


@centralized_app.command("list-add")
@guarded
def add_list(path: Path = FILE, as_user: str = AS_USER) -> None:
    """Lodge one shipment's centralized list from a JSON file."""
    p, actor = platform(), acting_user(as_user)
    with p.uow() as uow:
        listed = centralized.lodge_list(
            uow, ListInput.model_validate(_json(path)), actor, p.clock, p.settings
        )
        emit(views.list_view(uow.session, listed))


@centralized_app.command("consolidate")
@guarded
def consolidate(filing: str, period: str, as_user: str = AS_USER) -> None:
    """Consolidate a filing's lists of a month (YYYY-MM) into one declaration."""
    p, actor = platform(), acting_user(as_user)
    with p.uow() as uow:
        declaration = consolidation.consolidate(
            uow,
            ConsolidateInput(filing=filing, period=period),
            actor,
            p.clock,
            p.settings,
            p.submission,
        )
        lists = queries.lists_of_declaration(uow.session, declaration.id)
        emit(
            {
                "declaration": declaration.number,
                "status": declaration.status.value,
                "duty_amount": declaration.duty_amount,
                "lists": [x.number for x in lists],
            }
        )


@centralized_app.command("show")
@guarded
def show_filing(filing: str, as_user: str = AS_USER) -> None:
    """A filing with its periods, deadlines and lists."""
    p, actor = platform(), acting_user(as_user)
    with p.sessions() as session:
        found = queries.visible_filing(session, actor, filing)
        emit(views.filing_view(session, found, p.settings, p.clock.now(), with_lists=True))


@app.command("breaches")
@guarded
def list_breaches(
    as_user: str = AS_USER,
    enterprise_id: int | None = typer.Option(None, "--enterprise"),
    facility: Facility | None = typer.Option(None),
) -> None:
    """Missed obligations the user may see, newest first."""
    actor = acting_user(as_user)
    with platform().sessions() as session:
        emit([b.__dict__ for b in breaches.breaches_of(session, actor, enterprise_id, facility)])


@app.command("lift")
@guarded
def lift(breach_id: int, reason: str, as_user: str = AS_USER) -> None:
    """Lift a breach (a justified delay); it stops counting for eligibility."""
    p, actor = platform(), acting_user(as_user)
    with p.uow() as uow:
        lifted = breaches.lift(uow.session, breach_id, reason, actor, p.clock.now())
        uow.commit()
    emit(lifted.__dict__)
