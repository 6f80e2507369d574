"""The inspection officer's worklist: declarations routed to a check, with their commands.

Outcomes are recorded with the lifecycle commands that exist (begin the document check or the
inspection, assess duty, release, suspend, request an amendment); inspection slots and records
join this page when the inspection domain provides them.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from clearway.api.deps import SessionDep
from clearway.declarations.model import Lane
from clearway.declarations.status import Status
from clearway.web.actions import allowed, notice_for
from clearway.web.auth import ViewerDep, ensure_area
from clearway.web.csrf import web_router
from clearway.web.queries import Search, enterprise_names, search
from clearway.web.templating import render

router = web_router()
# Where an inspection officer has work, in the order the work happens.
STAGES = (Status.RISK_ASSESSED, Status.DOCUMENT_CHECK, Status.INSPECTION, Status.DUTY_ASSESSED)
PER_STAGE = 30


@router.get("/worklist")
def worklist(
    request: Request, viewer: ViewerDep, db: SessionDep, lane: str = "", done: str = ""
) -> Response:
    ensure_area(viewer, "worklist")
    chosen = lane if lane in {x.value for x in Lane} else None
    stages = []
    names: dict[int, str] = {}
    for stage in STAGES:
        total, rows = search(
            db, viewer.actor, Search(statuses=(stage.value,), lane=chosen), PER_STAGE, 0
        )
        names.update(enterprise_names(db, [r.trader_id for r in rows]))
        stages.append((stage.value, total, [(r, allowed(viewer.actor, r)) for r in rows]))
    back = "/worklist" + (f"?lane={chosen}" if chosen else "")
    return render(
        request,
        "worklist.html",
        viewer,
        active="worklist",
        notice=notice_for(done),
        stages=stages,
        names=names,
        lane=chosen or "",
        lanes=[x.value for x in Lane],
        back=back,
    )
