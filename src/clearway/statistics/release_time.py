"""Time Release Study queries over ``release_facts``: summary, breakdowns, comparison, curve,
outliers, and one declaration's times.

The segment definitions and the arithmetic live in ``trs.py``. Counts, means and the curve
are SQL on both databases; percentiles are ``percentile_cont`` on PostgreSQL and the same
interpolation in Python over the filtered values on SQLite (``distributions``), so both give
the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, case, func, select
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.orm import Session

from clearway.declarations.status import Milestone
from clearway.identity.model import Actor
from clearway.statistics import trs
from clearway.statistics.commands import ReleaseDimension, ReleaseQuery
from clearway.statistics.export import Sheet
from clearway.statistics.sql import per_measure, scope_conditions, visible_from
from clearway.statistics.tables import milestone_column, release_facts, segment_column

rf = release_facts.c
M = Milestone


def at(milestone: Milestone) -> ColumnElement[Any]:
    return rf[milestone_column(milestone)]


def seconds(segment: trs.Segment) -> ColumnElement[float]:
    """The stored seconds of a segment (derived by ``facts.py`` with ``sql.segment_seconds``)."""
    return rf[segment_column(segment)]


RELEASE_SECONDS = seconds(trs.RELEASE_TIME)
RELEASED = at(M.E8).is_not(None)

ARRIVAL = case(
    (at(M.E1).is_(None), "no_arrival_recorded"),
    (at(M.E2) < at(M.E1), "pre_arrival"),
    else_="after_arrival",
)
DIMENSIONS: dict[ReleaseDimension, ColumnElement[Any]] = {
    ReleaseDimension.LANE: rf.lane,
    ReleaseDimension.CREDIT_LEVEL: rf.credit_level,
    ReleaseDimension.TRANSPORT_MODE: rf.transport_mode,
    ReleaseDimension.ARRIVAL: ARRIVAL,
    ReleaseDimension.OFFICE: rf.office_code,
    ReleaseDimension.FLOW: rf.flow,
}


@dataclass(frozen=True)
class DurationFigures:
    """A distribution of durations in hours."""

    count: int
    mean_hours: float | None
    median_hours: float | None
    p90_hours: float | None

    @classmethod
    def of(cls, d: trs.Distribution) -> DurationFigures:
        return cls(d.count, trs.hours(d.mean), trs.hours(d.q(0.5)), trs.hours(d.q(0.9)))


FIGURE_COLUMNS = ("count", "mean_hours", "median_hours", "p90_hours")


def figure_cells(f: DurationFigures) -> list[Any]:
    return [f.count, f.mean_hours, f.median_hours, f.p90_hours]


@dataclass(frozen=True)
class SegmentFigures:
    segment: str
    label: str
    figures: DurationFigures


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    figures: DurationFigures


@dataclass(frozen=True)
class Breakdown:
    """Release time (E8 − E1, or E2 when no arrival) per value of one attribute."""

    dimension: str
    rows: list[BreakdownRow]

    def sheet(self) -> Sheet:
        return Sheet(
            f"by {self.dimension}",
            (self.dimension, *FIGURE_COLUMNS),
            [[r.key, *figure_cells(r.figures)] for r in self.rows],
        )


@dataclass(frozen=True)
class ReleaseSummary:
    """Every segment's count, mean, median and P90 over the declarations released in scope."""

    query: ReleaseQuery
    lodged: int
    released: int
    started_at_lodgement: int  # no arrival recorded: measured from lodgement (E2)
    pre_arrival: int  # lodged before arrival (E2 < E1)
    segments: list[SegmentFigures]
    breakdowns: list[Breakdown] = field(default_factory=list)

    @property
    def release_time(self) -> DurationFigures:
        return next(s.figures for s in self.segments if s.segment == trs.RELEASE_TIME.name)

    def sheets(self) -> list[Sheet]:
        counts = Sheet(
            "declarations",
            ("lodged", "released", "started_at_lodgement", "pre_arrival"),
            [[self.lodged, self.released, self.started_at_lodgement, self.pre_arrival]],
        )
        segments = Sheet(
            "segments",
            ("segment", "label", *FIGURE_COLUMNS),
            [[s.segment, s.label, *figure_cells(s.figures)] for s in self.segments],
        )
        return [counts, segments, *(b.sheet() for b in self.breakdowns)]


@dataclass(frozen=True)
class Measured:
    """One group's counts over the declarations in scope, and its distributions over the
    released ones."""

    counts: tuple[int, ...]
    of: dict[str, trs.Distribution]


def distributions(
    session: Session,
    exprs: dict[str, ColumnElement[float]],
    source: FromClause,
    conditions: list[ColumnElement[bool]],
    group: ColumnElement[Any] | None = None,
    levels: Sequence[float] = trs.SUMMARY_QUANTILES,
    counts: Sequence[ColumnElement[int]] = (),
    quantiles: Collection[str] | None = None,
) -> dict[Any, Measured]:
    """Per group key (None without grouping): the ``counts`` over every declaration in scope,
    and each expression's count, mean and quantiles over the released ones (the quantiles of
    the expressions named in ``quantiles`` only, when given: each costs a sort of its values).

    On PostgreSQL this is one statement: with counts, the expressions' aggregates are filtered
    to the released rows so both share one scan; without, only released rows are read. On
    SQLite the counts are one statement and the released values another, described here.
    """
    keys = [group] if group is not None else []
    wanted = set(exprs) if quantiles is None else set(quantiles)

    def grouped(stmt: Select[Any]) -> Select[Any]:
        return stmt.group_by(*keys) if keys else stmt

    if session.get_bind().dialect.name == "postgresql":
        columns: list[ColumnElement[Any]] = list(counts)
        for name, x in exprs.items():
            aggregates: list[Any] = [func.count(x), func.avg(x)]
            if name in wanted:
                aggregates.append(func.percentile_cont(array(list(levels))).within_group(x))
            columns += [a.filter(RELEASED) if counts else a for a in aggregates]
        where = conditions if counts else [*conditions, RELEASED]
        stmt = select(*keys, *columns).select_from(source).where(*where)
        found: dict[Any, Measured] = {}
        for row in session.execute(grouped(stmt)):
            start = len(keys) + len(counts)
            values = iter(row[start:])
            described: dict[str, trs.Distribution] = {}
            for name in exprs:
                count, mean = int(next(values)), next(values)
                at = next(values) if name in wanted else None
                described[name] = trs.Distribution(
                    count,
                    None if mean is None else float(mean),
                    dict(zip(levels, at, strict=True)) if count and at is not None else {},
                )
            tallies = tuple(int(t) for t in row[len(keys) : start])
            found[row[0] if keys else None] = Measured(tallies, described)
        return found
    tallied: dict[Any, tuple[int, ...]] = {}
    if counts:
        stmt = select(*keys, *counts).select_from(source).where(*conditions)
        for row in session.execute(grouped(stmt)):
            tallied[row[0] if keys else None] = tuple(int(t) for t in row[len(keys) :])
    buckets: dict[Any, list[list[float | None]]] = defaultdict(lambda: [[] for _ in exprs])
    if not keys:  # one answer without grouping, as an aggregate statement gives
        buckets[None] = [[] for _ in exprs]
    for row in session.execute(
        select(*keys, *exprs.values()).select_from(source).where(*conditions, RELEASED)
    ):
        bucket = buckets[row[0] if keys else None]
        for n, value in enumerate(row[len(keys) :]):
            bucket[n].append(value)
    return {
        key: Measured(
            tallied.get(key, (0,) * len(counts)),
            {
                name: trs.describe(buckets[key][n], levels if name in wanted else ())
                for n, name in enumerate(exprs)
            },
        )
        for key in buckets.keys() | tallied.keys()
    }


def study_scope(actor: Actor, query: ReleaseQuery) -> tuple[FromClause, list[ColumnElement[bool]]]:
    """The release facts the actor may see in the query's scope (released or not)."""
    source, conditions = visible_from(release_facts, actor)
    conditions += scope_conditions(release_facts, query.scope)
    if query.lane is not None:
        conditions.append(rf.lane == query.lane.value)
    return source, conditions


SEGMENT_SECONDS = {s.name: seconds(s) for s in trs.SEGMENTS}
# Lodged, released, measured from lodgement (no arrival), lodged before arrival.
COUNTS = (
    func.count(at(M.E2)),
    func.count(at(M.E8)),
    func.count(case((RELEASED & at(M.E1).is_(None), 1))),
    func.count(case((RELEASED & (at(M.E2) < at(M.E1)), 1))),
)


def _released(
    session: Session, actor: Actor, query: ReleaseQuery, quantiles: Collection[str] | None = None
) -> ReleaseSummary:
    """The counts and every segment of one scope, in one statement on PostgreSQL; the median
    and P90 of the segments named in ``quantiles`` (all when None)."""
    source, conditions = study_scope(actor, query)
    found = distributions(
        session, SEGMENT_SECONDS, source, conditions, counts=COUNTS, quantiles=quantiles
    )[None]
    lodged, released, at_lodgement, pre_arrival = found.counts
    return ReleaseSummary(
        query=query,
        lodged=lodged,
        released=released,
        started_at_lodgement=at_lodgement,
        pre_arrival=pre_arrival,
        segments=[
            SegmentFigures(s.name, s.label, DurationFigures.of(found.of[s.name]))
            for s in trs.SEGMENTS
        ],
    )


def summary(
    session: Session,
    actor: Actor,
    query: ReleaseQuery,
    by: Sequence[ReleaseDimension] = (),
) -> ReleaseSummary:
    """Segments of the declarations released in scope, and the breakdowns asked for."""
    return replace(
        _released(session, actor, query),
        breakdowns=[breakdown(session, actor, query, dimension) for dimension in by],
    )


def summaries(
    session: Session,
    actor: Actor,
    query: ReleaseQuery,
    periods: Sequence[tuple[date, date]],
    quantiles: Collection[str] | None = None,
) -> list[ReleaseSummary]:
    """The summaries of several periods of one scope (a comparison), one statement each:
    cheaper than one statement grouped by period, which would sort every row by its period
    before the percentiles sort them again. ``quantiles`` as for :func:`_released`."""
    return [_released(session, actor, _within(query, p), quantiles) for p in periods]


def _within(query: ReleaseQuery, period: tuple[date, date]) -> ReleaseQuery:
    return replace(query, scope=replace(query.scope, date_from=period[0], date_to=period[1]))


def breakdown(
    session: Session, actor: Actor, query: ReleaseQuery, dimension: ReleaseDimension
) -> Breakdown:
    """Release time per value of one attribute, ordered by that value; by facilitation
    measure, a declaration using several counts under each (the summary counts it once)."""
    source, conditions = study_scope(actor, query)
    if dimension is ReleaseDimension.FACILITATION_MODE:
        source, key = per_measure(source, rf.facilitation_measures)
    else:
        key = DIMENSIONS[dimension]
    found = distributions(session, {"release_time": RELEASE_SECONDS}, source, conditions, key)
    rows = [
        BreakdownRow("" if k is None else str(k), DurationFigures.of(v.of["release_time"]))
        for k, v in found.items()
    ]
    return Breakdown(dimension.value, sorted(rows, key=lambda r: r.key))
