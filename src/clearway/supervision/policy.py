"""Who may do what with the supervision facilities. Decided from the actor and the record."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from clearway.declarations.model import Declaration
from clearway.declarations.policy import CUSTOMS_COMMANDS, is_declarant
from clearway.declarations.status import Command
from clearway.enterprises.model import Enterprise, EnterpriseRole
from clearway.enterprises.services import broker_mandate
from clearway.identity.model import Actor, Role
from clearway.shared.errors import PermissionDenied, RuleViolation


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
    """The enterprise acted for and the broker acting, refusing anyone without the right."""
    if actor.role is Role.ENTERPRISE_USER and actor.enterprise_id is not None:
        if named not in (None, actor.enterprise_id):
            raise RuleViolation.single(
                "trader_id", "own_enterprise", "an enterprise user acts only for its own enterprise"
            )
        return actor.enterprise_id, None
    if actor.role is Role.BROKER_USER and actor.enterprise_id is not None:
        if named is None:
            raise RuleViolation.single("trader_id", "required", "a broker must name its principal")
        _trader(session, named)
        if broker_mandate(session, actor.enterprise_id, named, flow, day) is None:
            raise RuleViolation.single(
                "trader_id",
                "broker_authorisation",
                f"enterprise {named} has not authorised this broker for {flow} on {day}",
            )
        return named, actor.enterprise_id
    if actor.role is Role.ADMINISTRATOR:
        if named is None:
            raise RuleViolation.single("trader_id", "required", "name the trader")
        _trader(session, named)
        return named, None
    raise PermissionDenied(f"a {actor.role.label} does not file for enterprises")


def _trader(session: Session, enterprise_id: int) -> None:
    found = session.get(Enterprise, enterprise_id)
    if found is None:
        raise RuleViolation.single(
            "trader_id", "unknown_enterprise", f"enterprise {enterprise_id} does not exist"
        )
    if not found.has_role(EnterpriseRole.TRADER):
        raise RuleViolation.single(
            "trader_id", "trader_role", f"enterprise {enterprise_id} is not registered as a trader"
        )
