"""Who works the post-clearance audit queue. Pure: decided from the actor.

Risk officers own the blue lane (they set its rate and read what the audits find) and
inspection officers verify goods and documents at their office; both take and close audits,
as administrators may. Enterprises never see the queue. Which office's tasks an officer sees
is the declarations' tenancy (``docs/rules/offices.md``).
"""

from __future__ import annotations

from clearway.identity.model import OFFICER_ROLES, Actor
from clearway.shared.errors import PermissionDenied


def ensure_audits(actor: Actor) -> None:
    if actor.role not in OFFICER_ROLES:
        raise PermissionDenied(f"{actor.role.label}s do not work post-clearance audits")
