"""The one place that decides whether an enterprise may use a facilitation measure.

Two-step and centralized declaration, appointment clearance, direct pickup and first release
all ask here, from the enterprise's credit level on the day, the goods, the office and its
breach record, and hear every reason when the answer is no.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clearway.config import Settings
from clearway.enterprises.model import Enterprise
from clearway.shared.errors import RuleViolation
from clearway.supervision.eligibility_rules import Facility, FacilityRule, refusals, rule_for
from clearway.supervision.tables import supervision_breaches

__all__ = ["Eligibility", "Facility", "decide", "ensure_eligible", "rule_of"]


@dataclass(frozen=True)
class Eligibility:
    """The answer for one enterprise, facility and day; `reasons` say why when refused."""

    facility: Facility
    allowed: bool
    reasons: tuple[str, ...]


def rule_of(settings: Settings, facility: Facility) -> FacilityRule:
    """The facility's rule in this district (defaults with the settings' overrides)."""
    return rule_for(facility, settings.supervision_eligibility)


def breaches_within(
    session: Session, enterprise_id: int, facility: Facility, on: date, window_days: int
) -> int:
    """Breaches of the facility not lifted whose deadline fell in the window ending on `on`."""
    b = supervision_breaches.c
    end = datetime.combine(on + timedelta(days=1), time(), UTC)
    start = end - timedelta(days=window_days)
    count = session.scalar(
        select(func.count())
        .select_from(supervision_breaches)
        .where(
            b.enterprise_id == enterprise_id,
            b.facility == facility.value,
            b.lifted_at.is_(None),
            b.occurred_at >= start,
            b.occurred_at < end,
        )
    )
    return int(count or 0)


def decide(
    session: Session,
    settings: Settings,
    enterprise_id: int,
    facility: Facility,
    on: date,
    *,
    tariff_codes: Sequence[str] = (),
    office_code: str | None = None,
) -> Eligibility:
    """May the enterprise use the facility on the day, for these goods at this office?"""
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        return Eligibility(facility, False, (f"enterprise {enterprise_id} is not registered",))
    rule = rule_of(settings, facility)
    breaches = 0
    if rule.max_breaches is not None:
        breaches = breaches_within(session, enterprise_id, facility, on, rule.breach_window_days)
    reasons = refusals(
        rule,
        facility,
        enterprise.credit_level_on(on),
        tariff_codes=tariff_codes,
        office_code=office_code,
        breaches=breaches,
    )
    return Eligibility(facility, not reasons, tuple(reasons))


def ensure_eligible(
    session: Session,
    settings: Settings,
    enterprise_id: int,
    facility: Facility,
    on: date,
    *,
    tariff_codes: Sequence[str] = (),
    office_code: str | None = None,
    field: str = "trader_id",
) -> None:
    """Refuse, naming the facility's rule and every reason, unless the enterprise is eligible."""
    answer = decide(
        session,
        settings,
        enterprise_id,
        facility,
        on,
        tariff_codes=tariff_codes,
        office_code=office_code,
    )
    if not answer.allowed:
        raise RuleViolation.single(
            field, f"eligibility.{facility.value}", "; ".join(answer.reasons)
        )
