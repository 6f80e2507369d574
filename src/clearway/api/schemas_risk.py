"""Response shapes of the risk API (the `XPublic` family); inputs live in risk/commands.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from clearway.risk.lists import NamedList
from clearway.risk.rules import RiskRule


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class EffectPublic(_Out):
    lane: str | None
    score: float
    selection_rate: float
    max_hits_without_selection: int | None


class RulePublic(_Out):
    id: int
    rule_code: str
    version: int
    status: str
    description: str
    criteria: dict[str, Any]
    effect: EffectPublic
    instructions: list[str]
    valid_from: date
    valid_to: date | None
    author: str
    created_at: datetime

    @classmethod
    def of(cls, rule: RiskRule) -> RulePublic:
        return cls(
            id=rule.id,
            rule_code=rule.rule_code,
            version=rule.version,
            status=rule.status.value,
            description=rule.description,
            criteria=rule.criteria,
            effect=EffectPublic(**rule.effect.as_dict()),
            instructions=list(rule.instructions),
            valid_from=rule.valid_from,
            valid_to=rule.valid_to,
            author=rule.author,
            created_at=rule.created_at,
        )


class NamedListPublic(_Out):
    name: str
    kind: str
    description: str
    version: int
    values: list[Any]

    @classmethod
    def of(cls, named: NamedList) -> NamedListPublic:
        return cls(
            name=named.name,
            kind=named.kind.value,
            description=named.description,
            version=named.version,
            values=named.raw_entries(),
        )


class BacktestPublic(_Out):
    declarations: int
    hits: int
    hit_share: float | None
    known_outcomes: int
    nonconform: int
    hit_rate: float | None
    base_known_outcomes: int
    base_nonconform: int
    base_rate: float | None
    lift: float | None
    sample: list[dict[str, Any]]


class ReroutePublic(_Out):
    at: datetime
    actor: str
    lane: str | None
    reason: str


class ScreeningPublic(_Out):
    number: str
    lane: str
    current_lane: str | None
    selected_by: str
    score: float
    model_score: float
    percentile: float
    credit_level: str
    reasons: list[dict[str, str]]
    instructions: list[str]
    random_pick: bool
    model_version: str
    ruleset_version: str
    screened_at: datetime
    earlier_screenings: int
    reroutes: list[ReroutePublic]


class ImportSummaryPublic(_Out):
    lists_created: list[str]
    lists_changed: list[str]
    rules_created: list[str]
    rules_changed: list[str]
    rules_unchanged: list[str]
    rules_activated: list[str]


class RuleStatPublic(_Out):
    rule_code: str
    hits: int
    selected: int
    forced: int
    known_outcomes: int
    nonconform: int
    hit_rate: float | None


class LaneSharesPublic(_Out):
    office_code: str
    credit_level: str
    screened: int
    counts: dict[str, int]
    rates: dict[str, float | None]


class PickGroupPublic(_Out):
    picks: int
    known_outcomes: int
    nonconform: int
    hit_rate: float | None


class LiftPublic(_Out):
    random: PickGroupPublic
    targeted: PickGroupPublic
    lift: float | None


class WeekScoresPublic(_Out):
    week: str
    screened: int
    mean: float
    p10: float
    p50: float
    p90: float
    model_versions: list[str]
