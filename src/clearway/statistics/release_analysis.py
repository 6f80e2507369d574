"""What the Time Release Study reads off the distribution: a before/after comparison, the
cumulative release curve, the outliers, and the times of one declaration."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import FromClause, Select, case, func, select
from sqlalchemy.orm import Session

from clearway.declarations.measures import mode_of, parse_key, sorted_measures
from clearway.declarations.status import Milestone
from clearway.declarations.tables import declarations
from clearway.identity.model import Actor
from clearway.shared.errors import NotFound
from clearway.statistics import trs
from clearway.statistics.commands import ReleaseQuery
from clearway.statistics.export import Sheet
from clearway.statistics.release_time import (
    FIGURE_COLUMNS,
    RELEASE_SECONDS,
    RELEASED,
    ReleaseSummary,
    distributions,
    figure_cells,
    study_scope,
    summaries,
)
from clearway.statistics.sql import visible_from
from clearway.statistics.tables import milestone_column, release_facts

rf = release_facts.c
M = Milestone
OUTLIER_RULE = (
    f"release time above Q3 + {trs.OUTLIER_IQR_FACTOR:g} × IQR (Tukey's far-out fence), "
    "over the declarations released in scope"
)


@dataclass(frozen=True)
class SegmentChange:
    segment: str
    before_mean_hours: float | None
    after_mean_hours: float | None
    times_faster: float | None


@dataclass(frozen=True)
class Comparison:
    """Two periods side by side; ``times_faster`` = before ÷ after (the ports' "20 times")."""

    before: ReleaseSummary
    after: ReleaseSummary
    mean_times_faster: float | None
    median_times_faster: float | None
    segments: list[SegmentChange]

    def sheets(self) -> list[Sheet]:
        rows = []
        for name, s in (("before", self.before), ("after", self.after)):
            scope = s.query.scope
            rows.append([name, scope.date_from, scope.date_to, *figure_cells(s.release_time)])
        return [
            Sheet("periods", ("period", "from", "to", *FIGURE_COLUMNS), rows),
            Sheet(
                "ratios",
                ("measure", "times_faster"),
                [
                    ["mean release time", self.mean_times_faster],
                    ["median release time", self.median_times_faster],
                ],
            ),
            Sheet(
                "segments",
                ("segment", "before_mean_hours", "after_mean_hours", "times_faster"),
                [
                    [c.segment, c.before_mean_hours, c.after_mean_hours, c.times_faster]
                    for c in self.segments
                ],
            ),
        ]


def _times(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def compare(
    session: Session,
    actor: Actor,
    query: ReleaseQuery,
    before: tuple[date, date],
    after: tuple[date, date],
    quantiles: Collection[str] | None = None,
) -> Comparison:
    """The same scope in two periods (declaration dates), and how many times faster it got.

    Every segment's median and P90 by default; a view that shows only the release time's names
    it in ``quantiles`` and saves a sort of each other segment's values, period by period
    (counts and means, and so the per-segment ratios, are the same either way).
    """
    first, second = summaries(session, actor, query, [before, after], quantiles)
    changes = [
        SegmentChange(
            a.segment,
            a.figures.mean_hours,
            b.figures.mean_hours,
            _times(trs.ratio(a.figures.mean_hours, b.figures.mean_hours)),
        )
        for a, b in zip(first.segments, second.segments, strict=True)
    ]
    return Comparison(
        first,
        second,
        _times(trs.ratio(first.release_time.mean_hours, second.release_time.mean_hours)),
        _times(trs.ratio(first.release_time.median_hours, second.release_time.median_hours)),
        changes,
    )


@dataclass(frozen=True)
class CurvePoint:
    hours: float
    released_within: int
    share: float


@dataclass(frozen=True)
class ReleaseCurve:
    """Share of the declarations released in scope that were released within t hours."""

    released: int
    points: list[CurvePoint]

    def sheets(self) -> list[Sheet]:
        return [
            Sheet(
                "curve",
                ("hours", "released_within", "share"),
                [[p.hours, p.released_within, p.share] for p in self.points],
            )
        ]


def curve(
    session: Session, actor: Actor, query: ReleaseQuery, hours: list[float] | None = None
) -> ReleaseCurve:
    """One statement on either database: a conditional count per threshold."""
    thresholds = hours or list(trs.CURVE_HOURS)
    source, conditions = study_scope(actor, query)
    counts = session.execute(
        select(
            func.count(RELEASE_SECONDS),
            *(func.count(case((h * 3600.0 >= RELEASE_SECONDS, 1))) for h in thresholds),
        )
        .select_from(source)
        .where(*conditions, RELEASED)
    ).one()
    released = int(counts[0])
    return ReleaseCurve(
        released,
        [
            CurvePoint(h, int(n), round(int(n) / released, 4) if released else 0.0)
            for h, n in zip(thresholds, counts[1:], strict=True)
        ],
    )


@dataclass(frozen=True)
class DeclarationTimes:
    """One declaration's milestones and the hours it spent in each segment."""

    number: str
    flow: str
    office_code: str
    trader_id: int
    declaration_date: date
    lane: str | None
    credit_level: str
    facilitation_mode: str  # derived: the measures joined by "+" (``measures.mode_of``)
    facilitation_measures: list[str]
    transport_mode: str
    arrival: str
    milestones: dict[str, datetime | None]
    segments: dict[str, float | None]

    @property
    def release_hours(self) -> float | None:
        return self.segments.get(trs.RELEASE_TIME.name)


def _times_of(row: Any) -> DeclarationTimes:
    mapping = row._mapping
    times = {m: mapping[milestone_column(m)] for m in Milestone}
    measures = parse_key(mapping["facilitation_measures"])
    return DeclarationTimes(
        number=mapping["number"],
        flow=mapping["flow"],
        office_code=mapping["office_code"],
        trader_id=mapping["trader_id"],
        declaration_date=mapping["declaration_date"],
        lane=mapping["lane"],
        credit_level=mapping["credit_level"],
        facilitation_mode=mode_of(measures),
        facilitation_measures=[m.value for m in sorted_measures(measures)],
        transport_mode=mapping["transport_mode"],
        arrival=trs.arrival_basis(times),
        milestones={m.value: t for m, t in times.items()},
        segments={s.name: trs.hours(trs.segment_seconds(s, times)) for s in trs.SEGMENTS},
    )


def _with_number(source: FromClause) -> Select[Any]:
    """Read-model rows with their declaration number (tenancy already joins declarations)."""
    if source is release_facts:
        source = release_facts.join(declarations, declarations.c.id == rf.declaration_id)
    return select(release_facts, declarations.c.number).select_from(source)


def declaration_times(session: Session, actor: Actor, number: str) -> DeclarationTimes:
    """The TRS view of one declaration the actor may see (others answer NotFound)."""
    source, conditions = visible_from(release_facts, actor)
    row = session.execute(
        _with_number(source).where(*conditions, declarations.c.number == number)
    ).first()
    if row is None:
        raise NotFound("declaration", number)
    return _times_of(row)


@dataclass(frozen=True)
class Outliers:
    """The declarations released far slower than the rest, slowest first."""

    rule: str
    released: int
    q1_hours: float | None
    q3_hours: float | None
    fence_hours: float | None
    count: int
    listed: list[DeclarationTimes]

    def sheets(self) -> list[Sheet]:
        names = [s.name for s in trs.SEGMENTS]
        return [
            Sheet(
                "outliers",
                ("number", "office", "flow", "lane", "credit_level", "facilitation_mode",
                 "arrival", *(f"{n}_hours" for n in names)),
                [
                    [o.number, o.office_code, o.flow, o.lane, o.credit_level,
                     o.facilitation_mode, o.arrival, *(o.segments[n] for n in names)]
                    for o in self.listed
                ],
            )
        ]  # fmt: skip


def outliers(session: Session, actor: Actor, query: ReleaseQuery, limit: int = 50) -> Outliers:
    """Quartiles of the release time, the fence above Q3, and the slowest beyond it.

    Two statements: the quartiles, then the slowest beyond the fence with their count. Only
    the ``limit`` listed are joined to their declaration for its number, not every one beyond
    the fence (a tenth of a quarter's releases, with these long-tailed times).
    """
    source, conditions = study_scope(actor, query)
    found = distributions(
        session, {"rt": RELEASE_SECONDS}, source, conditions, levels=trs.QUARTILES
    )[None].of["rt"]
    if not found.count:
        return Outliers(OUTLIER_RULE, 0, None, None, None, 0, [])
    q1, q3 = found.quantiles[0.25], found.quantiles[0.75]
    fence = trs.outlier_fence(q1, q3)
    slowest = (
        select(
            rf.declaration_id,
            RELEASE_SECONDS.label("seconds"),
            func.count().over().label("beyond"),  # all of them, before the limit
        )
        .select_from(source)
        .where(*conditions, RELEASED, fence < RELEASE_SECONDS)
        .order_by(RELEASE_SECONDS.desc(), rf.declaration_id)
        .limit(limit)
        .subquery()
    )
    listed = release_facts.join(slowest, slowest.c.declaration_id == rf.declaration_id).join(
        declarations, declarations.c.id == rf.declaration_id
    )
    rows = session.execute(
        select(release_facts, declarations.c.number, slowest.c.beyond)
        .select_from(listed)
        .order_by(slowest.c.seconds.desc(), rf.declaration_id)
    ).all()
    count = rows[0].beyond if rows else 0
    return Outliers(
        OUTLIER_RULE,
        found.count,
        trs.hours(q1),
        trs.hours(q3),
        trs.hours(fence),
        int(count),
        [_times_of(r) for r in rows],
    )
