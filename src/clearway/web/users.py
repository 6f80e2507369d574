"""The administrator's users page: every account, with deactivation and reactivation, and the
customs office of each inspection or liaison officer."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from clearway.api.deps import PlatformDep, SessionDep
from clearway.identity import services
from clearway.identity.commands import OfficeInput
from clearway.identity.offices import is_office_bound
from clearway.identity.queries import list_users
from clearway.reference.services import offices
from clearway.shared.errors import Conflict, RuleViolation
from clearway.web.auth import Viewer, ViewerDep, ensure_area
from clearway.web.csrf import web_router
from clearway.web.forms import FormDep, pydantic_errors, text
from clearway.web.templating import render

router = web_router("/users")
DONE = {
    "deactivated": "User deactivated: their sessions and API tokens no longer work.",
    "reactivated": "User reactivated: they can sign in again.",
    "office": "Office saved: the officer now sees that office's declarations only.",
}


@router.get("")
def index(request: Request, viewer: ViewerDep, db: SessionDep, done: str = "") -> Response:
    ensure_area(viewer, "users")
    return _page(request, viewer, db, 200, DONE.get(done, ""))


def _page(request: Request, viewer: Viewer, db: Session, status: int, notice: str) -> Response:
    return render(
        request,
        "users.html",
        viewer,
        status,
        "users",
        users=list_users(db, viewer.actor),
        offices=offices(db),
        office_bound=is_office_bound,
        notice=notice,
    )


@router.post("/{username}/office")
def assign_office(
    request: Request, username: str, form: FormDep, platform: PlatformDep, viewer: ViewerDep
) -> Response:
    """Give an inspection or liaison officer its office (an empty choice withdraws it)."""
    ensure_area(viewer, "users")
    try:
        chosen = OfficeInput(office_code=text(form, "office_code").strip() or None)
        with platform.uow() as uow:
            services.assign_office(uow, username, chosen.office_code, viewer.actor, platform.clock)
    except (RuleViolation, ValidationError) as refused:
        errors = (
            refused.errors
            if isinstance(refused, RuleViolation)
            else pydantic_errors(list(refused.errors()))
        )
        with platform.read_session() as db:
            notice = "; ".join(f"{e.path}: {e.message}" for e in errors)
            return _page(request, viewer, db, 422, notice)
    return RedirectResponse("/users?done=office", status_code=303)


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
            return _page(request, viewer, db, 409, refused.detail)
    return RedirectResponse(f"/users?done={change}d", status_code=303)
