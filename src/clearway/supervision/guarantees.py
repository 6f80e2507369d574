"""Tax guarantees as facilities use them: consumed on use, restored when the obligation ends.

The records are the bonded domain's ``tax_guarantees`` (amount, validity, balance). A balance
moves only by a conditional UPDATE under the table's CHECK (0 <= balance <= amount), so two
facilities drawing on the last of a guarantee at once cannot overdraw it: one of them is
refused, by the database, with the rule named.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from clearway.bonded.tables import tax_guarantees
from clearway.bonded.tax_records import TaxGuarantee
from clearway.shared.errors import Conflict, RuleViolation
from clearway.shared.money import round_fen

g = tax_guarantees.c
ZERO = Decimal("0.00")


def guarantee_of(
    session: Session, number: str, enterprise_id: int, field: str = "guarantee"
) -> TaxGuarantee:
    """The enterprise's guarantee of that number, or a refusal naming the field."""
    found = session.scalars(
        select(TaxGuarantee).where(g.number == number, g.enterprise_id == enterprise_id)
    ).first()
    if found is None:
        raise RuleViolation.single(
            field, "guarantee.unknown", f"the enterprise has no tax guarantee {number}"
        )
    return found


def ensure_valid(
    guarantee: TaxGuarantee, on: date, field: str = "guarantee", until: date | None = None
) -> None:
    """Refuse a guarantee not in force on the day, or (``until``) ending before that date."""
    if not guarantee.valid_on(on):
        raise RuleViolation.single(
            field,
            "guarantee.expired" if on > guarantee.valid_to else "guarantee.not_yet_valid",
            f"guarantee {guarantee.number} is valid {guarantee.valid_from} to "
            f"{guarantee.valid_to}, not on {on}",
        )
    if until is not None and guarantee.valid_to < until:
        raise RuleViolation.single(
            field,
            "guarantee.validity_too_short",
            f"guarantee {guarantee.number} ends on {guarantee.valid_to}; it must run at least "
            f"until {until}",
        )


def consume(
    session: Session, guarantee: TaxGuarantee, amount: Decimal, on: date, field: str = "guarantee"
) -> Decimal:
    """Take `amount` from the balance if the guarantee is valid on the day and covers it.

    Returns the balance left. The balance test is the UPDATE's own WHERE clause, so the
    database, not this function, decides who gets the last of it.
    """
    ensure_valid(guarantee, on, field)
    amount = round_fen(amount)
    if amount < 0:
        raise RuleViolation.single(field, "guarantee.amount", "cannot consume a negative amount")
    if amount == 0:
        return Decimal(guarantee.balance)
    row = session.execute(
        update(tax_guarantees)
        .where(g.id == guarantee.id, g.balance >= amount)
        # Rounded in SQL so SQLite's binary floats cannot stray outside the CHECK bounds.
        .values(balance=func.round(g.balance - amount, 2))
        .returning(g.balance)
    ).first()
    if row is None:
        left = session.scalar(select(g.balance).where(g.id == guarantee.id))
        raise RuleViolation.single(
            field,
            "guarantee.insufficient",
            f"guarantee {guarantee.number} has {round_fen(Decimal(left or 0))} CNY left; "
            f"{amount} CNY is needed",
        )
    if guarantee in session:  # drawn by statement: read again when next used
        session.expire(guarantee, ["balance"])
    return round_fen(Decimal(row[0]))


def restore(session: Session, guarantee_id: int, amount: Decimal) -> Decimal:
    """Give `amount` back to the balance when the obligation it secured has ended.

    Never above the guarantee's amount: a restore that would exceed it is a bookkeeping
    error, refused by the conditional UPDATE (and the CHECK behind it).
    """
    amount = round_fen(amount)
    if amount <= 0:
        return ZERO
    row = session.execute(
        update(tax_guarantees)
        .where(g.id == guarantee_id, g.balance + amount <= g.amount)
        .values(balance=func.round(g.balance + amount, 2))
        .returning(g.balance)
    ).first()
    if row is None:
        raise Conflict(
            f"restoring {amount} CNY would take guarantee {guarantee_id} above its amount",
            guarantee_id=guarantee_id,
        )
    found = session.get(TaxGuarantee, guarantee_id)
    if found is not None:
        session.expire(found, ["balance"])  # restored by statement: read again when next used
    return amount
