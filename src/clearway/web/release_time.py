"""The Time Release Study page: segments, breakdowns, before/after, the curve and outliers.

Every figure comes from :mod:`clearway.statistics.release_time` and
:mod:`~clearway.statistics.release_analysis`, as the API's and the CLI's do. Without a period
the study covers the last 90 days (a TRS study period is weeks, a quarter at most), so the page
stays fast however many declarations the district holds.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from clearway.api.deps import PlatformDep, SessionDep
from clearway.declarations.model import Lane
from clearway.shared.errors import RuleViolation
from clearway.statistics import commands, release_analysis, release_time
from clearway.statistics.commands import ReleaseDimension, ReleaseQuery
from clearway.statistics.export import Sheet
from clearway.web import stat_filters
from clearway.web.auth import ViewerDep, ensure_area
from clearway.web.charts import Point, bar_chart, line_chart
from clearway.web.csrf import web_router
from clearway.web.forms import FormErrors
from clearway.web.statistics import download
from clearway.web.templating import render

router = web_router("/statistics")
OUTLIERS = 50
DEFAULT_DAYS = 90
EXTRA = ("lane", "by", "before_from", "before_to", "after_from", "after_to", "hours")


def _hours_label(hours: float) -> str:
    return f"{hours:g} h" if hours < 48 else f"{hours / 24:g} d"


def _query(filters: stat_filters.Filters, today: date) -> ReleaseQuery | None:
    if not filters.get("from") and not filters.get("to"):
        filters.values["from"] = (today - timedelta(days=DEFAULT_DAYS)).isoformat()
        filters.values["to"] = today.isoformat()
    lane = filters.choice("lane", Lane)
    scope = stat_filters.scope_of(filters)
    return None if scope is None else ReleaseQuery(scope, lane)


def _periods(filters: stat_filters.Filters) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """Both comparison periods when any end is given (refusing an incomplete pair)."""
    names = ("before_from", "before_to", "after_from", "after_to")
    if not any(filters.get(n) for n in names):
        return None
    ends = [filters.day(n) for n in names]
    if filters.errors:
        return None
    try:
        return commands.comparison_periods(*ends)
    except RuleViolation as refused:
        filters.errors += refused.errors
        return None


def _figures(db: SessionDep, viewer: ViewerDep, filters: stat_filters.Filters, today: date) -> Any:
    query = _query(filters, today)
    try:
        by = commands.release_dimensions(filters.get("by") or "lane,arrival")
        hours = commands.curve_hours(filters.get("hours") or None)
    except RuleViolation as refused:
        filters.errors += refused.errors
        return None
    periods = _periods(filters)
    if query is None or filters.errors:
        return None
    actor = viewer.actor
    return {
        "summary": release_time.summary(db, actor, query, by),
        "curve": release_analysis.curve(db, actor, query, hours),
        "outliers": release_analysis.outliers(db, actor, query, OUTLIERS),
        "comparison": release_analysis.compare(db, actor, query, *periods) if periods else None,
        "by": by,
    }


def _sheets(found: dict[str, Any]) -> list[Sheet]:
    sheets: list[Sheet] = [*found["summary"].sheets(), *found["curve"].sheets()]
    if found["comparison"] is not None:
        sheets += found["comparison"].sheets()
    return [*sheets, *found["outliers"].sheets()]


@router.get("/release-time")
def release_page(
    request: Request, platform: PlatformDep, viewer: ViewerDep, db: SessionDep
) -> Response:
    """The study of the declarations released in scope; ``format=csv|xlsx`` downloads it."""
    ensure_area(viewer, "release-time")
    filters = stat_filters.read(request.query_params, EXTRA)
    filters.values["by"] = ",".join(request.query_params.getlist("by"))
    found = _figures(db, viewer, filters, platform.clock.now().date())
    fmt = request.query_params.get("format", "")
    if found is not None and fmt in ("csv", "xlsx"):
        return download(_sheets(found), fmt, "release-time")
    charts: dict[str, Any] = {}
    if found is not None:
        segments = [s for s in found["summary"].segments if s.segment != "release_time"]
        charts["segments"] = bar_chart(
            [Point(s.label, s.figures.mean_hours) for s in segments],
            "Mean hours per segment",
            "hours",
            "segments-table",
        )
        charts["curve"] = line_chart(
            [Point(_hours_label(p.hours), p.share * 100) for p in found["curve"].points],
            "Share released within",
            "%",
            top=100,
            table_id="curve-table",
        )
    return render(
        request,
        "statistics/release_time.html",
        viewer,
        status_code=422 if filters.errors else 200,
        active="release-time",
        f=filters,
        errors=FormErrors(filters.errors),
        choices=stat_filters.CHOICES,
        dimensions=[d.value for d in ReleaseDimension],
        found=found,
        charts=charts,
        hours_label=_hours_label,
    )
