"""What brokers send: import plans, train consists with their wagons, train events.

Pydantic checks shape; the business rules (windows, duplicate wagons, weights, chronology) live
in :mod:`clearway.brokerage.rules` and answer with field paths.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints

from clearway.shared.bounds import Input, Quantity, Weight

Code2 = Annotated[str, StringConstraints(min_length=2, max_length=2, to_upper=True)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
DeclarationRef = Annotated[str, StringConstraints(min_length=1, max_length=24)]


class ImportPlanInput(Input):
    """Goods a broker's principal expects, and when they are expected at the border."""

    principal_id: int = Field(description="The importer (consignee) the broker represents.")
    office_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    goods_name: Name
    tariff_code: Annotated[str, StringConstraints(pattern=r"^\d{10}$")]
    quantity: Quantity
    unit: Annotated[str, StringConstraints(min_length=1, max_length=10)] = "kg"
    origin_country: Code2
    supplier: Name
    arrival_from: date
    arrival_to: date


class WagonInput(Input):
    wagon_number: Annotated[
        str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[0-9A-Z]{4,12}$")
    ]
    net_weight: Weight = Field(description="Net weight of the goods in the wagon, kg.")


class TrainInput(Input):
    """A train's departure from the origin station with its wagon list and border ETA."""

    plan_id: int | None = Field(None, description="The import plan the train carries.")
    principal_id: int | None = Field(None, description="Needed when no plan is named.")
    office_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] | None = None
    train_number: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)
    ]
    origin_station: Name
    departed_at: AwareDatetime
    eta_border: AwareDatetime
    wagons: list[WagonInput] = Field(max_length=200)
    declaration: DeclarationRef | None = None


class TrainEventInput(Input):
    at: AwareDatetime | None = Field(None, description="When it happened (default: now).")
    eta_border: AwareDatetime | None = Field(None, description="New ETA (revise_eta).")
    expected_version: int | None = None


class LinkInput(Input):
    declaration: DeclarationRef = Field(description="Declaration number or id.")


class CancelInput(Input):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=500)]
