"""Who may do what in inspection. Pure: decided from the actor (and the declaration).

Administrators keep office calendars and sites; inspection officers (and administrators) open
slots, decide appointments and see the day's schedule; only inspection officers record checks
and inspections. Enterprises and their brokers book for their own declarations.
"""

from __future__ import annotations

from clearway.declarations.model import Declaration
from clearway.declarations.policy import is_declarant
from clearway.identity.model import Actor, Role
from clearway.shared.errors import PermissionDenied

_OFFICERS = frozenset({Role.INSPECTION_OFFICER, Role.ADMINISTRATOR})


def ensure_keeps_calendars(actor: Actor) -> None:
    if actor.role is not Role.ADMINISTRATOR:
        raise PermissionDenied("only administrators set office calendars and inspection sites")


def ensure_inspection_officer(actor: Actor, what: str) -> None:
    if actor.role not in _OFFICERS:
        raise PermissionDenied(f"only inspection officers and administrators {what}")


def ensure_records(actor: Actor) -> None:
    if actor.role is not Role.INSPECTION_OFFICER:
        raise PermissionDenied("only inspection officers record checks and inspections")


def is_inspection_officer(actor: Actor) -> bool:
    return actor.role in _OFFICERS


def ensure_books_for(actor: Actor, declaration: Declaration) -> None:
    """The declarant (trader or its named broker) books; inspection officers may too."""
    if is_inspection_officer(actor) or is_declarant(actor, declaration):
        return
    raise PermissionDenied(
        f"a {actor.role.label} may not book inspections for declaration {declaration.number}"
    )


def ensure_enterprise(actor: Actor, what: str) -> int:
    """The enterprise (trader or broker) an enterprise-side user acts for."""
    if actor.is_customs or actor.enterprise_id is None:
        raise PermissionDenied(f"{what} are made by enterprises and their brokers")
    return actor.enterprise_id
