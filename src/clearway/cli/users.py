"""`clearway users`: user accounts."""

from __future__ import annotations

from collections.abc import Callable

import typer

from clearway.cli.common import acting_user, guarded, platform
from clearway.identity import services
from clearway.identity.commands import OfficeInput
from clearway.identity.model import Role
from clearway.identity.services import create_user

app = typer.Typer(help="User accounts.", no_args_is_help=True)


@app.command()
@guarded
def create(
    username: str,
    role: Role = typer.Option(..., help="One of: " + ", ".join(r.value for r in Role)),
    full_name: str = typer.Option(..., "--name"),
    enterprise_id: int | None = typer.Option(None, "--enterprise"),
    office_code: str | None = typer.Option(
        None, "--office", help="Customs office code of an inspection or liaison officer."
    ),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
) -> None:
    """Create a user (runs as the platform administrator)."""
    p = platform()
    with p.uow() as uow:
        user = create_user(
            uow,
            username,
            password,
            full_name,
            role,
            enterprise_id,
            acting_user(None),
            p.clock,
            office_code,
        )
    typer.echo(f"user {user.username} created with role {user.role.value}")


@app.command()
@guarded
def deactivate(username: str) -> None:
    """Stop a user signing in; its API tokens and portal sessions stop working at once."""
    _change_standing(services.deactivate, username, "deactivated")


@app.command()
@guarded
def reactivate(username: str) -> None:
    """Let a deactivated user sign in again."""
    _change_standing(services.reactivate, username, "reactivated")


@app.command("assign-office")
@guarded
def assign_office(
    username: str,
    office_code: str | None = typer.Argument(
        None, help="Customs office code; leave out to withdraw the user's office."
    ),
) -> None:
    """Give an inspection or liaison officer its customs office (it then sees that office's
    declarations only)."""
    chosen = OfficeInput(office_code=office_code).office_code
    p = platform()
    with p.uow() as uow:
        services.assign_office(uow, username, chosen, acting_user(None), p.clock)
    typer.echo(f"user {username} works at office {office_code or '(none)'}")


def _change_standing(change: Callable[..., object], username: str, done: str) -> None:
    """Deactivate or reactivate, as the platform administrator, in one transaction."""
    p = platform()
    with p.uow() as uow:
        change(uow, username, acting_user(None), p.clock)
    typer.echo(f"user {username} {done}")
