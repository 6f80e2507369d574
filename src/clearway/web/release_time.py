"""The Time Release Study page: segments, breakdowns, before/after, the curve and outliers.

Every figure comes from :mod:`clearway.statistics.release_time` and
:mod:`~clearway.statistics.release_analysis`, as the API's and the CLI's do. Without a period
the study covers the last 90 days (a TRS study period is weeks, a quarter at most).

The page itself only checks the filters and draws them; each panel (the summary with its
segments, one per breakdown, the comparison, the curve, the outliers) is a fragment of its own
that htmx loads as soon as the page is shown, so the page answers at once and the panels run
side by side, each one statement or two. A fragment asked for without htmx (its link in the
placeholder) is drawn as a page of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from clearway.api.deps import PlatformDep, SessionDep
from clearway.declarations.model import Lane
from clearway.identity.model import Actor
from clearway.shared.errors import FieldError, NotFound, RuleViolation
from clearway.simulation import policy as simulation_policy
from clearway.simulation import queries as simulation_queries
from clearway.statistics import commands, release_analysis, release_time, trs
from clearway.statistics.commands import ReleaseDimension, ReleaseQuery
from clearway.statistics.export import Sheet
from clearway.web import stat_filters
from clearway.web.auth import Viewer, ViewerDep, ensure_area
from clearway.web.charts import Point, bar_chart, line_chart
from clearway.web.csrf import web_router
from clearway.web.forms import FormErrors
from clearway.web.statistics import download
from clearway.web.templating import render

router = web_router("/statistics")
PAGE = "/statistics/release-time"
OUTLIERS = 50
DEFAULT_DAYS = 90
DEFAULT_BY = "lane,arrival"
EXTRA = ("lane", "by", "before_from", "before_to", "after_from", "after_to", "hours", "simulated")


def _hours_label(hours: float) -> str:
    return f"{hours:g} h" if hours < 48 else f"{hours / 24:g} d"


@dataclass(frozen=True)
class Study:
    """What the page was asked for, checked: the scope, breakdowns, thresholds, periods."""

    query: ReleaseQuery
    by: list[ReleaseDimension]
    hours: list[float] | None
    periods: tuple[tuple[date, date], tuple[date, date]] | None
    simulated: int | None = None  # a stored simulation run shown beside the real figures


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


def _filters(request: Request, today: date) -> stat_filters.Filters:
    """The query string as typed; without dates, the last 90 days, written into the filters
    so the inputs and every panel's link carry the same period."""
    filters = stat_filters.read(request.query_params, EXTRA)
    filters.values["by"] = ",".join(request.query_params.getlist("by"))
    if not filters.get("from") and not filters.get("to"):
        filters.values["from"] = (today - timedelta(days=DEFAULT_DAYS)).isoformat()
        filters.values["to"] = today.isoformat()
    return filters


def _study(filters: stat_filters.Filters) -> Study | None:
    """The checked study, or None with every refusal recorded on the filters."""
    lane = filters.choice("lane", Lane)
    scope = stat_filters.scope_of(filters)
    try:
        by = commands.release_dimensions(filters.get("by") or DEFAULT_BY)
        hours = commands.curve_hours(filters.get("hours") or None)
    except RuleViolation as refused:
        filters.errors += refused.errors
        return None
    periods = _periods(filters)
    simulated = _run_id(filters)
    if scope is None or filters.errors:
        return None
    return Study(ReleaseQuery(scope, lane), by, hours, periods, simulated)


def _run_id(filters: stat_filters.Filters) -> int | None:
    """The simulation run asked for, if any (simulated figures never show unless asked)."""
    raw = (filters.get("simulated") or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 2**31 - 1:
        filters.errors.append(FieldError("simulated", "run_id", "the number of a stored run"))
        return None
    return int(raw)


def _sheets(db: Session, actor: Actor, study: Study) -> list[Sheet]:
    """Every table of the study, as the download has always had them."""
    query = study.query
    summary = release_time.summary(db, actor, query, study.by)
    sheets: list[Sheet] = [
        *summary.sheets(),
        *release_analysis.curve(db, actor, query, study.hours).sheets(),
    ]
    if study.periods is not None:
        sheets += release_analysis.compare(db, actor, query, *study.periods).sheets()
    return [*sheets, *release_analysis.outliers(db, actor, query, OUTLIERS).sheets()]


@router.get("/release-time")
def release_page(
    request: Request, platform: PlatformDep, viewer: ViewerDep, db: SessionDep
) -> Response:
    """The filters and a placeholder per panel; ``format=csv|xlsx`` downloads the study."""
    ensure_area(viewer, "release-time")
    filters = _filters(request, platform.clock.now().date())
    study = _study(filters)
    fmt = request.query_params.get("format", "")
    if study is not None and fmt in ("csv", "xlsx"):
        return download(_sheets(db, viewer.actor, study), fmt, "release-time")
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
        study=study,
        page=PAGE,
    )


# The panels: each reads what it shows, and gives its template's context.
Panel = Callable[[Session, Actor, Study], dict[str, Any]]


def _summary(db: Session, actor: Actor, study: Study) -> dict[str, Any]:
    found = release_time.summary(db, actor, study.query)
    segments = [s for s in found.segments if s.segment != "release_time"]
    chart = bar_chart(
        [Point(s.label, s.figures.mean_hours) for s in segments],
        "Mean hours per segment",
        "hours",
        "segments-table",
    )
    return {"summary": found, "chart": chart}


def _comparison(db: Session, actor: Actor, study: Study) -> dict[str, Any]:
    if study.periods is None:
        raise NotFound("comparison", "without both periods")
    # The panel shows the release time's median and P90, and only the means of the segments.
    found = release_analysis.compare(
        db, actor, study.query, *study.periods, quantiles=[trs.RELEASE_TIME.name]
    )
    return {"comparison": found}


def _curve(db: Session, actor: Actor, study: Study) -> dict[str, Any]:
    found = release_analysis.curve(db, actor, study.query, study.hours)
    chart = line_chart(
        [Point(_hours_label(p.hours), p.share * 100) for p in found.points],
        "Share released within",
        "%",
        top=100,
        table_id="curve-table",
    )
    return {"curve": found, "chart": chart, "hours_label": _hours_label}


def _simulated(db: Session, actor: Actor, study: Study) -> dict[str, Any]:
    """The real segments beside those of a stored simulation run (computed apart)."""
    if study.simulated is None:
        raise NotFound("simulation run", "without ?simulated=")
    simulation_policy.ensure_may_simulate(actor)
    real = release_time.summary(db, actor, study.query)
    return {"summary": real, "simulated": simulation_queries.run_figures(db, study.simulated)}


def _outliers(db: Session, actor: Actor, study: Study) -> dict[str, Any]:
    return {"outliers": release_analysis.outliers(db, actor, study.query, OUTLIERS)}


PANELS: dict[str, tuple[Panel, str]] = {
    "summary": (_summary, "Summary and segments"),
    "comparison": (_comparison, "Before and after"),
    "curve": (_curve, "Cumulative release-time curve"),
    "outliers": (_outliers, "Outliers"),
    "simulated": (_simulated, "Real and simulated release times"),
}


def _panel(
    request: Request,
    viewer: Viewer,
    today: date,
    name: str,
    title: str,
    read: Panel,
    db: Session,
) -> Response:
    """One panel: the partial for htmx, or a page of its own when opened by its link."""
    filters = _filters(request, today)
    study = _study(filters)
    context: dict[str, Any] = {"f": filters, "errors": FormErrors(filters.errors)}
    if study is not None:
        context.update(read(db, viewer.actor, study))
    partial = f"statistics/_release_{name}.html"
    return render(
        request,
        partial if request.headers.get("hx-request") else "statistics/release_panel.html",
        viewer,
        status_code=422 if filters.errors else 200,
        active="release-time",
        partial=partial,
        title=title,
        page=PAGE,
        **context,
    )


@router.get("/release-time/by/{dimension}")
def release_breakdown(
    request: Request, dimension: str, platform: PlatformDep, viewer: ViewerDep, db: SessionDep
) -> Response:
    """Release time per value of one attribute (lane, credit level, …)."""
    ensure_area(viewer, "release-time")
    try:
        chosen = ReleaseDimension(dimension)
    except ValueError:
        raise NotFound("breakdown", dimension) from None

    def read(db: Session, actor: Actor, study: Study) -> dict[str, Any]:
        return {"breakdown": release_time.breakdown(db, actor, study.query, chosen)}

    title = f"Release time by {chosen.value.replace('_', ' ')}"
    today = platform.clock.now().date()
    return _panel(request, viewer, today, "breakdown", title, read, db)


@router.get("/release-time/{name}")
def release_panel(
    request: Request, name: str, platform: PlatformDep, viewer: ViewerDep, db: SessionDep
) -> Response:
    """The summary, the comparison, the curve or the outliers of the study."""
    ensure_area(viewer, "release-time")
    if name not in PANELS:
        raise NotFound("release-time panel", name)
    read, title = PANELS[name]
    return _panel(request, viewer, platform.clock.now().date(), name, title, read, db)
