"""`clearway setup`: a fresh database to a working district, safe to run again."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from clearway.cli.common import acting_user, guarded, platform
from clearway.persistence import migrate
from clearway.setup import files, steps

PASSWORD_ENV = "CLEARWAY_SETUP_ADMIN_PASSWORD"


def _password(file: Path | None) -> str:
    """The first administrator's password: from a file, the environment, or a hidden prompt."""
    if file is not None:
        return file.read_text("utf-8").strip()
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return str(typer.prompt("administrator password", hide_input=True, confirmation_prompt=True))


@guarded
def setup(
    admin: str = typer.Option(..., "--admin", help="Username of the first administrator."),
    admin_password_file: Path | None = typer.Option(
        None, "--admin-password-file", help=f"File holding the password (else ${PASSWORD_ENV})."
    ),
    offices: Path | None = typer.Option(None, "--offices", help="CSV: code,name,name_en,port."),
    sites: Path | None = typer.Option(
        None, "--sites", help="CSV: code,office_code,name,kind,address."
    ),
    enterprises: Path | None = typer.Option(
        None,
        "--enterprises",
        help="CSV: uscc,customs_code,name,name_en,roles,address,credit_level,credit_since.",
    ),
) -> None:
    """Migrate, load the shipped reference tables, create the first administrator and the
    district's offices, inspection sites and enterprises. Every file is checked before
    anything is written; what exists already is kept, so a second run changes nothing."""
    office_rows = files.offices(offices.read_text("utf-8")) if offices else []
    site_rows = files.sites(sites.read_text("utf-8")) if sites else []
    enterprise_rows = files.enterprises(enterprises.read_text("utf-8")) if enterprises else []
    password = _password(admin_password_file)
    p = platform()
    migrate.upgrade(p.engine, "head")
    typer.echo(f"database at revision {migrate.current(p.engine)}")
    actor = acting_user(None)
    lines, rates = steps.load_reference_defaults(p, actor)
    typer.echo(f"reference: {lines} tariff line periods, {rates} exchange rates")
    created = steps.first_administrator(p, admin, password, actor)
    typer.echo(f"administrator {admin} {'created' if created else 'already there'}")
    if office_rows:
        _report("offices", steps.offices(p, office_rows, actor))
    if site_rows:
        _report("inspection sites", steps.sites(p, site_rows, actor))
    if enterprise_rows:
        _report("enterprises", steps.enterprises(p, enterprise_rows, actor))
    typer.echo("district ready")


def _report(name: str, done: steps.Outcome) -> None:
    typer.echo(f"{name}: {done.added} added, {done.kept} already there")
