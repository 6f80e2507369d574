"""What zone enterprises and officers send: books, lists, gate passes, counts, guarantees.

Pydantic checks shape and types (a non-numeric quantity never gets further); business rules such
as positive quantities, matching units and DG storage live in :mod:`clearway.bonded.rules`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from clearway.bonded.model import Direction, ListKind
from clearway.shared.bounds import Cny, Input, Quantity

Number = Annotated[str, StringConstraints(min_length=1, max_length=24)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=20)]
Unit = Annotated[str, StringConstraints(min_length=1, max_length=10)]
Reason = Annotated[str, StringConstraints(max_length=2000)]
UnNumber = Annotated[str, StringConstraints(pattern=r"^UN\d{4}$")]


class AccountBookInput(Input):
    """Open an account book for a zone enterprise at a zone's customs office."""

    enterprise_id: int
    office_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]


class BookItemInput(Input):
    """Register a goods line in a book, in the tariff line's statutory unit."""

    tariff_code: Annotated[str, StringConstraints(pattern=r"^\d{10}$")]
    goods_name: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    unit: Unit
    dg_un_number: UnNumber | None = Field(None, description="UN number of hazardous goods.")


class LocationInput(Input):
    """A storage place in a zone; `dg_approved` lets it hold hazardous goods."""

    office_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    code: Code
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    enterprise_id: int | None = None
    dg_approved: bool = False


class ListLineInput(Input):
    item_no: int = Field(ge=1, description="Account book item number.")
    quantity: Quantity
    unit: Unit
    location_code: Code | None = Field(None, description="Where inbound goods are stored.")
    declaration_line_no: int | None = Field(None, ge=1)
    counterpart_item_no: int | None = Field(
        None, ge=1, description="Receiving book item of an in-zone transfer."
    )


class VerificationListInput(Input):
    """A verification list moving goods in or out of an account book."""

    kind: ListKind
    book: Number
    direction: Direction | None = Field(
        None, description="Needed for ordinary and consolidated lists; fixed for the others."
    )
    declaration: Number | None = Field(None, description="Linked declaration number.")
    counterpart_book: Number | None = Field(None, description="Receiving book of a transfer.")
    items: list[ListLineInput]


class GatePassLineInput(Input):
    list_number: Number
    line_no: int = Field(ge=1)
    quantity: Quantity


class GatePassInput(Input):
    """A vehicle and the goods of verification lists it carries through the gate."""

    book: Number
    direction: Direction
    vehicle_plate: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    items: list[GatePassLineInput]


class CountInput(Input):
    item_no: int = Field(ge=1)
    counted_quantity: Quantity


class StocktakeInput(Input):
    """A physical count of some or all items of a book."""

    counted_on: date
    reason: Reason = ""
    counts: list[CountInput]


class DecisionInput(Input):
    reason: Reason = ""


class GuaranteeInput(Input):
    """A tax guarantee filed with customs for an enterprise."""

    enterprise_id: int
    office_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    amount: Cny
    valid_from: date
    valid_to: date


class SecureInput(Input):
    guarantee: Number
