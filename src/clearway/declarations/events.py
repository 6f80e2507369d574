"""What happens to a declaration, as the domain events its aggregate records.

Handlers registered in ``bootstrap.HANDLERS`` react to them inside the same transaction: the
outbox and inbox, red-lane inspection orders, the statistics projection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from clearway.shared.events import DomainEvent

if TYPE_CHECKING:
    from clearway.declarations.model import Declaration, DeclarationEvent


@dataclass(frozen=True, eq=False)
class DeclarationChanged(DomainEvent):
    """Anything that happened to a declaration (handlers of both kinds below register here)."""

    declaration: Declaration

    @property
    def declaration_id(self) -> int:
        return self.declaration.id


@dataclass(frozen=True, eq=False)
class DeclarationMoved(DeclarationChanged):
    """A move of the lifecycle, with the timeline line that records it (who, when, why)."""

    line: DeclarationEvent


@dataclass(frozen=True, eq=False)
class DeclarationAmended(DeclarationChanged):
    """The content changed without a move: a draft edited, a two-step declaration completed,
    a confirmed appointment's facilitation mode."""
