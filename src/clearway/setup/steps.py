"""The steps of ``clearway setup``, each idempotent: what is there already is left as it is.

Each step reads its file whole first (see :mod:`clearway.setup.files`); a refused file
writes nothing. Offices are written in one transaction; sites and enterprises are checked
against what exists before the first one is written, then added one use case at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from sqlalchemy import or_, select

from clearway.audit.services import record
from clearway.bootstrap import Platform
from clearway.enterprises import services as enterprise_services
from clearway.enterprises.commands import EnterpriseInput
from clearway.enterprises.tables import enterprises as enterprise_table
from clearway.identity.model import Actor, Role, User
from clearway.identity.services import create_user
from clearway.identity.tables import users
from clearway.inspection.commands import SiteInput
from clearway.inspection.slots import add_site
from clearway.inspection.tables import inspection_sites
from clearway.reference import services as reference
from clearway.reference import tables as reference_tables
from clearway.reference.loading import (
    parse_exchange_rate_csv,
    parse_mainstream_origins_csv,
    parse_tariff_csv,
)
from clearway.reference.model import CustomsOffice
from clearway.setup.files import OfficeRow
from clearway.shared.errors import Collector


@dataclass(frozen=True)
class Outcome:
    """How many rows a step added, and how many it found already there."""

    added: int
    kept: int


def load_reference_defaults(platform: Platform, actor: Actor) -> tuple[int, int]:
    """Load the tariff, exchange rates and mainstream ore origins shipped with Clearway."""
    data = resources.files("clearway.reference") / "data"
    tariff = parse_tariff_csv((data / "tariff.csv").read_text("utf-8"))
    rates = parse_exchange_rate_csv((data / "exchange_rates.csv").read_text("utf-8"))
    origins = parse_mainstream_origins_csv((data / "mainstream_ore_origins.csv").read_text("utf-8"))
    now = platform.clock.now()
    with platform.uow() as uow:
        lines = reference.load_tariff(uow, tariff, actor, now)
    with platform.uow() as uow:
        count = reference.load_exchange_rates(uow, rates, actor, now)
    with platform.uow() as uow:
        reference.load_mainstream_origins(uow, origins, actor, now)
    return lines, count


def offices(platform: Platform, rows: list[OfficeRow], actor: Actor) -> Outcome:
    """Add the offices not yet there (an existing code keeps its names), in one transaction."""
    with platform.uow() as uow:
        have = set(uow.session.scalars(select(reference_tables.customs_offices.c.code)))
        new = [r for r in rows if r.code not in have]
        uow.session.add_all(CustomsOffice(**r.model_dump()) for r in new)
        if new:
            record(
                uow.session,
                actor,
                platform.clock.now(),
                "customs_offices.loaded",
                "customs_offices",
                "district",
                {"codes": [r.code for r in new]},
            )
        uow.commit()
    return Outcome(len(new), len(rows) - len(new))


def sites(platform: Platform, rows: list[SiteInput], actor: Actor) -> Outcome:
    """Add the inspection sites not yet there; every row's office must exist first."""
    with platform.read_session() as session:
        have = set(session.scalars(select(inspection_sites.c.code)))
        known = set(session.scalars(select(reference_tables.customs_offices.c.code)))
    errors = Collector()
    for line, row in enumerate(rows, start=2):
        if row.office_code not in known:
            errors.add(f"line {line}.office_code", "exists", f"no customs office {row.office_code}")
    errors.raise_if_any()
    new = [r for r in rows if r.code not in have]
    for row in new:
        with platform.uow() as uow:
            add_site(uow, row, actor, platform.clock)
    return Outcome(len(new), len(rows) - len(new))


def enterprises(platform: Platform, rows: list[EnterpriseInput], actor: Actor) -> Outcome:
    """Register the enterprises whose USCC is not there yet; a row whose customs code belongs
    to another enterprise is refused before any is written."""
    e = enterprise_table.c
    with platform.read_session() as session:
        found = session.execute(
            select(e.uscc, e.customs_code).where(
                or_(
                    e.uscc.in_([r.uscc for r in rows]),
                    e.customs_code.in_([r.customs_code for r in rows]),
                )
            )
        ).all()
    owner = {code: uscc for uscc, code in found}
    errors = Collector()
    for line, row in enumerate(rows, start=2):
        if owner.get(row.customs_code, row.uscc) != row.uscc:
            errors.add(f"line {line}.customs_code", "unique", "belongs to another enterprise")
    errors.raise_if_any()
    have = {uscc for uscc, _ in found}
    new = [r for r in rows if r.uscc not in have]
    for row in new:
        with platform.uow() as uow:
            enterprise_services.register(uow, row, actor, platform.clock)
    return Outcome(len(new), len(rows) - len(new))


def first_administrator(platform: Platform, username: str, password: str, actor: Actor) -> bool:
    """Create the administrator unless a user of that name exists; whether it was created."""
    with platform.uow() as uow:
        if uow.session.scalars(select(User).where(users.c.username == username)).first():
            return False
        create_user(
            uow,
            username,
            password,
            "District administrator",
            Role.ADMINISTRATOR,
            None,
            actor,
            platform.clock,
        )
    return True
