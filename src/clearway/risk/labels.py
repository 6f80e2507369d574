"""The district's own labels: each concluded control kept as an outcome of its declaration.

Every ``ControlConcluded`` event (document check, physical inspection, lab result, later the
post-clearance audit) becomes one ``risk_outcomes`` row in the control's own transaction, with
the lane the declaration was screened into and how that lane was chosen, copied from its
latest screening. Training reads these rows as labels and weighs random draws by how rarely
they are drawn; a declaration with no row was never checked and has no label at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from clearway.risk.tables import risk_outcomes, risk_screenings
from clearway.shared.controls import ControlConcluded

_s = risk_screenings.c
_o = risk_outcomes.c

# How a screening's ``selected_by`` chose the lane, in the three ways the lane order knows:
# (1) a rule hit (negative list, submission check, rule, officer's forced lane), (2) the random
# quota, (3) the top-up by score. "none" is a green lane nothing selected; "unscreened" a
# declaration checked without any screening on record.
CHOSEN_BY: dict[str, str] = {
    "negative_list": "rule",
    "submission_check": "rule",
    "rule": "rule",
    "forced": "rule",
    "random": "random",
    "score": "top_up",
    "none": "none",
}
UNSCREENED = "unscreened"


def chosen_by(selected_by: str | None) -> str:
    """The selection lane order's step that chose the declaration's lane."""
    return UNSCREENED if selected_by is None else CHOSEN_BY.get(selected_by, selected_by)


@dataclass(frozen=True)
class _Screening:
    lane: str
    chosen_by: str
    random_pick: bool
    model_score: float
    model_version: str


_NOT_SCREENED = _Screening("", UNSCREENED, False, 0.0, "none")


def _latest_screening(session: Session, declaration_id: int) -> _Screening:
    row = session.execute(
        select(_s.lane, _s.selected_by, _s.random_pick, _s.model_score, _s.model_version)
        .where(_s.declaration_id == declaration_id)
        .order_by(_s.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return _NOT_SCREENED
    return _Screening(
        row.lane, chosen_by(row.selected_by), row.random_pick, row.model_score, row.model_version
    )


def on_control_concluded(session: Session, events: Sequence[ControlConcluded]) -> None:
    """Handler: keep each concluded control as an outcome with its lane and how it was chosen."""
    rows = []
    for event in events:
        screening = _latest_screening(session, event.declaration_id)
        rows.append(
            {
                "declaration_id": event.declaration_id,
                "source": event.source.value,
                "source_id": event.source_id,
                "nonconform": event.nonconform,
                "finding_kind": event.finding_kind,
                "revenue_raised": event.revenue_raised,
                "lane": screening.lane,
                "chosen_by": screening.chosen_by,
                "random_pick": screening.random_pick,
                "model_score": screening.model_score,
                "model_version": screening.model_version[:120],
                "concluded_at": event.at,
            }
        )
    if rows:
        session.execute(insert(risk_outcomes), rows)
