"""The in-app inbox: status changes and notices addressed to the user or its enterprise."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from clearway.api.deps import PlatformDep, SessionDep
from clearway.notifications import queries, services
from clearway.web.auth import ViewerDep
from clearway.web.csrf import web_router
from clearway.web.templating import render

router = web_router("/notifications")
PAGE_SIZE = 30
API_DECLARATIONS = "/api/v1/declarations/"


def portal_link(link: str) -> str | None:
    """The portal page a message's API link stands for, where the portal has one."""
    if link.startswith(API_DECLARATIONS):
        return "/declarations/" + link[len(API_DECLARATIONS) :]
    return None


@router.get("")
def inbox(
    request: Request, viewer: ViewerDep, db: SessionDep, unread: bool = False, page: int = 1
) -> Response:
    page = max(page, 1)
    found = queries.inbox(db, viewer.actor, unread, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    shown = found.unread if unread else found.total
    return render(
        request,
        "notifications/inbox.html",
        viewer,
        active="notifications",
        inbox=found,
        unread_only=unread,
        page=page,
        pages=max(1, -(-shown // PAGE_SIZE)),
        portal_link=portal_link,
    )


@router.post("/{message_id}/read")
def mark_read(message_id: int, platform: PlatformDep, viewer: ViewerDep) -> Response:
    with platform.uow() as uow:
        services.mark_read(uow, message_id, viewer.actor, platform.clock)
    return RedirectResponse(f"/notifications#m-{message_id}", status_code=303)
