"""Declaration numbers: office + year + flow + sequence, never duplicated, never skipped.

The counter row is bumped inside the creating transaction with one atomic upsert: concurrent
creators queue on the row lock, and a rolled-back creation gives its number back.
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from clearway.persistence.tables import number_sequences

SEQUENCE_DIGITS = 6


def format_number(office_code: str, year: int, flow_letter: str, sequence: int) -> str:
    """Human-readable number, e.g. ``0291-2024-E-000123``."""
    return f"{office_code}-{year}-{flow_letter}-{sequence:0{SEQUENCE_DIGITS}d}"


def allocate(
    session: Session, office_code: str, year: int, flow_letter: str, count: int = 1
) -> int:
    """Take `count` sequences for (office, year, flow) in the caller's transaction; the last one.

    A batch takes its whole block in one statement: sequences last - count + 1 … last.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    upsert = insert(number_sequences).values(
        office_code=office_code, year=year, flow=flow_letter, last_value=count
    )
    stmt = upsert.on_conflict_do_update(
        index_elements=["office_code", "year", "flow"],
        set_={"last_value": number_sequences.c.last_value + count},
    ).returning(number_sequences.c.last_value)
    return int(session.execute(stmt).scalar_one())
