"""Who may give which lifecycle command. Pure: decided from the actor and the declaration."""

from __future__ import annotations

from typing import Protocol

from clearway.declarations.status import Command, Status, commands_from
from clearway.identity.model import Actor, Role
from clearway.shared.errors import PermissionDenied

_R = Role
DECLARANT_COMMANDS = frozenset(
    {Command.SUBMIT, Command.PAY, Command.RECORD_MANIFEST, Command.RECORD_ARRIVAL, Command.CANCEL}
)

CUSTOMS_COMMANDS: dict[Command, frozenset[Role]] = {
    Command.ACCEPT: frozenset({_R.RISK_OFFICER, _R.INSPECTION_OFFICER, _R.ADMINISTRATOR}),
    Command.REJECT: frozenset({_R.RISK_OFFICER, _R.INSPECTION_OFFICER, _R.ADMINISTRATOR}),
    Command.ASSIGN_LANE: frozenset({_R.RISK_OFFICER, _R.ADMINISTRATOR}),
    Command.REROUTE: frozenset({_R.RISK_OFFICER, _R.ADMINISTRATOR}),
    Command.BEGIN_DOCUMENT_CHECK: frozenset({_R.INSPECTION_OFFICER, _R.ADMINISTRATOR}),
    Command.BEGIN_INSPECTION: frozenset({_R.INSPECTION_OFFICER, _R.ADMINISTRATOR}),
    Command.ASSESS_DUTY: frozenset({_R.INSPECTION_OFFICER, _R.RISK_OFFICER, _R.ADMINISTRATOR}),
    Command.RELEASE: frozenset({_R.INSPECTION_OFFICER, _R.RISK_OFFICER, _R.ADMINISTRATOR}),
    Command.EXIT: frozenset({_R.INSPECTION_OFFICER, _R.ADMINISTRATOR}),
    Command.CLOSE: frozenset({_R.INSPECTION_OFFICER, _R.ADMINISTRATOR}),
    Command.SUSPEND: frozenset({_R.RISK_OFFICER, _R.INSPECTION_OFFICER, _R.ADMINISTRATOR}),
    Command.RESUME: frozenset({_R.RISK_OFFICER, _R.INSPECTION_OFFICER, _R.ADMINISTRATOR}),
    Command.REQUEST_AMENDMENT: frozenset(
        {_R.RISK_OFFICER, _R.INSPECTION_OFFICER, _R.ADMINISTRATOR}
    ),
    Command.RECORD_MANIFEST: frozenset({_R.INSPECTION_OFFICER, _R.ADMINISTRATOR}),
    Command.RECORD_ARRIVAL: frozenset({_R.INSPECTION_OFFICER, _R.ADMINISTRATOR}),
    Command.CANCEL: frozenset({_R.ADMINISTRATOR}),
}


class Declared(Protocol):
    """Who a declaration is for and who lodged it on their behalf: all the policy reads."""

    @property
    def trader_id(self) -> int: ...

    @property
    def broker_id(self) -> int | None: ...


class Placed(Declared, Protocol):
    """A declaration with its status: what deciding the commands on offer reads."""

    @property
    def status(self) -> Status: ...


def is_declarant(actor: Actor, declaration: Declared) -> bool:
    """The trader itself, or the broker named on the declaration."""
    if actor.enterprise_id is None:
        return False
    if actor.role is Role.ENTERPRISE_USER:
        return declaration.trader_id == actor.enterprise_id
    if actor.role is Role.BROKER_USER:
        return declaration.broker_id == actor.enterprise_id
    return False


def may(actor: Actor, command: Command, declaration: Declared) -> bool:
    """Whether the actor's role may give the command on this declaration."""
    if actor.is_customs:
        return actor.role in CUSTOMS_COMMANDS.get(command, frozenset())
    return command in DECLARANT_COMMANDS and is_declarant(actor, declaration)


def ensure_may(actor: Actor, command: Command, declaration: Declared) -> None:
    """Refuse a command the actor's role may not give on this declaration."""
    if not may(actor, command, declaration):
        raise PermissionDenied(f"a {actor.role.label} may not {command.value} a declaration")


def commands_for(actor: Actor, declaration: Placed) -> list[Command]:
    """The commands the status allows *and* the actor may give: what the API's
    ``allowed_commands`` and the portal's buttons offer, so neither promises a refusal."""
    return [c for c in commands_from(declaration.status) if may(actor, c, declaration)]


def ensure_may_edit(actor: Actor, declaration: Declared) -> None:
    if not (is_declarant(actor, declaration) or actor.role is Role.ADMINISTRATOR):
        raise PermissionDenied(f"a {actor.role.label} may not change this declaration")
