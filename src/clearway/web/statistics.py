"""The trade statistics dashboard: value (CNY, USD) and quantity by period and dimension.

Figures come from :mod:`clearway.statistics.trade`, the same function the API and the CLI
call, so the dashboard, ``clearway stats trade`` and a CSV download always agree; tenancy is
that function's (an enterprise sees its own declarations, a broker its principals'). The page
shows at most :data:`ROWS` groups; the download has them all. Movements between the bonded
zone and the domestic area are not trade: they have their own section below it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from clearway.api.deps import SessionDep
from clearway.shared.errors import RuleViolation
from clearway.statistics import commands, export, trade
from clearway.statistics.commands import Scope, TradeDimension, TradeSort
from clearway.statistics.trade_figures import TradeRow, TradeTable
from clearway.statistics.trade_modes import TradeHeading
from clearway.web import stat_filters
from clearway.web.auth import ViewerDep, ensure_area
from clearway.web.charts import Point, bar_chart
from clearway.web.csrf import web_router
from clearway.web.forms import FormErrors
from clearway.web.templating import render

router = web_router("/statistics")
ROWS = 200
PERIODS = ("year", "quarter", "month")
DIMENSIONS = [d.value for d in TradeDimension if d.value not in PERIODS]
MILLION = Decimal(1_000_000)
ZONE = TradeHeading.ZONE_MOVEMENT


def download(sheets: list[export.Sheet], fmt: str, name: str) -> Response:
    """A CSV or XLSX file of the tables on screen, written by the statistics exporter."""
    if fmt == "csv":
        body = export.to_csv(sheets).encode("utf-8")
        media, suffix = export.CSV_MEDIA_TYPE, "csv"
    else:
        body, media, suffix = export.to_xlsx(sheets), export.XLSX_MEDIA_TYPE, "xlsx"
    disposition = f'attachment; filename="{name}.{suffix}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


def millions(value: Decimal | None) -> str:
    """339000000 → ``339.00 million`` (how management quotes trade)."""
    return "—" if value is None else f"{(value / MILLION):,.2f} million"


def row_label(row: TradeRow, dimensions: tuple[TradeDimension, ...]) -> str:
    parts = []
    for d in dimensions:
        key = row.keys.get(d.value, "")
        name = row.labels.get(d.value, "")
        parts.append(f"{key} {name}".strip() if d.value == "enterprise" and name else key)
    return " · ".join(parts)


def _table(
    db: SessionDep,
    viewer: ViewerDep,
    filters: stat_filters.Filters,
    limit: int | None,
    heading: TradeHeading = TradeHeading.TRADE,
) -> TradeTable | None:
    scope = stat_filters.scope_of(filters)
    group_by = [g for g in (filters.get("period"), filters.get("by")) if g]
    sort = TradeSort.VALUE if filters.get("sort") == "value" else TradeSort.KEYS
    try:  # checked even when the scope is bad, so every refusal shows at once
        query = commands.trade_query(
            scope or Scope(),
            group_by,
            filters.get("hs") or None,
            filters.get("country") or None,
            sort,
            limit,
            heading=heading,
            trade_mode=filters.get("trade_mode") or None,
        )
    except RuleViolation as refused:
        filters.errors += refused.errors
        return None
    return None if scope is None else trade.trade(db, viewer.actor, query)


@router.get("/trade")
def trade_dashboard(request: Request, viewer: ViewerDep, db: SessionDep) -> Response:
    """Filters, headline totals, a chart and the table; ``format=csv|xlsx`` downloads it."""
    ensure_area(viewer, "trade-statistics")
    names = ("period", "by", "hs", "country", "sort", "trade_mode")
    filters = stat_filters.read(request.query_params, names)
    if "period" not in request.query_params:
        filters.values["period"] = "month"
    fmt = request.query_params.get("format", "")
    if fmt in ("csv", "xlsx"):
        table = _table(db, viewer, filters, None)
        if table is not None:
            return download(table.sheets(), fmt, "trade")
    table = _table(db, viewer, filters, ROWS + 1)
    context: dict[str, Any] = {"table": None, "chart": None, "rows": [], "more": False}
    if table is not None:
        # Goods between the bonded zone and the domestic area, kept out of the trade above.
        zone = _table(db, viewer, stat_filters.Filters(dict(filters.values)), ROWS, ZONE)
        assert zone is not None  # the same filters, already read without a refusal
        context["zone"] = zone
        context["zone_rows"] = [(r, row_label(r, zone.query.group_by)) for r in zone.rows]
        rows = table.rows[:ROWS]
        dims = table.query.group_by
        points = [Point(row_label(r, dims), float(r.figures.value_cny)) for r in rows]
        context |= {
            "table": table,
            "rows": [(r, row_label(r, dims)) for r in rows],
            "more": len(table.rows) > ROWS,
            "chart": bar_chart(points, "Trade value by group", "CNY", "trade-table")
            if rows and dims
            else None,
        }
    return render(
        request,
        "statistics/trade.html",
        viewer,
        status_code=422 if filters.errors else 200,
        active="trade-statistics",
        f=filters,
        errors=FormErrors(filters.errors),
        choices=stat_filters.CHOICES,
        periods=PERIODS,
        dimensions=DIMENSIONS,
        millions=millions,
        limit=ROWS,
        **context,
    )
