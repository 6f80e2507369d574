"""Who may do what to a liaison request. Pure: decided from the actor and the request."""

from __future__ import annotations

from clearway.identity.model import Actor, Role
from clearway.liaison.model import LiaisonRequest
from clearway.liaison.status import RequestCommand
from clearway.shared.errors import PermissionDenied

_DESK = frozenset({Role.LIAISON_OFFICER, Role.ADMINISTRATOR})

CUSTOMS_COMMANDS: dict[RequestCommand, frozenset[Role]] = {
    RequestCommand.ASSIGN: _DESK,
    RequestCommand.ANSWER: _DESK,
    RequestCommand.ESCALATE: _DESK,
    RequestCommand.CLOSE: _DESK,
}
# The enterprise adds to its own request, or closes it (withdrawn, or satisfied with the answer).
ENTERPRISE_COMMANDS = frozenset({RequestCommand.FOLLOW_UP, RequestCommand.CLOSE})


def ensure_may(actor: Actor, command: RequestCommand, request: LiaisonRequest) -> None:
    if actor.is_customs:
        if actor.role in CUSTOMS_COMMANDS.get(command, frozenset()):
            return
    elif command in ENTERPRISE_COMMANDS and actor.enterprise_id == request.enterprise_id:
        return
    raise PermissionDenied(f"{actor.role.label}s may not {command.value} a liaison request")


def ensure_assigns_officers(actor: Actor) -> None:
    if actor.role is not Role.ADMINISTRATOR:
        raise PermissionDenied("only administrators assign liaison officers and coordinators")


def ensure_opens_requests(actor: Actor) -> int:
    """Enterprises (traders and brokers) open requests for themselves; the enterprise id."""
    if actor.is_customs or actor.enterprise_id is None:
        raise PermissionDenied("liaison requests are opened by enterprises")
    return actor.enterprise_id
