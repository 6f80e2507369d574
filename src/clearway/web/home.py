"""The home page: the sign-in form for visitors, an overview of one's work once signed in."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from clearway.api.deps import PlatformDep, SessionDep
from clearway.declarations.status import Status
from clearway.web.auth import OptionalViewerDep, sign_in_page
from clearway.web.csrf import web_router
from clearway.web.queries import Search, counts_by
from clearway.web.templating import render

router = web_router()


@router.get("/")
def home(
    request: Request, platform: PlatformDep, viewer: OptionalViewerDep, db: SessionDep
) -> Response:
    if viewer is None:
        return sign_in_page(request, platform, "/")
    counts = counts_by(db, viewer.actor, Search(), "status")
    by_status = [(s.value, counts.get((s.value,), 0)) for s in Status]
    return render(
        request,
        "home.html",
        viewer,
        active="home",
        by_status=[(s, n) for s, n in by_status if n],
        total=sum(counts.values()),
    )
