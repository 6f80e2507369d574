"""What happens to an enterprise that other domains react to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from clearway.shared.events import DomainEvent

if TYPE_CHECKING:
    from clearway.enterprises.model import Enterprise


@dataclass(frozen=True, eq=False)
class CreditLevelChanged(DomainEvent):
    """A new credit level applies from ``since`` (the level before it closes that day)."""

    enterprise: Enterprise
    since: date

    @property
    def enterprise_id(self) -> int:
        return self.enterprise.id
