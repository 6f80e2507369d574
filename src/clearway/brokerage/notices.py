"""What the broker and its principal are told about plans and trains.

Risk research results are customs' own judgement and are never sent to the trade; only the
movements of plans and trains are. Each plan and each train is one ordered stream, its
position given by the row version, which grows by one with every change.
"""

from __future__ import annotations

from sqlalchemy import Connection

from clearway.brokerage.model import ImportPlan, TrainConsist
from clearway.notifications.outbox import OutboxEvent, publish


def notify_plan(conn: Connection, plan: ImportPlan, verb: str) -> None:
    publish(
        conn,
        OutboxEvent(
            event_type=f"import_plan.{verb}",
            stream_key=f"import_plan:{plan.id}",
            seq=plan.version,
            occurred_at=plan.updated_at,
            title=f"Import plan {plan.id} {verb}: {plan.goods_name} from {plan.supplier}",
            link=f"/api/v1/brokerage/import-plans/{plan.id}",
            enterprise_ids=(plan.principal_id, plan.broker_id),
            payload={
                "import_plan": {
                    "id": plan.id,
                    "status": plan.status.value,
                    "principal_id": plan.principal_id,
                    "broker_id": plan.broker_id,
                    "office_code": plan.office_code,
                    "tariff_code": plan.tariff_code,
                    "quantity": str(plan.quantity),
                    "unit": plan.unit,
                    "arrival_from": plan.arrival_from.isoformat(),
                    "arrival_to": plan.arrival_to.isoformat(),
                    "declaration_id": plan.declaration_id,
                }
            },
        ),
    )


def notify_train(conn: Connection, train: TrainConsist, verb: str) -> None:
    publish(
        conn,
        OutboxEvent(
            event_type=f"train.{verb}",
            stream_key=f"train:{train.id}",
            seq=train.version,
            occurred_at=train.updated_at,
            title=f"Train {train.train_number} {verb.replace('_', ' ')} "
            f"(ETA {train.eta_border:%Y-%m-%d %H:%M} UTC)",
            link=f"/api/v1/brokerage/trains/{train.id}",
            enterprise_ids=(train.principal_id, train.broker_id),
            payload={
                "train": {
                    "id": train.id,
                    "train_number": train.train_number,
                    "status": train.status.value,
                    "plan_id": train.plan_id,
                    "origin_station": train.origin_station,
                    "departed_at": train.departed_at.isoformat(),
                    "eta_border": train.eta_border.isoformat(),
                    "arrived_at": train.arrived_at.isoformat() if train.arrived_at else None,
                    "transshipped_at": (
                        train.transshipped_at.isoformat() if train.transshipped_at else None
                    ),
                    "wagons": len(train.wagons),
                    "net_weight": str(train.net_weight),
                    "declaration_id": train.declaration_id,
                }
            },
        ),
    )
