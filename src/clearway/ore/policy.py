"""Who may do what in ore supervision, and on which version. Pure."""

from __future__ import annotations

from clearway.declarations.model import Declaration
from clearway.identity.model import Actor, Role
from clearway.shared.errors import Conflict, PermissionDenied

# Inspection officers inspect on site, take samples and record what the customs lab reports;
# risk officers may (re)classify; administrators may do everything.
INSPECTS = frozenset({Role.INSPECTION_OFFICER, Role.ADMINISTRATOR})
CLASSIFIES = frozenset({Role.RISK_OFFICER, Role.INSPECTION_OFFICER, Role.ADMINISTRATOR})


def ensure_inspector(actor: Actor, what: str) -> None:
    if actor.role not in INSPECTS:
        raise PermissionDenied(f"a {actor.role.label} may not {what}")


def ensure_classifier(actor: Actor) -> None:
    if actor.role not in CLASSIFIES:
        raise PermissionDenied(f"a {actor.role.label} may not classify ore declarations")


def ensure_version(declaration: Declaration, expected: int | None) -> None:
    """Refuse a change made on a declaration the caller saw at an older version."""
    if expected is not None and expected != declaration.version:
        raise Conflict(
            f"declaration {declaration.number} is at version {declaration.version}, not "
            f"{expected}: it changed meanwhile",
            current_version=declaration.version,
        )
