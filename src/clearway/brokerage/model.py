"""Import plans and train consists (logistics dynamics), linked to declarations.

Both change only through their methods, which consult the status tables, so a plan never
arrives twice and a train is never transshipped before it arrived.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from clearway.brokerage.rules import not_before, train_time_problems
from clearway.brokerage.status import (
    IMPORT_PLAN_TRANSITIONS,
    TRAIN_TRANSITIONS,
    ImportPlanStatus,
    PlanCommand,
    TrainCommand,
    TrainStatus,
)
from clearway.shared.errors import Collector, Conflict


class ImportPlan:
    """What a broker tells customs is coming for a principal: goods, line, origin, window."""

    id: int
    broker_id: int
    principal_id: int
    office_code: str
    plan_date: date
    goods_name: str
    tariff_code: str
    quantity: Decimal
    unit: str
    origin_country: str
    supplier: str
    arrival_from: date
    arrival_to: date
    status: ImportPlanStatus
    risk_level: str | None
    risk_score: Decimal | None
    risk_reasons: list[dict[str, Any]]
    screened_at: datetime | None
    screened_by: str
    declaration_id: int | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    version: int

    def __init__(self, **fields: Any) -> None:
        self.status = IMPORT_PLAN_TRANSITIONS.initial
        self.risk_level = None
        self.risk_score = None
        self.risk_reasons = []
        self.screened_at = None
        self.screened_by = ""
        self.declaration_id = None
        for name, value in fields.items():
            setattr(self, name, value)

    def apply(self, command: PlanCommand, at: datetime) -> None:
        """Dispatch, arrive or cancel through the import plan status table."""
        self.status = IMPORT_PLAN_TRANSITIONS.move(self.status, command)
        self.updated_at = at

    def link(self, declaration_id: int, at: datetime) -> None:
        """Tie the plan to the declaration lodged for its goods."""
        if self.status is ImportPlanStatus.CANCELLED:
            raise Conflict(f"import plan {self.id} is cancelled")
        self.declaration_id = declaration_id
        self.updated_at = at

    def record_screening(
        self, level: str, score: Decimal, reasons: list[dict[str, Any]], engine: str, at: datetime
    ) -> None:
        """Keep the latest pre-arrival risk research result with its reasons."""
        self.risk_level = level
        self.risk_score = score
        self.risk_reasons = reasons
        self.screened_by = engine
        self.screened_at = at
        self.updated_at = at


class Wagon:
    """One wagon of a train: its number and the net weight of goods it carries (kg)."""

    id: int
    consist_id: int
    position: int
    wagon_number: str
    net_weight: Decimal

    def __init__(self, position: int, wagon_number: str, net_weight: Decimal) -> None:
        self.position = position
        self.wagon_number = wagon_number
        self.net_weight = net_weight


class TrainConsist:
    """A train bringing a principal's goods to the border: departure, ETA, arrival, reloading."""

    id: int
    plan_id: int | None
    broker_id: int
    principal_id: int
    office_code: str
    train_number: str
    origin_station: str
    departed_at: datetime
    eta_border: datetime
    arrived_at: datetime | None
    transshipped_at: datetime | None
    status: TrainStatus
    declaration_id: int | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    version: int
    wagons: list[Wagon]

    def __init__(self, wagons: list[Wagon], **fields: Any) -> None:
        self.status = TRAIN_TRANSITIONS.initial
        self.arrived_at = None
        self.transshipped_at = None
        self.declaration_id = None
        self.plan_id = None
        self.wagons = wagons
        for name, value in fields.items():
            setattr(self, name, value)

    def link(self, declaration_id: int, at: datetime) -> None:
        """Tie the train to the declaration covering its goods."""
        self.declaration_id = declaration_id
        self.updated_at = at

    @property
    def net_weight(self) -> Decimal:
        return sum((w.net_weight for w in self.wagons), Decimal(0))

    def apply(
        self, command: TrainCommand, at: datetime, now: datetime, eta: datetime | None = None
    ) -> None:
        """Revise the ETA, record the arrival at ``at``, or record the transshipment at ``at``."""
        target = TRAIN_TRANSITIONS.move(self.status, command)
        errors = Collector()
        if command is TrainCommand.REVISE_ETA:
            if eta is None:
                errors.add("eta_border", "required", "give the new ETA at the border")
            else:
                train_time_problems(errors, self.departed_at, eta)
        elif command is TrainCommand.RECORD_ARRIVAL:
            not_before(errors, "at", at, self.departed_at, "departure")
        elif command is TrainCommand.RECORD_TRANSSHIPMENT and self.arrived_at is not None:
            not_before(errors, "at", at, self.arrived_at, "arrival")
        if at > now:
            errors.add("at", "not_future", "cannot record what has not happened yet")
        errors.raise_if_any()
        if command is TrainCommand.REVISE_ETA and eta is not None:
            self.eta_border = eta
        elif command is TrainCommand.RECORD_ARRIVAL:
            self.arrived_at = at
        elif command is TrainCommand.RECORD_TRANSSHIPMENT:
            self.transshipped_at = at
        self.status = target
        self.updated_at = now
