"""Who may do what with the supervision facilities. Decided from the actor and the record."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from clearway.declarations.model import Declaration
from clearway.declarations.policy import CUSTOMS_COMMANDS, is_declarant
from clearway.declarations.status import Command
from clearway.enterprises.services import acting_for
from clearway.identity.model import Actor
from clearway.shared.errors import PermissionDenied


def ensure_may_pick_up(actor: Actor, declaration: Declaration) -> None:
    """The declarant asks for its goods; customs with release rights may release them."""
    if is_declarant(actor, declaration):
        return
    if actor.is_customs and actor.role in CUSTOMS_COMMANDS[Command.RELEASE]:
        return
    raise PermissionDenied(f"a {actor.role.label} may not pick up these goods")


def ensure_declarant(actor: Actor, declaration: Declaration, what: str) -> None:
    """Only the trader or the broker named on the declaration does this."""
    if not is_declarant(actor, declaration):
        raise PermissionDenied(f"a {actor.role.label} may not {what}")


def ensure_assessor(actor: Actor) -> None:
    if not (actor.is_customs and actor.role in CUSTOMS_COMMANDS[Command.ASSESS_DUTY]):
        raise PermissionDenied(f"a {actor.role.label} may not assess duty")


def principal(
    session: Session, actor: Actor, named: int | None, flow: str, day: date
) -> tuple[int, int | None]:
    """The enterprise acted for and the broker acting, as for any declaration."""
    return acting_for(session, actor, named, flow, day, "file for enterprises")
