"""Read side: the lithium-battery checks stored for a declaration, newest first.

Whoever may see the declaration (customs, its trader, its mandated broker) may see why it was
checked the way it was; anyone else gets the declaration's 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.dangerous_goods.tables import dangerous_goods_checks
from clearway.declarations.model import Declaration
from clearway.declarations.queries import get_visible
from clearway.identity.model import Actor


@dataclass(frozen=True)
class StoredCheck:
    number: str
    checked_at: datetime
    submitted_by: str
    shipping_date: date
    transport_mode: str
    lines_checked: int
    outcome: str
    lane_floor: str | None
    severities: dict[str, str]
    findings: list[dict[str, Any]]


def checks_of(session: Session, actor: Actor, ref: str) -> list[StoredCheck]:
    """Every stored check of a visible declaration, one per submission, newest first."""
    return stored_checks(session, get_visible(session, actor, ref))


def stored_checks(session: Session, declaration: Declaration) -> list[StoredCheck]:
    """The checks of a declaration its caller has already loaded and authorised (a page that
    shows them beside the declaration loads it once)."""
    t = dangerous_goods_checks.c
    rows = session.execute(
        select(dangerous_goods_checks)
        .where(t.declaration_id == declaration.id)
        .order_by(t.id.desc())
    ).mappings()
    return [
        StoredCheck(
            number=declaration.number,
            checked_at=r["checked_at"],
            submitted_by=r["submitted_by"],
            shipping_date=r["shipping_date"],
            transport_mode=r["transport_mode"],
            lines_checked=r["lines_checked"],
            outcome=r["outcome"],
            lane_floor=r["lane_floor"],
            severities=dict(r["severities"]),
            findings=list(r["findings"]),
        )
        for r in rows
    ]
