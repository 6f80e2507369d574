"""Who may run the simulator and who may keep a run beside the real figures."""

from __future__ import annotations

from clearway.identity.model import Actor, Role
from clearway.shared.errors import PermissionDenied

# Keeping a run puts simulated figures on the release-time page: the risk officers' call.
STORES = frozenset({Role.RISK_OFFICER, Role.ADMINISTRATOR})


def ensure_may_simulate(actor: Actor) -> None:
    """The simulator is customs' planning tool: customs roles run it."""
    if not actor.is_customs:
        raise PermissionDenied(f"a {actor.role.label} may not run the facilitation simulator")


def ensure_may_store(actor: Actor) -> None:
    ensure_may_simulate(actor)
    if actor.role not in STORES:
        raise PermissionDenied(f"a {actor.role.label} may not store a simulation run")
