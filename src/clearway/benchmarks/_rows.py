"""The rows a lodged (and submitted) declaration leaves behind, as plain values for the driver.

They are not written out by hand: each content variant is assembled into the ``Declaration``
aggregate exactly as a lodgement does (``services.assemble``), moved with ``apply(SUBMIT)``,
and taken row by row through its mapping (``persistence.rows.row_of``) — the rows a flush
writes. That is done once per variant; a declaration then only gets its number, ids and times,
so the raw driver's baseline does not pay for building objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from clearway.bootstrap import start_mappers
from clearway.declarations import services
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.measures import key_of
from clearway.declarations.numbering import format_number
from clearway.declarations.status import Command
from clearway.declarations.tables import declaration_events, declaration_items, declarations
from clearway.identity.model import Actor
from clearway.persistence.rows import row_of

HEADER_COLUMNS = tuple(c.name for c in declarations.c if c.name != "id")
ITEM_COLUMNS = tuple(c.name for c in declaration_items.c if c.name != "id")
# Benchmark seeding writes timeline lines unchained (``clearway audit verify`` reports them).
EVENT_COLUMNS = tuple(
    c.name for c in declaration_events.c if c.name not in {"id", "chain_prev", "chain_hash"}
)

_TEMPLATE_TIME = datetime(2000, 1, 1, tzinfo=UTC)  # stands for "now" in the templates


@dataclass(frozen=True)
class _Template:
    draft: dict[str, Any]
    submitted: dict[str, Any]
    items: list[dict[str, Any]]
    event: dict[str, Any]  # the timeline line of the submission


@dataclass(frozen=True)
class RowPlan:
    """Everything fixed across a run: the content variants, the trader and the actor."""

    inputs: list[DeclarationInput]
    trader_id: int
    actor: Actor
    day: date
    _templates: list[_Template] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        start_mappers()
        for data in self.inputs:
            built = services.assemble(
                data, self.trader_id, None, self.day, self.actor, _TEMPLATE_TIME
            )
            draft = _plain(row_of(built))
            items = [_plain(row_of(i)) for i in built.items]
            event = built.apply(Command.SUBMIT, self.actor, _TEMPLATE_TIME)
            self._templates.append(
                _Template(draft, _plain(row_of(built)), items, _plain(row_of(event)))
            )

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
        template = self._templates[i % len(self._templates)]
        row = _at(template.submitted if submitted else template.draft, now)
        row.update(number=self.number(sequence), version=version)
        return row

    def items(self, i: int, declaration_id: int) -> list[dict[str, Any]]:
        """The item rows of declaration ``i``, numbered from 1 as a lodgement numbers them."""
        template = self._templates[i % len(self._templates)]
        return [item | {"declaration_id": declaration_id} for item in template.items]

    def submit_event(self, i: int, declaration_id: int, now: datetime) -> dict[str, Any]:
        """The timeline line ``Declaration.apply(SUBMIT)`` writes for draft ``i``."""
        template = self._templates[i % len(self._templates)]
        return _at(template.event, now) | {"declaration_id": declaration_id}


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Enums and measure sets as their stored strings; everything else as is."""
    return {
        k: key_of(v) if isinstance(v, frozenset) else getattr(v, "value", v) for k, v in row.items()
    }


def _at(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A template row at a real time: every value that stood for "now" becomes ``now``."""
    return {
        k: now if isinstance(v, datetime) and v == _TEMPLATE_TIME else v for k, v in row.items()
    }


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
