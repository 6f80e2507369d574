"""The one shape of a lifecycle: a status table built once per lifecycle. No I/O.

A table is built from ``{(status, command): target}``. The target is a status of the same
enum, a sentinel (``SAME``: record the command without moving; ``PREVIOUS``: go back to the
status remembered when the lifecycle was parked), or a small payload that carries one (the
declaration's ``Move(target, milestone)``). Only the table says which moves are legal; its
refusal names the current status and the command in the lifecycle's own words, so the API,
the pages and the CLI answer an illegal move with the same 409 wherever it was attempted.

Domains keep their I/O (a conditional UPDATE, an audit line) but ask the table for the target:
``move`` when an illegal command is the caller's mistake, ``find`` when it is simply nothing to
do (a follower keeping an order in step with its declaration).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from typing import TypeVar

from clearway.shared.errors import ClearwayError, Conflict, IllegalTransition

S = TypeVar("S", bound=StrEnum)
C = TypeVar("C", bound=StrEnum)
T = TypeVar("T")


class Sentinel(StrEnum):
    """Targets that are not a status of their own but say where the lifecycle lands."""

    SAME = "same"  # stay where it is: the command records a fact without moving
    PREVIOUS = "previous"  # return to the status remembered when the lifecycle was parked


SAME = Sentinel.SAME
PREVIOUS = Sentinel.PREVIOUS

# How a table refuses a command: (current status, command, subject) -> the error to raise.
# ``subject`` names the thing refused ("booking 12"), or the lifecycle ("a verification list").
Refusal = Callable[[S, C, str], ClearwayError]


def illegal_transition(current: StrEnum, command: StrEnum, subject: str) -> ClearwayError:
    """Refuse with IllegalTransition: 'cannot accept a declaration whose status is closed'."""
    refused = IllegalTransition(current.value, command.value)
    refused.detail = f"cannot {command.value} {subject} whose status is {current.value}"
    return refused


def conflict(current: StrEnum, command: StrEnum, subject: str) -> ClearwayError:
    """Refuse with Conflict: 'cannot confirm an appointment that is confirmed'."""
    return Conflict(
        f"cannot {command.value} {subject} that is {current.value}",
        current_status=current.value,
        command=command.value,
    )


def already(current: StrEnum, command: StrEnum, subject: str) -> ClearwayError:
    """Refuse with Conflict: 'inspection plan 7 is already withdrawn' (for lifecycles whose
    only illegal command is the one that led where they already are)."""
    return Conflict(
        f"{subject} is already {current.value}",
        current_status=current.value,
        command=command.value,
    )


class StatusTable(Mapping[tuple[S, C], T]):
    """The legal moves of one lifecycle, in the order they were written.

    As a mapping it reads like the ``{(status, command): target}`` it was built from, so a
    test can iterate over every entry; ``move`` refuses what is not in it.
    """

    def __init__(
        self,
        name: str,
        moves: Mapping[tuple[S, C], T],
        *,
        initial: S,
        refuse: Refusal[S, C] = illegal_transition,
    ) -> None:
        if not moves:
            raise ValueError(f"the {name} status table has no moves")
        status_type = type(initial)
        command_type = type(next(iter(moves))[1])
        clashing = {s.value for s in status_type} & {s.value for s in Sentinel}
        if clashing:
            raise ValueError(f"{name} statuses {sorted(clashing)} read as sentinels")
        for (status, command), target in moves.items():
            if not isinstance(status, status_type) or not isinstance(command, command_type):
                raise TypeError(f"{name} move ({status!r}, {command!r}) mixes lifecycles")
            landing = getattr(target, "target", target)  # a payload carries its target
            if isinstance(landing, StrEnum) and not isinstance(landing, (status_type, Sentinel)):
                raise TypeError(f"{name} move ({status}, {command}) leads to {landing!r}")
        self.name = name
        self.initial: S = initial
        self.statuses: tuple[S, ...] = tuple(status_type)
        self.commands: tuple[C, ...] = tuple(command_type)
        self.subject = f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"
        self._moves: dict[tuple[S, C], T] = dict(moves)
        self._refuse = refuse

    def __getitem__(self, key: tuple[S, C]) -> T:
        return self._moves[key]

    def __iter__(self) -> Iterator[tuple[S, C]]:
        return iter(self._moves)

    def __len__(self) -> int:
        return len(self._moves)

    def __repr__(self) -> str:
        return f"StatusTable({self.name!r}, {len(self)} moves)"

    def find(self, current: S, command: C) -> T | None:
        """The target of a command from a status, or None when the table has no such move."""
        return self._moves.get((current, command))

    def move(self, current: S, command: C, subject: str | None = None) -> T:
        """The target of a command from a status; the lifecycle's refusal when it is illegal.

        ``subject`` names the record in the refusal ("booking 12"); by default the lifecycle.
        """
        target = self._moves.get((current, command))
        if target is None:
            raise self._refuse(current, command, subject or self.subject)
        return target

    def allowed(self, current: S) -> list[C]:
        """The commands legal from a status, in table order (what an interface may offer)."""
        return [c for (s, c) in self._moves if s == current]

    def land(self, current: S, target: S | str, previous: S | None = None) -> S:
        """The status a target lands on: itself, the current one for ``SAME``, or ``previous``
        (the status remembered when the lifecycle was parked) for ``PREVIOUS``."""
        if target == SAME:
            return current
        if target == PREVIOUS:
            if previous is None:
                raise ValueError(f"the {self.name} remembers no status to return to")
            return previous
        return type(self.initial)(target)
