"""An arrival and what it did to each declaration it carried."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum


class PickupOutcome(StrEnum):
    RELEASED = "released"  # direct pickup: released on arrival
    NOT_RELEASED = "not_released"  # asked for direct pickup, refused (the reasons say why)
    AWAITING_ONSITE = "awaiting_onsite"  # qualifies; released on the train-side on-site result
    ARRIVAL_RECORDED = "arrival_recorded"  # not a direct-pickup declaration: arrival only


class ArrivalDeclaration:
    """One declaration an arrival concerned, the outcome and every reason for it."""

    id: int
    arrival_id: int
    declaration_id: int
    declaration_number: str
    outcome: PickupOutcome
    reasons: list[str]

    def __init__(
        self, declaration_id: int, number: str, outcome: PickupOutcome, reasons: list[str]
    ) -> None:
        self.declaration_id = declaration_id
        self.declaration_number = number
        self.outcome = outcome
        self.reasons = reasons


class ArrivalRecord:
    """A train or vehicle recorded as arrived at an office, by its transport means."""

    id: int
    office_code: str
    transport_means: str
    train_id: int | None
    arrived_at: datetime
    recorded_at: datetime
    recorded_by: str
    declarations: list[ArrivalDeclaration]

    def __init__(
        self,
        office_code: str,
        transport_means: str,
        train_id: int | None,
        arrived_at: datetime,
        recorded_at: datetime,
        recorded_by: str,
    ) -> None:
        self.office_code = office_code
        self.transport_means = transport_means
        self.train_id = train_id
        self.arrived_at = arrived_at
        self.recorded_at = recorded_at
        self.recorded_by = recorded_by
        self.declarations = []
