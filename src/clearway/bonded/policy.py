"""Who may do what in the bonded zone. Pure: decided from the actor and the book.

Zone enterprises keep their own books and lodge their own lists and gate passes; customs opens
and closes books, approves storage for dangerous goods, records gate events and approves
stocktake differences. Seeing a book at all is tenancy, decided in :mod:`.queries`.
"""

from __future__ import annotations

from clearway.bonded.model import AccountBook
from clearway.identity.model import Actor, Role
from clearway.shared.errors import PermissionDenied

ZONE_OFFICERS = frozenset({Role.ADMINISTRATOR, Role.INSPECTION_OFFICER})


def owns(actor: Actor, book: AccountBook) -> bool:
    return (
        actor.role is Role.ENTERPRISE_USER
        and actor.enterprise_id is not None
        and actor.enterprise_id == book.enterprise_id
    )


def ensure_officer(actor: Actor, what: str) -> None:
    """Zone supervision work: inspection officers and administrators."""
    if actor.role not in ZONE_OFFICERS:
        raise PermissionDenied(f"a {actor.role.label} may not {what}")


def ensure_keeper(actor: Actor, book: AccountBook, what: str) -> None:
    """The book's own enterprise, or an administrator acting for it."""
    if not (owns(actor, book) or actor.role is Role.ADMINISTRATOR):
        raise PermissionDenied(f"a {actor.role.label} may not {what} on book {book.number}")


def ensure_keeper_or_officer(actor: Actor, book: AccountBook, what: str) -> None:
    if not (owns(actor, book) or actor.role in ZONE_OFFICERS):
        raise PermissionDenied(f"a {actor.role.label} may not {what} on book {book.number}")
