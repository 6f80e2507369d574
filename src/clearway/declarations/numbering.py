"""Declaration numbers: office + year + flow + sequence, never duplicated, never skipped.

The counter row is bumped inside the creating transaction with one atomic upsert: concurrent
creators queue on the row lock, and a rolled-back creation gives its number back. Declarations
sharing an office, year and flow take their numbers as one block, with one bump.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from clearway.declarations.model import Flow
from clearway.persistence import statements

SEQUENCE_DIGITS = 6

# One statement on both databases (SQLite has had upsert and RETURNING since 3.35).
BUMP = (
    "INSERT INTO number_sequences (office_code, year, flow, last_value) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (office_code, year, flow) "
    "DO UPDATE SET last_value = number_sequences.last_value + ? RETURNING last_value"
)

Key = tuple[str, int, str]  # office code, year, flow letter


def key(office_code: str, day: date, flow: Flow) -> Key:
    """The counter a declaration of this office, day and flow is numbered from."""
    return office_code, day.year, flow.letter


@dataclass(frozen=True)
class Block:
    """The declarations (by position) numbered from one counter, and its bump statement."""

    key: Key
    positions: list[int]

    @property
    def bump(self) -> tuple[str, tuple[Any, ...]]:
        office, year, letter = self.key
        return BUMP, (office, year, letter, len(self.positions), len(self.positions))


def format_number(office_code: str, year: int, flow_letter: str, sequence: int) -> str:
    """Human-readable number, e.g. ``0291-2024-E-000123``."""
    return f"{office_code}-{year}-{flow_letter}-{sequence:0{SEQUENCE_DIGITS}d}"


def allocate(
    session: Session, office_code: str, year: int, flow_letter: str, count: int = 1
) -> int:
    """Take `count` sequences for (office, year, flow) in the caller's transaction; the last one.

    A batch takes its whole block in one statement: sequences last - count + 1 … last.
    """
    bumped = statements.execute(session, BUMP, (office_code, year, flow_letter, count, count))
    return int(bumped.scalar_one())


def blocks(keys: list[Key]) -> list[Block]:
    """The counters the keys need, each with the positions it numbers, in first-seen order."""
    grouped: dict[Key, list[int]] = {}
    for position, key in enumerate(keys):
        grouped.setdefault(key, []).append(position)
    return [Block(key, positions) for key, positions in grouped.items()]


def numbered(taken: list[Block], lasts: list[int], count: int) -> list[str]:
    """The numbers of ``count`` declarations from their blocks and each block's last sequence."""
    assigned = [""] * count
    for block, last in zip(taken, lasts, strict=True):
        office, year, letter = block.key
        first = last - len(block.positions) + 1
        for sequence, position in enumerate(block.positions, start=first):
            assigned[position] = format_number(office, year, letter, sequence)
    return assigned


def numbers_for(session: Session, keys: list[Key]) -> list[str]:
    """Numbers for (office, year, flow letter) keys in order, one counter bump per key."""
    taken = blocks(keys)
    lasts = [allocate(session, *block.key, len(block.positions)) for block in taken]
    return numbered(taken, lasts, len(keys))
