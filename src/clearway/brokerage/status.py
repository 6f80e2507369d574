"""Statuses of import plans and of trains, each with its one table of legal moves."""

from __future__ import annotations

from enum import StrEnum


class PlanStatus(StrEnum):
    SUBMITTED = "submitted"  # announced to customs, goods not yet on their way
    IN_TRANSIT = "in_transit"  # a train carrying the goods left the origin station
    ARRIVED = "arrived"  # the train reached the border
    CANCELLED = "cancelled"


class PlanCommand(StrEnum):
    DISPATCH = "dispatch"
    ARRIVE = "arrive"
    CANCEL = "cancel"


PLAN_TRANSITIONS: dict[tuple[PlanStatus, PlanCommand], PlanStatus] = {
    (PlanStatus.SUBMITTED, PlanCommand.DISPATCH): PlanStatus.IN_TRANSIT,
    (PlanStatus.SUBMITTED, PlanCommand.ARRIVE): PlanStatus.ARRIVED,
    (PlanStatus.IN_TRANSIT, PlanCommand.ARRIVE): PlanStatus.ARRIVED,
    (PlanStatus.SUBMITTED, PlanCommand.CANCEL): PlanStatus.CANCELLED,
    (PlanStatus.IN_TRANSIT, PlanCommand.CANCEL): PlanStatus.CANCELLED,
}


class TrainStatus(StrEnum):
    EN_ROUTE = "en_route"  # left the origin station, ETA at the border known
    ARRIVED = "arrived"  # at the border station
    TRANSSHIPPED = "transshipped"  # reloaded across the gauge break


class TrainCommand(StrEnum):
    REVISE_ETA = "revise_eta"
    RECORD_ARRIVAL = "record_arrival"
    RECORD_TRANSSHIPMENT = "record_transshipment"


TRAIN_TRANSITIONS: dict[tuple[TrainStatus, TrainCommand], TrainStatus] = {
    (TrainStatus.EN_ROUTE, TrainCommand.REVISE_ETA): TrainStatus.EN_ROUTE,
    (TrainStatus.EN_ROUTE, TrainCommand.RECORD_ARRIVAL): TrainStatus.ARRIVED,
    (TrainStatus.ARRIVED, TrainCommand.RECORD_TRANSSHIPMENT): TrainStatus.TRANSSHIPPED,
}


def plan_move(current: PlanStatus, command: PlanCommand) -> PlanStatus | None:
    return PLAN_TRANSITIONS.get((current, command))


def train_move(current: TrainStatus, command: TrainCommand) -> TrainStatus | None:
    return TRAIN_TRANSITIONS.get((current, command))
