"""Read models the API and the CLI both show: a summary with its deadline, a filing's periods."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from clearway.bonded.tax_records import TaxGuarantee
from clearway.config import Settings
from clearway.declarations.model import Declaration
from clearway.supervision.consolidation import due_of as consolidation_due_of
from clearway.supervision.model import (
    CentralizedFiling,
    CentralizedList,
    TwoStepDeclaration,
    TwoStepStatus,
)
from clearway.supervision.queries import lists_of
from clearway.supervision.rules import is_late
from clearway.supervision.two_step import due_of


def _guarantee_number(session: Session, guarantee_id: int | None) -> str | None:
    found = session.get(TaxGuarantee, guarantee_id) if guarantee_id is not None else None
    return found.number if found else None


def two_step_view(
    session: Session,
    summary: TwoStepDeclaration,
    declaration: Declaration,
    settings: Settings,
    now: datetime,
) -> dict[str, Any]:
    """A summary as its declarant and officers read it, the deadline worked out when known."""
    due = summary.complete_due_at or due_of(declaration, settings)
    return {
        "number": declaration.number,
        "declaration_status": declaration.status.value,
        "lane": declaration.lane.value if declaration.lane else None,
        "enterprise_id": summary.enterprise_id,
        "status": summary.status.value,
        "licence_required": summary.licence_required,
        "licence_number": summary.licence_number,
        "inspection_required": summary.inspection_required,
        "taxable": summary.taxable,
        "guarantee": _guarantee_number(session, summary.guarantee_id),
        "reserved_amount": summary.reserved_amount,
        "lodged_at": summary.lodged_at,
        "released_at": declaration.released_at,
        "complete_due_at": due,
        "overdue": summary.overdue_at is not None
        or (summary.status is TwoStepStatus.OPEN and due is not None and is_late(now, due)),
        "completed_at": summary.completed_at,
        "settled_amount": summary.settled_amount,
        "restored_amount": summary.restored_amount,
    }


def list_view(session: Session, listed: CentralizedList) -> dict[str, Any]:
    declaration = session.get(Declaration, listed.declaration_id) if listed.declaration_id else None
    return {
        **{k: getattr(listed, k) for k in _LIST_FIELDS},
        "declaration": declaration.number if declaration else None,
    }


_LIST_FIELDS = (
    "number",
    "flow",
    "entry_at",
    "loading_at",
    "transport_means",
    "accepted_at",
    "accepted_on",
    "period",
    "currency",
    "total_value",
    "duty",
    "vat",
    "reserved_amount",
    "consolidated_at",
    "items",
)


def filing_view(
    session: Session,
    filing: CentralizedFiling,
    settings: Settings,
    now: datetime,
    with_lists: bool = False,
) -> dict[str, Any]:
    """A filing with its periods (lists, open lists, deadline) and, on request, its lists."""
    lists = lists_of(session, filing)
    total = Counter(x.period for x in lists)
    still_open = Counter(x.period for x in lists if x.declaration_id is None)
    periods = []
    for period in sorted(total):
        due = consolidation_due_of(filing, period, settings)
        periods.append(
            {
                "period": period,
                "lists": total[period],
                "open_lists": still_open[period],
                "due_at": due,
                "overdue": still_open[period] > 0 and is_late(now, due),
            }
        )
    return {
        "number": filing.number,
        "enterprise_id": filing.enterprise_id,
        "broker_id": filing.broker_id,
        "flow": filing.flow,
        "office_code": filing.office_code,
        "port_code": filing.port_code,
        "transport_mode": filing.transport_mode,
        "trade_country": filing.trade_country,
        "currency": filing.currency,
        "supervision_mode": filing.supervision_mode,
        "goods_category": filing.goods_category.value,
        "regime": filing.regime.value,
        "guarantee": _guarantee_number(session, filing.guarantee_id),
        "status": filing.status.value,
        "filed_at": filing.filed_at,
        "filed_by": filing.filed_by,
        "periods": periods,
        "lists": [list_view(session, x) for x in lists] if with_lists else [],
    }
