"""What happens to the reference data that other domains react to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clearway.shared.events import DomainEvent


@dataclass(frozen=True)
class ExchangeRateSet(DomainEvent):
    """A currency's rate in force from ``valid_from`` was stored (new or replaced)."""

    currency: str
    valid_from: date
