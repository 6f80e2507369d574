"""Statuses of import plans and of trains, each with its one table of legal moves."""

from __future__ import annotations

from enum import StrEnum

from clearway.shared.status_table import StatusTable, conflict


class ImportPlanStatus(StrEnum):
    """Where the goods a broker announced for a principal are."""

    SUBMITTED = "submitted"  # announced to customs, goods not yet on their way
    IN_TRANSIT = "in_transit"  # a train carrying the goods left the origin station
    ARRIVED = "arrived"  # the train reached the border
    CANCELLED = "cancelled"


# The name the persistence mapping still imports; the import plan's status is ImportPlanStatus.
PlanStatus = ImportPlanStatus


class PlanCommand(StrEnum):
    DISPATCH = "dispatch"
    ARRIVE = "arrive"
    CANCEL = "cancel"


IMPORT_PLAN_TRANSITIONS: StatusTable[ImportPlanStatus, PlanCommand, ImportPlanStatus] = StatusTable(
    "import plan",
    {
        (ImportPlanStatus.SUBMITTED, PlanCommand.DISPATCH): ImportPlanStatus.IN_TRANSIT,
        (ImportPlanStatus.SUBMITTED, PlanCommand.ARRIVE): ImportPlanStatus.ARRIVED,
        (ImportPlanStatus.IN_TRANSIT, PlanCommand.ARRIVE): ImportPlanStatus.ARRIVED,
        (ImportPlanStatus.SUBMITTED, PlanCommand.CANCEL): ImportPlanStatus.CANCELLED,
        (ImportPlanStatus.IN_TRANSIT, PlanCommand.CANCEL): ImportPlanStatus.CANCELLED,
    },
    initial=ImportPlanStatus.SUBMITTED,
    refuse=conflict,
)


class TrainStatus(StrEnum):
    EN_ROUTE = "en_route"  # left the origin station, ETA at the border known
    ARRIVED = "arrived"  # at the border station
    TRANSSHIPPED = "transshipped"  # reloaded across the gauge break


class TrainCommand(StrEnum):
    REVISE_ETA = "revise_eta"
    RECORD_ARRIVAL = "record_arrival"
    RECORD_TRANSSHIPMENT = "record_transshipment"


TRAIN_TRANSITIONS: StatusTable[TrainStatus, TrainCommand, TrainStatus] = StatusTable(
    "train",
    {
        (TrainStatus.EN_ROUTE, TrainCommand.REVISE_ETA): TrainStatus.EN_ROUTE,
        (TrainStatus.EN_ROUTE, TrainCommand.RECORD_ARRIVAL): TrainStatus.ARRIVED,
        (TrainStatus.ARRIVED, TrainCommand.RECORD_TRANSSHIPMENT): TrainStatus.TRANSSHIPPED,
    },
    initial=TrainStatus.EN_ROUTE,
    refuse=conflict,
)
