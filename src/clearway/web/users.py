"""The administrator's users page: every account, with deactivation and reactivation."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from clearway.api.deps import PlatformDep, SessionDep
from clearway.identity import services
from clearway.identity.queries import list_users
from clearway.shared.errors import Conflict
from clearway.web.auth import ViewerDep, ensure_area
from clearway.web.csrf import web_router
from clearway.web.templating import render

router = web_router("/users")
DONE = {
    "deactivated": "User deactivated: their sessions and API tokens no longer work.",
    "reactivated": "User reactivated: they can sign in again.",
}


@router.get("")
def index(request: Request, viewer: ViewerDep, db: SessionDep, done: str = "") -> Response:
    ensure_area(viewer, "users")
    return render(
        request,
        "users.html",
        viewer,
        active="users",
        users=list_users(db, viewer.actor),
        notice=DONE.get(done, ""),
    )


@router.post("/{username}/{change}")
def change(
    request: Request, username: str, change: str, platform: PlatformDep, viewer: ViewerDep
) -> Response:
    """Deactivate or reactivate a user; a change already made is said so, not an error page."""
    ensure_area(viewer, "users")
    use_case = {"deactivate": services.deactivate, "reactivate": services.reactivate}.get(change)
    if use_case is None:
        return RedirectResponse("/users", status_code=303)
    try:
        with platform.uow() as uow:
            use_case(uow, username, viewer.actor, platform.clock)
    except Conflict as refused:
        with platform.read_session() as db:
            users = list_users(db, viewer.actor)
        return render(
            request, "users.html", viewer, 409, "users", users=users, notice=refused.detail
        )
    return RedirectResponse(f"/users?done={change}d", status_code=303)
