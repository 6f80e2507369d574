"""Backtest: what a draft condition would have hit over a past period, before activation.

The condition runs against every declaration lodged in the period exactly as screening would
run it (same context: CNY amounts, credit level on the declaration date, history before
lodgement). Its hit rate — nonconform among hits whose outcome is known, by the one definition
in :mod:`clearway.risk.outcomes` — is set against the rate over all declarations of the period,
so an officer sees whether the rule finds more trouble than chance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.declarations.model import Declaration
from clearway.declarations.tables import declarations
from clearway.identity.model import Actor
from clearway.risk.catalogue import HISTORY_FIELDS
from clearway.risk.commands import BacktestInput
from clearway.risk.context import ContextLoader
from clearway.risk.criteria import parse_criteria
from clearway.risk.outcomes import outcome_of
from clearway.risk.ruleset import all_lists
from clearway.risk.services import ensure_risk_staff
from clearway.shared.errors import Collector, RuleViolation

MAX_DECLARATIONS = 200_000
_BATCH = 500
_SAMPLE = 20


@dataclass
class BacktestResult:
    declarations: int = 0
    hits: int = 0
    known_outcomes: int = 0
    nonconform: int = 0
    base_known_outcomes: int = 0
    base_nonconform: int = 0
    sample: list[dict[str, object]] = field(default_factory=list)

    @property
    def hit_share(self) -> float | None:
        return round(self.hits / self.declarations, 4) if self.declarations else None

    @property
    def hit_rate(self) -> float | None:
        return round(self.nonconform / self.known_outcomes, 4) if self.known_outcomes else None

    @property
    def base_rate(self) -> float | None:
        if not self.base_known_outcomes:
            return None
        return round(self.base_nonconform / self.base_known_outcomes, 4)

    @property
    def lift(self) -> float | None:
        if self.hit_rate is None or not self.base_rate:
            return None
        return round(self.hit_rate / self.base_rate, 3)


def backtest(session: Session, actor: Actor, data: BacktestInput) -> BacktestResult:
    """Run a condition over the declarations lodged with a declaration date in the period."""
    ensure_risk_staff(actor)
    errors = Collector()
    if data.date_to < data.date_from:
        errors.add("date_to", "period", "is before date_from")
    criteria = parse_criteria(data.criteria, all_lists(session), "criteria", errors)
    if errors.errors or criteria is None:
        raise RuleViolation(errors.errors)
    d = declarations.c
    conditions = [
        d.lodged_at.is_not(None),
        d.declaration_date >= data.date_from,
        d.declaration_date <= data.date_to,
    ]
    if data.office_code:
        conditions.append(d.office_code == data.office_code)
    if data.flow:
        conditions.append(d.flow == data.flow.value)
    ids = session.execute(select(d.id).where(*conditions).order_by(d.id)).scalars().all()
    if len(ids) > MAX_DECLARATIONS:
        raise RuleViolation.single(
            "date_to", "too_many", f"{len(ids)} declarations; backtest at most {MAX_DECLARATIONS}"
        )
    with_history = bool(criteria.fields & HISTORY_FIELDS)
    loader, result = ContextLoader(session), BacktestResult()
    for start in range(0, len(ids), _BATCH):
        batch = session.scalars(
            select(Declaration).where(d.id.in_(ids[start : start + _BATCH])).order_by(d.id)
        ).all()
        for declaration in batch:
            outcome = outcome_of(declaration.events)
            result.declarations += 1
            result.base_known_outcomes += outcome.known
            result.base_nonconform += outcome.nonconform
            hit = criteria.evaluate(
                loader.load(declaration, with_history, with_records=False).context
            )
            if hit is None:
                continue
            result.hits += 1
            result.known_outcomes += outcome.known
            result.nonconform += outcome.nonconform
            if len(result.sample) < _SAMPLE:
                result.sample.append({"number": declaration.number, "why": hit.text()})
        session.expunge_all()  # keep memory flat over long periods
    return result
