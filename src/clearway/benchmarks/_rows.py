"""The rows a lodged-and-submitted declaration leaves behind, as plain tuples for the driver.

Column lists come from the table metadata, so the driver paths write exactly the columns the
ORM writes; values mirror what ``services.create`` and ``Declaration.apply(SUBMIT)`` store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from clearway.declarations.commands import DeclarationInput
from clearway.declarations.numbering import format_number
from clearway.declarations.services import HEADER_FIELDS
from clearway.declarations.status import Command, Milestone, Status
from clearway.declarations.tables import declaration_events, declaration_items, declarations
from clearway.identity.model import Actor

HEADER_COLUMNS = tuple(c.name for c in declarations.c if c.name != "id")
ITEM_COLUMNS = tuple(c.name for c in declaration_items.c if c.name != "id")
EVENT_COLUMNS = tuple(c.name for c in declaration_events.c if c.name != "id")

_FROM_INPUT = ("flow", *HEADER_FIELDS)


@dataclass(frozen=True)
class RowPlan:
    """Everything fixed across a run: the content variants, the trader and the actor."""

    inputs: list[DeclarationInput]
    trader_id: int
    actor: Actor
    day: date

    @property
    def office(self) -> str:
        return self.inputs[0].office_code

    @property
    def letter(self) -> str:
        return self.inputs[0].flow.letter

    def number(self, sequence: int) -> str:
        return format_number(self.office, self.day.year, self.letter, sequence)

    def header(
        self, i: int, sequence: int, now: datetime, submitted: bool, version: int = 1
    ) -> dict[str, Any]:
        """The declarations row, as a draft or already submitted (batch paths write it once)."""
        data = self.inputs[i % len(self.inputs)]
        row: dict[str, Any] = {f: _plain(getattr(data, f)) for f in _FROM_INPUT}
        row.update(
            number=self.number(sequence),
            status=(Status.SUBMITTED if submitted else Status.DRAFT).value,
            lane=None,
            lane_reason="",
            suspended_from=None,
            trader_id=self.trader_id,
            broker_id=None,
            declaration_date=self.day,
            duty_amount=None,
            lodged_at=now if submitted else None,
            arrived_at=None,
            released_at=None,
            created_by=self.actor.username,
            created_at=now,
            updated_at=now,
            version=version,
        )
        return row

    def items(self, i: int, declaration_id: int) -> list[dict[str, Any]]:
        """The item rows of declaration ``i``, numbered from 1 as ``services.create`` does."""
        data = self.inputs[i % len(self.inputs)]
        return [
            {"declaration_id": declaration_id, "line_no": line_no, **item.columns()}
            for line_no, item in enumerate(data.items, start=1)
        ]

    def submit_event(self, declaration_id: int, now: datetime) -> dict[str, Any]:
        """The timeline line ``Declaration.apply(SUBMIT)`` writes for a draft."""
        return {
            "declaration_id": declaration_id,
            "seq": 1,
            "at": now,
            "actor": self.actor.username,
            "actor_role": self.actor.role.value,
            "command": Command.SUBMIT.value,
            "from_status": Status.DRAFT.value,
            "to_status": Status.SUBMITTED.value,
            "lane": None,
            "reason": "",
            "milestone": Milestone.E2.value,
        }


def _plain(value: object) -> object:
    """Enums as their stored strings; everything else as is."""
    return getattr(value, "value", value)


def as_tuple(row: dict[str, Any], columns: tuple[str, ...], sqlite: bool) -> tuple[Any, ...]:
    """Values in column order; on SQLite stored the way SQLAlchemy stores them."""
    if not sqlite:
        return tuple(row[c] for c in columns)
    return tuple(_sqlite_value(row[c]) for c in columns)


def _sqlite_value(value: object) -> object:
    # SQLAlchemy keeps Numeric as REAL, dates as ISO text and UTC datetimes as naive text.
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value
