"""Risk officer pages: the lane queue (with re-routing) and the lane and hit-rate statistics.

The rule list and editor live in :mod:`clearway.web.risk_rules`.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from clearway.api.deps import PlatformDep, SessionDep
from clearway.declarations.model import Lane
from clearway.declarations.status import Command, Status
from clearway.risk import queries
from clearway.risk.queries import Period
from clearway.web.actions import allowed, notice_for
from clearway.web.auth import ViewerDep, ensure_area
from clearway.web.csrf import web_router
from clearway.web.queries import Search, counts_by, enterprise_names, search
from clearway.web.templating import render

router = web_router("/risk")
AWAITING = (
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.RISK_ASSESSED,
    Status.DOCUMENT_CHECK,
    Status.INSPECTION,
    Status.SUSPENDED,
)
QUEUE_COMMANDS = frozenset({Command.ACCEPT, Command.ASSIGN_LANE, Command.REROUTE})
QUEUE_SIZE = 50


@router.get("/queue")
def queue(
    request: Request,
    viewer: ViewerDep,
    db: SessionDep,
    lane: str = "",
    status: str = "",
    done: str = "",
) -> Response:
    """Declarations awaiting officers, by lane and status; accept, assign or re-route inline."""
    ensure_area(viewer, "queue")
    lanes = [x.value for x in Lane]
    chosen_lane = lane if lane in lanes else ""
    chosen = tuple(s.value for s in AWAITING if s.value == status) or tuple(
        s.value for s in AWAITING
    )
    counts = counts_by(db, viewer.actor, Search(statuses=tuple(s.value for s in AWAITING)), "lane")
    query = Search(statuses=chosen, lane=chosen_lane or None)
    total, rows = search(db, viewer.actor, query, QUEUE_SIZE, 0)
    kept = {k: v for k, v in (("lane", chosen_lane), ("status", status)) if v}
    back = "/risk/queue" + ("?" + urlencode(kept) if kept else "")
    actions = {
        r.id: [a for a in allowed(viewer.actor, r) if a.command in QUEUE_COMMANDS] for r in rows
    }
    return render(
        request,
        "risk/queue.html",
        viewer,
        active="queue",
        notice=notice_for(done),
        rows=rows,
        total=total,
        lane_counts=[(x, counts.get((x,), 0)) for x in lanes],
        unrouted=counts.get(("None",), 0),
        lane=chosen_lane,
        status=status,
        statuses=[s.value for s in AWAITING],
        names=enterprise_names(db, [r.trader_id for r in rows]),
        actions=actions,
        back=back,
    )


def _period(today: date, date_from: str, date_to: str) -> tuple[Period, list[str]]:
    bad: list[str] = []
    try:
        end = date.fromisoformat(date_to) if date_to else today
    except ValueError:
        end, bad = today, [*bad, "date_to"]
    try:
        start = date.fromisoformat(date_from) if date_from else end - timedelta(days=90)
    except ValueError:
        start, bad = end - timedelta(days=90), [*bad, "date_from"]
    return Period(start, end), bad


@router.get("/stats")
def stats(
    request: Request,
    platform: PlatformDep,
    viewer: ViewerDep,
    db: SessionDep,
    date_from: str = "",
    date_to: str = "",
) -> Response:
    """Lane shares per office and credit level, hits and hit rate per rule, targeted lift."""
    ensure_area(viewer, "risk-stats")
    period, bad = _period(platform.clock.now().date(), date_from, date_to)
    return render(
        request,
        "risk/stats.html",
        viewer,
        active="risk-stats",
        period=period,
        bad=bad,
        lanes=[x.value for x in Lane],
        lane_rates=queries.lane_rates(db, viewer.actor, period),
        rule_stats=queries.rule_stats(db, viewer.actor, period),
        lift=queries.lift(db, viewer.actor, period),
    )
