"""Who may record and read licences. Pure: decided from the actor.

Licences and permits are issued by other authorities (MOFCOM, the endangered-species office,
the medical products administration) and reach customs from them; the trader only declares the
number on its goods. So customs records them, at the document desk: administrators and the
inspection officers who run document checks. A trader's own entry would let it grant itself
a quantity. An enterprise reads the licences it holds; customs reads all.
"""

from __future__ import annotations

from clearway.identity.model import Actor, Role
from clearway.shared.errors import PermissionDenied

RECORDERS = frozenset({Role.ADMINISTRATOR, Role.INSPECTION_OFFICER})


def ensure_may_record(actor: Actor) -> None:
    if actor.role not in RECORDERS:
        raise PermissionDenied(
            "licences are recorded by customs (administrators and inspection officers) as "
            "the issuing authority sent them"
        )


def holder_seen_by(actor: Actor) -> int | None:
    """The only holder whose licences the actor may read; None: every holder (customs)."""
    if actor.is_customs:
        return None
    if actor.enterprise_id is None:
        raise PermissionDenied("only customs and licence holders read licences")
    return actor.enterprise_id
