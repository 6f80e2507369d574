"""Declaration numbers: office + year + flow + sequence, never duplicated, never skipped.

The counter row is bumped inside the creating transaction with one atomic upsert: concurrent
creators queue on the row lock, and a rolled-back creation gives its number back.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from clearway.persistence import statements

SEQUENCE_DIGITS = 6


def format_number(office_code: str, year: int, flow_letter: str, sequence: int) -> str:
    """Human-readable number, e.g. ``0291-2024-E-000123``."""
    return f"{office_code}-{year}-{flow_letter}-{sequence:0{SEQUENCE_DIGITS}d}"


# One statement on both databases (SQLite has had upsert and RETURNING since 3.35).
_BUMP = (
    "INSERT INTO number_sequences (office_code, year, flow, last_value) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (office_code, year, flow) "
    "DO UPDATE SET last_value = number_sequences.last_value + ? RETURNING last_value"
)


def allocate(
    session: Session, office_code: str, year: int, flow_letter: str, count: int = 1
) -> int:
    """Take `count` sequences for (office, year, flow) in the caller's transaction; the last one.

    A batch takes its whole block in one statement: sequences last - count + 1 … last.
    """
    bumped = statements.execute(session, _BUMP, (office_code, year, flow_letter, count, count))
    return int(bumped.scalar_one())


def numbers_for(session: Session, keys: list[tuple[str, int, str]]) -> list[str]:
    """Numbers for (office, year, flow letter) keys in order, one counter bump per key."""
    groups: dict[tuple[str, int, str], list[int]] = {}
    for position, key in enumerate(keys):
        groups.setdefault(key, []).append(position)
    assigned = [""] * len(keys)
    for (office, year, letter), positions in groups.items():
        last = allocate(session, office, year, letter, len(positions))
        for sequence, position in enumerate(positions, start=last - len(positions) + 1):
            assigned[position] = format_number(office, year, letter, sequence)
    return assigned
