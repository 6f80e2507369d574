"""The declaration list: my declarations (the district's for customs), filtered and searched."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from clearway.api.deps import SessionDep
from clearway.declarations.model import Flow, Lane
from clearway.declarations.status import Status
from clearway.web.auth import ViewerDep
from clearway.web.csrf import web_router
from clearway.web.queries import COUNT_CAP, Search, enterprise_names, search
from clearway.web.templating import render

router = web_router("/declarations")
PAGE_SIZE = 25


def _choice(value: str, allowed: type[Status] | type[Lane] | type[Flow]) -> str | None:
    return value if value in {m.value for m in allowed} else None


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.get("")
def list_page(
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    status: str = "",
    lane: str = "",
    flow: str = "",
    date_from: str = "",
    date_to: str = "",
    q: str = "",
    page: int = 1,
) -> Response:
    """My declarations (all of the district's for customs), filtered and searched."""
    page = max(page, 1)
    chosen = _choice(status, Status)
    query = Search(
        statuses=(chosen,) if chosen else (),
        lane=_choice(lane, Lane),
        flow=_choice(flow, Flow),
        date_from=_day(date_from),
        date_to=_day(date_to),
        text=q[:100],
    )
    total, rows = search(db, viewer.actor, query, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    names = enterprise_names(db, [r.trader_id for r in rows] + [r.broker_id for r in rows])
    filters = {
        "status": status,
        "lane": lane,
        "flow": flow,
        "date_from": date_from,
        "date_to": date_to,
        "q": q,
    }
    kept = {k: v for k, v in filters.items() if v}
    bad_dates = [n for n in ("date_from", "date_to") if filters[n] and _day(filters[n]) is None]
    return render(
        request,
        "declarations/list.html",
        viewer,
        active="declarations",
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-min(total, COUNT_CAP) // PAGE_SIZE)),
        capped=total > COUNT_CAP,
        page_size=PAGE_SIZE,
        names=names,
        filters=filters,
        bad_dates=bad_dates,
        statuses=[s.value for s in Status],
        lanes=[x.value for x in Lane],
        flows=[x.value for x in Flow],
        page_url=lambda n: "/declarations?" + urlencode({**kept, "page": n}),
    )
