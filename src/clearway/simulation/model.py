"""A simulated declaration: its trader, goods, lane, the measures it used and its milestones."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from clearway.declarations.model import Lane
from clearway.declarations.status import Milestone
from clearway.enterprises.model import CreditLevel

MILESTONES: tuple[Milestone, ...] = tuple(Milestone)
INDEX = {m: i for i, m in enumerate(MILESTONES)}


class FinalStatus(StrEnum):
    """Where every simulated declaration ends, exactly one of these."""

    EXITED = "exited"  # released and left the port
    RETURNED = "returned"  # the lab failed the goods before release: return shipment
    RECALLED = "recalled"  # released under first release, then the lab failed them


class SimulatedDeclaration:
    """One declaration through the simulated port; times are hours since the scenario start."""

    __slots__ = (
        "applied",
        "credit_level",
        "lane",
        "number",
        "pre_arrival",
        "status",
        "tariff_code",
        "times",
    )

    def __init__(
        self, number: str, credit_level: CreditLevel, tariff_code: str, pre_arrival: bool
    ) -> None:
        self.number = number
        self.credit_level = credit_level
        self.tariff_code = tariff_code
        self.pre_arrival = pre_arrival
        self.lane: Lane = Lane.GREEN
        self.applied: frozenset[str] = frozenset()
        self.status: FinalStatus | None = None
        self.times: list[float | None] = [None] * len(MILESTONES)

    def mark(self, milestone: Milestone, at: float) -> None:
        self.times[INDEX[milestone]] = at

    def at(self, milestone: Milestone) -> float | None:
        return self.times[INDEX[milestone]]

    def datetimes(self, start: datetime) -> dict[Milestone, datetime | None]:
        """The milestones as UTC times, for the Time Release Study arithmetic."""
        return {
            m: None if t is None else start + timedelta(hours=t)
            for m, t in zip(MILESTONES, self.times, strict=True)
        }

    @property
    def facilitation_mode(self) -> str:
        """The measures this declaration used, or ``standard``."""
        return "+".join(sorted(self.applied)) or "standard"
