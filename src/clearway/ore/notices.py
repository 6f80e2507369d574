"""What the importer hears about a disposal case (opened, overdue, closed) and about the
notice a final price leaves.

Events go through the notifications outbox in the caller's transaction (one stream per case),
so the enterprise's inbox and webhooks learn of the case exactly when it commits.
"""

from __future__ import annotations

from sqlalchemy import Connection

from clearway.notifications.outbox import OutboxEvent, publish
from clearway.ore.model import DisposalCase
from clearway.ore.pricing_records import ProvisionalPrice

_SEQ = {"opened": 1, "overdue": 2, "closed": 3}


def notify_case(conn: Connection, case: DisposalCase, number: str, verb: str) -> None:
    """Queue the notice of a disposal case event for the importer."""
    measure = (case.measure or case.suggested_measure).value
    titles = {
        "opened": f"{number}: ore failed the lab after release — {measure} due by "
        f"{case.due_at.date().isoformat()}",
        "overdue": f"{number}: ore disposal overdue since {case.due_at.isoformat()}",
        "closed": f"{number}: ore disposal case closed ({measure})",
    }
    publish(
        conn,
        OutboxEvent(
            event_type=f"ore.disposal_{verb}",
            stream_key=f"ore_disposal:{case.id}",
            seq=_SEQ[verb],
            occurred_at=case.updated_at,
            title=titles[verb],
            body="; ".join(case.reasons) if verb == "opened" else case.outcome,
            link=f"/api/v1/ore/disposal-cases/{case.id}",
            enterprise_ids=(case.enterprise_id,),
            payload={
                "case": {
                    "id": case.id,
                    "declaration": number,
                    "status": case.status.value,
                    "suggested_measure": case.suggested_measure.value,
                    "measure": case.measure.value if case.measure else None,
                    "due_at": case.due_at.isoformat(),
                    "reasons": case.reasons,
                }
            },
        ),
    )


def notify_price_notice(
    conn: Connection, pricing: ProvisionalPrice, number: str, enterprise_id: int
) -> None:
    """Queue the supplementary tax or refund notice of a final price for the importer."""
    assert pricing.settlement is not None and pricing.final_declared_at is not None
    kind = {"supplementary": "supplementary tax", "refund": "refund", "none": "nothing to settle"}
    publish(
        conn,
        OutboxEvent(
            event_type="ore.final_price_notice",
            stream_key=f"ore_final_price:{pricing.id}",
            seq=1,
            occurred_at=pricing.final_declared_at,
            title=f"{number}: final price declared — {kind[pricing.settlement.value]} "
            f"{pricing.difference} CNY (notice {pricing.notice_number})",
            body=f"duty {pricing.duty_difference} CNY, VAT {pricing.vat_difference} CNY",
            link=f"/api/v1/ore/declarations/{number}/provisional-price",
            enterprise_ids=(enterprise_id,),
            payload={
                "notice": {
                    "number": pricing.notice_number,
                    "declaration": number,
                    "settlement": pricing.settlement.value,
                    "duty": str(pricing.duty_difference),
                    "vat": str(pricing.vat_difference),
                    "total": str(pricing.difference),
                    "late": pricing.late,
                }
            },
        ),
    )
