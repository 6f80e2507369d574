"""What risk officers watch: screening results, rule hit rates, lane rates, lift and drift.

Rates are computed over a period of screening dates. "Hit rate" uses the outcome definition of
:mod:`clearway.risk.outcomes` (nonconform among declarations whose outcome is known). Lane
rates count the latest screening of each declaration, so a resubmission is not counted twice.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from clearway.declarations.model import Declaration, Lane
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command
from clearway.identity.model import Actor
from clearway.risk.outcomes import known_clause, nonconform_clause
from clearway.risk.services import ensure_customs
from clearway.risk.tables import risk_rule_hits, risk_screenings
from clearway.shared.errors import NotFound

s, h = risk_screenings.c, risk_rule_hits.c
TARGETED_BY = ("negative_list", "rule", "forced", "score")


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date_from, time(), UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.date_to + timedelta(days=1), time(), UTC)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class Reroute:
    at: datetime
    actor: str
    lane: str | None
    reason: str


@dataclass(frozen=True)
class ScreeningView:
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
    reroutes: list[Reroute] = field(default_factory=list)


def screening_of(session: Session, actor: Actor, ref: str) -> ScreeningView:
    """The latest screening of a declaration and any officer re-routes since, with reasons."""
    ensure_customs(actor)
    return screening_view(session, get_visible(session, actor, ref))


def screening_view(session: Session, declaration: Declaration) -> ScreeningView:
    """The screening of a declaration its caller has already loaded and shown to be customs'
    to read (a page that shows it beside the declaration loads the declaration once)."""
    rows = (
        session.execute(
            select(risk_screenings).where(s.declaration_id == declaration.id).order_by(s.id.desc())
        )
        .mappings()
        .all()
    )
    if not rows:
        raise NotFound("screening of declaration", declaration.number)
    latest = rows[0]
    reroutes = [
        Reroute(e.at, e.actor, e.lane, e.reason)
        for e in declaration.events
        if e.command == Command.REROUTE.value and e.at >= latest["screened_at"]
    ]
    return ScreeningView(
        number=declaration.number,
        lane=latest["lane"],
        current_lane=declaration.lane.value if declaration.lane else None,
        selected_by=latest["selected_by"],
        score=latest["score"],
        model_score=latest["model_score"],
        percentile=latest["percentile"],
        credit_level=latest["credit_level"],
        reasons=list(latest["reasons"]),
        instructions=list(latest["instructions"]),
        random_pick=bool(latest["random_pick"]),
        model_version=latest["model_version"],
        ruleset_version=latest["ruleset_version"],
        screened_at=latest["screened_at"],
        earlier_screenings=len(rows) - 1,
        reroutes=reroutes,
    )


@dataclass(frozen=True)
class RuleStat:
    rule_code: str
    hits: int
    selected: int
    forced: int
    known_outcomes: int
    nonconform: int
    hit_rate: float | None


def rule_stats(session: Session, actor: Actor, period: Period) -> list[RuleStat]:
    """Hits per rule and the share of checked hits found nonconform."""
    ensure_customs(actor)
    rows = session.execute(
        select(
            h.rule_code,
            func.count(),
            func.count().filter(h.selected.is_(True)),
            func.count().filter(h.forced.is_(True)),
            func.count().filter(known_clause(h.declaration_id)),
            func.count().filter(nonconform_clause(h.declaration_id)),
        )
        .where(h.hit_at >= period.start, h.hit_at < period.end)
        .group_by(h.rule_code)
        .order_by(h.rule_code)
    ).all()
    return [
        RuleStat(code, n, sel, forced, known, bad, _rate(bad, known))
        for code, n, sel, forced, known, bad in rows
    ]


def _latest_in(period: Period) -> ColumnElement[bool]:
    latest = (
        select(func.max(s.id))
        .where(s.screened_at >= period.start, s.screened_at < period.end)
        .group_by(s.declaration_id)
    )
    return s.id.in_(latest)


@dataclass(frozen=True)
class LaneShares:
    office_code: str
    credit_level: str
    screened: int
    counts: dict[str, int]
    rates: dict[str, float | None]


def lane_rates(session: Session, actor: Actor, period: Period) -> list[LaneShares]:
    """Share of each lane per office and credit level."""
    ensure_customs(actor)
    rows = session.execute(
        select(s.office_code, s.credit_level, s.lane, func.count())
        .where(_latest_in(period))
        .group_by(s.office_code, s.credit_level, s.lane)
    ).all()
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {x.value: 0 for x in Lane})
    for office, level, lane, n in rows:
        counts[(office, level)][lane] = int(n)
    out = []
    for (office, level), by_lane in sorted(counts.items()):
        total = sum(by_lane.values())
        rates = {lane: _rate(n, total) for lane, n in by_lane.items()}
        out.append(LaneShares(office, level, total, by_lane, rates))
    return out


@dataclass(frozen=True)
class PickGroup:
    picks: int
    known_outcomes: int
    nonconform: int
    hit_rate: float | None


@dataclass(frozen=True)
class Lift:
    random: PickGroup
    targeted: PickGroup
    lift: float | None


def lift(session: Session, actor: Actor, period: Period) -> Lift:
    """Hit rate of targeted selections against random picks (the unbiased baseline)."""
    ensure_customs(actor)

    def group(*conditions: ColumnElement[bool]) -> PickGroup:
        n, known, bad = session.execute(
            select(
                func.count(),
                func.count().filter(known_clause(s.declaration_id)),
                func.count().filter(nonconform_clause(s.declaration_id)),
            ).where(_latest_in(period), *conditions)
        ).one()
        return PickGroup(int(n), int(known), int(bad), _rate(int(bad), int(known)))

    random = group(s.random_pick.is_(True))
    targeted = group(
        s.random_pick.is_(False),
        s.lane.in_([Lane.RED.value, Lane.YELLOW.value]),
        s.selected_by.in_(TARGETED_BY),
    )
    ratio = (
        round(targeted.hit_rate / random.hit_rate, 3)
        if targeted.hit_rate is not None and random.hit_rate
        else None
    )
    return Lift(random, targeted, ratio)


@dataclass(frozen=True)
class WeekScores:
    week: str
    screened: int
    mean: float
    p10: float
    p50: float
    p90: float
    model_versions: list[str]


def score_drift(session: Session, actor: Actor, period: Period) -> list[WeekScores]:
    """Score distribution per ISO week: a moving distribution means drift or a new model."""
    ensure_customs(actor)
    rows = session.execute(
        select(s.screened_at, s.score, s.model_version).where(
            s.screened_at >= period.start, s.screened_at < period.end
        )
    ).all()
    weeks: dict[str, list[Any]] = defaultdict(list)
    for at, score, version in rows:
        year, week, _ = at.isocalendar()
        weeks[f"{year}-W{week:02d}"].append((float(score), version))
    out = []
    for week, values in sorted(weeks.items()):
        scores = sorted(v for v, _ in values)
        out.append(
            WeekScores(
                week=week,
                screened=len(scores),
                mean=round(statistics.fmean(scores), 6),
                p10=round(_quantile(scores, 0.1), 6),
                p50=round(_quantile(scores, 0.5), 6),
                p90=round(_quantile(scores, 0.9), 6),
                model_versions=sorted({v for _, v in values}),
            )
        )
    return out


def _quantile(ordered: list[float], q: float) -> float:
    """Nearest-rank quantile of sorted values."""
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]
