"""What counts as a known control outcome of a declaration — defined once, in one place.

Until inspection results are recorded, the outcome is read from the declaration's timeline:

* **nonconform**: customs rejected it, suspended it, asked for an amendment, or an officer
  re-routed it to the red lane;
* **known**: it is nonconform, or it went through a document check or a physical inspection
  (those that passed a check without any of the above are *conform*).

Declarations released without any check have no known outcome: nobody looked, so they count
neither for nor against a rule. Hit rates are nonconform / known. The same definition is given
as a pure function over events (backtests) and as SQL conditions (statistics queries), so the
two can never disagree; when inspection results arrive, only this module changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_

from clearway.declarations.model import Lane
from clearway.declarations.status import Command, Status
from clearway.declarations.tables import declaration_events

NONCONFORM_COMMANDS = (Command.REJECT, Command.SUSPEND, Command.REQUEST_AMENDMENT)
CHECKED_STATUSES = (Status.DOCUMENT_CHECK, Status.INSPECTION)


@dataclass(frozen=True)
class Outcome:
    known: bool
    nonconform: bool


def _is_nonconform(command: str, lane: str | None) -> bool:
    return command in NONCONFORM_COMMANDS or (command == Command.REROUTE and lane == Lane.RED.value)


def outcome_of(events: Iterable[Any]) -> Outcome:
    """The outcome of one declaration from its timeline events (command, to_status, lane)."""
    nonconform = checked = False
    for event in events:
        nonconform = nonconform or _is_nonconform(str(event.command), event.lane)
        checked = checked or event.to_status in CHECKED_STATUSES
    return Outcome(known=nonconform or checked, nonconform=nonconform)


def nonconform_clause(declaration_id: Any) -> ColumnElement[bool]:
    """SQL: the declaration has a nonconform event."""
    e = declaration_events.c
    return exists().where(
        e.declaration_id == declaration_id,
        or_(
            e.command.in_([c.value for c in NONCONFORM_COMMANDS]),
            and_(e.command == Command.REROUTE.value, e.lane == Lane.RED.value),
        ),
    )


def known_clause(declaration_id: Any) -> ColumnElement[bool]:
    """SQL: the declaration's outcome is known (checked, or nonconform)."""
    e = declaration_events.c
    checked = exists().where(
        e.declaration_id == declaration_id,
        e.to_status.in_([s.value for s in CHECKED_STATUSES]),
    )
    return or_(checked, nonconform_clause(declaration_id))
