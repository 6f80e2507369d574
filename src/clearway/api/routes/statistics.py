"""Trade statistics and the Time Release Study, as JSON, CSV or XLSX.

Everyone signed in may ask; the figures cover what the caller may see (customs: the district;
an enterprise: its own declarations; a broker: its principals'). ``format=csv|xlsx`` returns
the same table as a download.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from clearway.api.deps import ActorDep, SessionDep
from clearway.api.schemas_statistics import (
    BreakdownPublic,
    ComparisonPublic,
    CurvePublic,
    DeclarationTimesPublic,
    DurationFiguresPublic,
    OutliersPublic,
    ReleaseSummaryPublic,
    ScopePublic,
    SegmentChangePublic,
    SegmentPublic,
    TradeFiguresPublic,
    TradeRowPublic,
    TradeTablePublic,
)
from clearway.declarations.model import FacilitationMode, Flow, Lane, TransportMode
from clearway.enterprises.model import CreditLevel
from clearway.shared.bounds import Id
from clearway.statistics import commands, export, release_analysis, release_time, trade
from clearway.statistics.commands import ReleaseQuery, Scope, TradeSort
from clearway.statistics.trade_modes import TradeHeading

router = APIRouter(prefix="/statistics", tags=["statistics"])


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


def _scope(
    flow: Flow | None = None,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    office: Annotated[str | None, Query(max_length=4)] = None,
    enterprise: Id | None = None,
    credit_level: CreditLevel | None = None,
    facilitation_mode: Annotated[
        FacilitationMode | None,
        Query(
            description="Declarations using this facilitation measure, among any others "
            "(`standard`: those using none)."
        ),
    ] = None,
    transport_mode: TransportMode | None = None,
) -> Scope:
    """The filters every statistic takes (declaration dates, inclusive)."""
    return commands.scope(
        flow=flow,
        date_from=date_from,
        date_to=date_to,
        office_code=office,
        enterprise_id=enterprise,
        credit_level=credit_level,
        facilitation_mode=facilitation_mode,
        transport_mode=transport_mode,
    )


ScopeDep = Annotated[Scope, Depends(_scope)]
FormatQuery = Annotated[Format, Query(alias="format")]


def _download(sheets: Sequence[export.Sheet], fmt: Format, name: str) -> Response:
    if fmt is Format.CSV:
        body: bytes = export.to_csv(sheets).encode("utf-8")
        media, suffix = export.CSV_MEDIA_TYPE, "csv"
    else:
        body, media, suffix = export.to_xlsx(sheets), export.XLSX_MEDIA_TYPE, "xlsx"
    disposition = f'attachment; filename="{name}.{suffix}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.get("/trade", response_model=TradeTablePublic)
def trade_figures(
    actor: ActorDep,
    session: SessionDep,
    scope: ScopeDep,
    group_by: Annotated[str | None, Query(description="e.g. month,hs_chapter")] = None,
    hs: Annotated[str | None, Query(description="HS prefix: chapter, heading or line")] = None,
    country: Annotated[str | None, Query(description="partner country (ISO 3166)")] = None,
    sort: TradeSort = TradeSort.KEYS,
    limit: Annotated[int | None, Query(ge=1, le=10000)] = None,
    heading: Annotated[
        TradeHeading, Query(description="trade, or zone_movement (bonded zone ↔ domestic)")
    ] = TradeHeading.TRADE,
    trade_mode: Annotated[
        str | None, Query(max_length=4, description="supervision mode, e.g. 0110")
    ] = None,
    fmt: FormatQuery = Format.JSON,
) -> TradeTablePublic | Response:
    """Values (declared and statistical) in CNY and USD and quantities of declarations
    released or later, under one heading: trade, or movements between a bonded zone and the
    domestic area, which trade leaves out."""
    query = commands.trade_query(
        scope, group_by, hs, country, sort, limit, heading=heading, trade_mode=trade_mode
    )
    table = trade.trade(session, actor, query)
    if fmt is not Format.JSON:
        return _download(table.sheets(), fmt, "trade")
    return TradeTablePublic(
        scope=ScopePublic.model_validate(query.scope),
        group_by=[d.value for d in query.group_by],
        hs_prefix=query.hs_prefix,
        country=query.country,
        heading=query.heading.value,
        trade_mode=query.trade_mode,
        counted_statuses=list(table.counted_statuses),
        rows=[TradeRowPublic.model_validate(r) for r in table.rows],
        total=TradeFiguresPublic.model_validate(table.total),
    )


def present_summary(found: release_time.ReleaseSummary) -> ReleaseSummaryPublic:
    return ReleaseSummaryPublic(
        scope=ScopePublic.model_validate(found.query.scope),
        lane=found.query.lane.value if found.query.lane else None,
        lodged=found.lodged,
        released=found.released,
        started_at_lodgement=found.started_at_lodgement,
        pre_arrival=found.pre_arrival,
        release_time=DurationFiguresPublic.model_validate(found.release_time),
        segments=[SegmentPublic.model_validate(s) for s in found.segments],
        breakdowns=[BreakdownPublic.model_validate(b) for b in found.breakdowns],
    )


@router.get("/release-time", response_model=ReleaseSummaryPublic)
def release_summary(
    actor: ActorDep,
    session: SessionDep,
    scope: ScopeDep,
    lane: Lane | None = None,
    by: Annotated[str | None, Query(description="breakdowns, e.g. lane,credit_level")] = None,
    fmt: FormatQuery = Format.JSON,
) -> ReleaseSummaryPublic | Response:
    """Count, mean, median and P90 of every segment, with the breakdowns asked for."""
    dimensions = commands.release_dimensions(by)
    found = release_time.summary(session, actor, ReleaseQuery(scope, lane), dimensions)
    if fmt is not Format.JSON:
        return _download(found.sheets(), fmt, "release-time")
    return present_summary(found)


@router.get("/release-time/compare", response_model=ComparisonPublic)
def release_compare(
    actor: ActorDep,
    session: SessionDep,
    scope: ScopeDep,
    before_from: date | None = None,
    before_to: date | None = None,
    after_from: date | None = None,
    after_to: date | None = None,
    lane: Lane | None = None,
    fmt: FormatQuery = Format.JSON,
) -> ComparisonPublic | Response:
    """The same scope in two periods and how many times faster release became."""
    before, after = commands.comparison_periods(before_from, before_to, after_from, after_to)
    found = release_analysis.compare(session, actor, ReleaseQuery(scope, lane), before, after)
    if fmt is not Format.JSON:
        return _download(found.sheets(), fmt, "release-time-compare")
    return ComparisonPublic(
        before=present_summary(found.before),
        after=present_summary(found.after),
        mean_times_faster=found.mean_times_faster,
        median_times_faster=found.median_times_faster,
        segments=[SegmentChangePublic.model_validate(s) for s in found.segments],
    )


@router.get("/release-time/curve", response_model=CurvePublic)
def release_curve(
    actor: ActorDep,
    session: SessionDep,
    scope: ScopeDep,
    lane: Lane | None = None,
    hours: Annotated[str | None, Query(description="thresholds, e.g. 1,2,4,24")] = None,
    fmt: FormatQuery = Format.JSON,
) -> CurvePublic | Response:
    """Share of the released declarations released within each number of hours."""
    found = release_analysis.curve(
        session, actor, ReleaseQuery(scope, lane), commands.curve_hours(hours)
    )
    if fmt is not Format.JSON:
        return _download(found.sheets(), fmt, "release-time-curve")
    return CurvePublic.model_validate(found)


@router.get("/release-time/outliers", response_model=OutliersPublic)
def release_outliers(
    actor: ActorDep,
    session: SessionDep,
    scope: ScopeDep,
    lane: Lane | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    fmt: FormatQuery = Format.JSON,
) -> OutliersPublic | Response:
    """Declarations released above Q3 + 3·IQR, slowest first."""
    found = release_analysis.outliers(session, actor, ReleaseQuery(scope, lane), limit)
    if fmt is not Format.JSON:
        return _download(found.sheets(), fmt, "release-time-outliers")
    return OutliersPublic.model_validate(found)


@router.get("/release-time/declarations/{number}", response_model=DeclarationTimesPublic)
def declaration_times(number: str, actor: ActorDep, session: SessionDep) -> DeclarationTimesPublic:
    """One declaration's milestones and the hours of each segment."""
    return DeclarationTimesPublic.model_validate(
        release_analysis.declaration_times(session, actor, number)
    )
