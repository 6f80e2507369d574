"""The platform's own declarations as a training history: canonical records and their labels.

Every lodged declaration becomes its canonical item records, the same ones screening scores
(:mod:`clearway.risk.declaration_features` through the screening context), so a model trained
here describes a live declaration exactly as it learned. Labels come from the stored control
outcomes (:mod:`clearway.risk.labels`): a declaration with a nonconform outcome is fraud (2
when the control raised revenue, the "critical" kind), one whose every outcome conformed is 0,
and one never checked has no label — it still counts in the party history, which the features
take only from records dated before each row. Random-quota picks carry the inverse of the
chance they had of being drawn, capped by ``CLEARWAY_RISK_RANDOM_WEIGHT_CAP``, so the model
does not learn only from what earlier models and rules liked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from clearway.declarations.model import Declaration, Lane
from clearway.declarations.tables import declarations
from clearway.enterprises.model import CreditLevel
from clearway.risk.context import ContextLoader
from clearway.risk.selectivity import SelectivityConfig
from clearway.risk.tables import risk_outcomes, risk_screenings

if TYPE_CHECKING:
    import pandas as pd

_BATCH = 500
_d = declarations.c
_o = risk_outcomes.c
_s = risk_screenings.c


@dataclass(frozen=True)
class Label:
    """What the district learned about one declaration from its controls."""

    fraud: int
    critical_fraud: int
    weight: float


def label_of(nonconform: Iterable[bool], revenue: Iterable[object], weight: float) -> Label:
    """Fraud if any control was nonconform; critical when it also raised revenue."""
    bad = any(nonconform)
    raised = any(r is not None and float(str(r)) > 0 for r in revenue)
    return Label(int(bad), 2 if bad and raised else int(bad), weight)


def draw_weight(config: SelectivityConfig, office: str, flow: str, level: str, cap: float) -> float:
    """Inverse of the chance a random draw had to pick this declaration, at most ``cap``."""
    try:
        credit = CreditLevel(level)
    except ValueError:
        credit = CreditLevel.REGULAR
    chance = config.quota(office, flow, credit).at_least(Lane.YELLOW)
    return min(1.0 / chance, cap) if chance > 0 else 1.0


def _labels(
    session: Session, ids: list[int], config: SelectivityConfig, cap: float
) -> dict[int, Label]:
    rows = session.execute(
        select(_o.declaration_id, _o.nonconform, _o.revenue_raised, _o.random_pick).where(
            _o.declaration_id.in_(ids)
        )
    ).all()
    found: dict[int, list[tuple[bool, object, bool]]] = {}
    for row in rows:
        found.setdefault(row.declaration_id, []).append(
            (row.nonconform, row.revenue_raised, row.random_pick)
        )
    drawn = [i for i, outcomes in found.items() if any(o[2] for o in outcomes)]
    weights: dict[int, float] = {}
    if drawn:
        for row in session.execute(
            select(_s.declaration_id, _s.office_code, _s.flow, _s.credit_level)
            .where(_s.declaration_id.in_(drawn), _s.random_pick.is_(True))
            .order_by(_s.id)
        ):
            weights[row.declaration_id] = draw_weight(
                config, row.office_code, row.flow, row.credit_level, cap
            )
    return {
        i: label_of((o[0] for o in outcomes), (o[1] for o in outcomes), weights.get(i, 1.0))
        for i, outcomes in found.items()
    }


def platform_history(
    session: Session,
    config: SelectivityConfig,
    weight_cap: float,
    office_code: str | None = None,
    flow: str | None = None,
    date_to: date | None = None,
) -> pd.DataFrame:
    """Canonical records of the lodged declarations (one per item) with labels where known."""
    import pandas as pd

    conditions: list[ColumnElement[bool]] = [_d.lodged_at.is_not(None)]
    if office_code:
        conditions.append(_d.office_code == office_code)
    if flow:
        conditions.append(_d.flow == flow)
    if date_to is not None:
        conditions.append(_d.declaration_date <= date_to)
    ids = list(session.execute(select(_d.id).where(*conditions).order_by(_d.id)).scalars())
    loader, records = ContextLoader(session), []
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        labels = _labels(session, chunk, config, weight_cap)
        batch = session.scalars(select(Declaration).where(_d.id.in_(chunk)).order_by(_d.id)).all()
        for declaration in batch:
            label = labels.get(declaration.id)
            for record in loader.load(declaration, with_history=False).records:
                record["fraud"] = float(label.fraud) if label else float("nan")
                record["critical_fraud"] = float(label.critical_fraud) if label else float("nan")
                record["weight"] = label.weight if label else 1.0
                records.append(record)
        session.expunge_all()  # keep memory flat over a long history
    frame = pd.DataFrame(records)
    if len(frame):
        frame["declared_at"] = pd.to_datetime(frame["declared_at"])
    return frame
