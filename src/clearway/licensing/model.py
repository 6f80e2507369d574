"""A licence or permit as customs records it, and each write-off against it.

Licences are issued by other authorities (MOFCOM, the endangered-species office, the medical
products administration, …); the trader declares the number on the goods line and customs
writes the quantity off the licence when the declaration is submitted. The balance never goes
below nothing: ``drawn_down`` only moves through :meth:`Licence.draw` and
:meth:`Licence.restore`, and every movement is kept as a :class:`LicenceDrawdown`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal


class Licence:
    """One licence: its number, supervision-condition code, issuer, holder, HS scope,
    validity and the quantity granted and written off."""

    id: int
    number: str
    condition_code: str
    issuer: str
    holder_id: int
    hs_scope: str  # tariff-code prefixes, comma separated: the goods the licence covers
    valid_from: date
    valid_to: date
    quantity_granted: Decimal
    unit: str
    drawn_down: Decimal
    recorded_by: str
    recorded_at: datetime
    note: str

    def __init__(self, **fields: object) -> None:
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def balance(self) -> Decimal:
        return self.quantity_granted - self.drawn_down

    @property
    def scope(self) -> tuple[str, ...]:
        return tuple(p for p in self.hs_scope.split(",") if p)

    def draw(self, quantity: Decimal) -> None:
        """Write a quantity off; the caller has checked the balance (``rules.licence_errors``)."""
        if quantity > self.balance:
            raise ValueError("a write-off may not exceed the licence's balance")
        self.drawn_down += quantity

    def restore(self, quantity: Decimal) -> None:
        self.drawn_down -= quantity


class LicenceDrawdown:
    """One write-off of a declaration's goods line against a licence; ``restored_at`` is set
    when the declaration is rejected, cancelled or resubmitted and the quantity goes back."""

    id: int
    licence_id: int
    declaration_id: int
    line_no: int
    quantity: Decimal
    drawn_at: datetime
    restored_at: datetime | None
    restored_reason: str

    def __init__(self, **fields: object) -> None:
        self.restored_at = None
        self.restored_reason = ""
        for name, value in fields.items():
            setattr(self, name, value)
