"""Who is looking at a page: the signed-in viewer, and sign-in and sign-out.

Passwords are checked by :func:`clearway.identity.services.authenticate`, exactly as the API's
token endpoint does; the portal then keeps the user in a signed cookie session
(:mod:`clearway.web.session`) whose lifetime is ``CLEARWAY_WEB_SESSION_MINUTES``. Sign-in
is throttled like the token endpoint (:func:`clearway.identity.services.sign_in`), and
sign-out ends the session on the server, not only in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clearway.api.deps import PlatformDep, client_address
from clearway.enterprises.model import Enterprise, EnterpriseRole
from clearway.identity.model import Actor, User
from clearway.identity.offices import office_notice
from clearway.identity.services import actor_of, sign_in, sign_out
from clearway.identity.throttle import SignInLimits
from clearway.notifications.queries import inbox_visibility
from clearway.notifications.tables import inbox_messages
from clearway.shared.clock import SystemClock
from clearway.shared.errors import PermissionDenied, TooManyAttempts, Unauthenticated
from clearway.web import nav, session
from clearway.web.csrf import web_router
from clearway.web.forms import FormDep
from clearway.web.templating import render


@dataclass(frozen=True)
class Viewer:
    """The signed-in user as pages need it: the actor services are called with, and more."""

    actor: Actor
    full_name: str
    csrf: str
    features: frozenset[str]
    enterprise_name: str
    unread: int

    @property
    def office_notice(self) -> str | None:
        return office_notice(self.actor.awaiting_office, self.actor.username)

    def may(self, key: str) -> bool:
        return nav.allowed(key, self.actor.role)


class SignInRequired(Exception):
    """A page needs a signed-in user; the portal answers with the sign-in page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def features_of(db: Session, actor: Actor) -> tuple[frozenset[str], str]:
    """What the user's enterprise is (a bonded-zone enterprise has account books)."""
    if actor.enterprise_id is None:
        return frozenset(), ""
    enterprise = db.get(Enterprise, actor.enterprise_id)
    if enterprise is None:
        return frozenset(), ""
    features = {nav.BONDED_BOOKS} if enterprise.has_role(EnterpriseRole.BONDED_ZONE) else set()
    return frozenset(features), enterprise.name


def _unread(db: Session, actor: Actor) -> int:
    i = inbox_messages.c
    stmt = select(func.count()).where(inbox_visibility(actor), i.read_at.is_(None))
    return int(db.execute(stmt).scalar_one())


def optional_viewer(request: Request, platform: PlatformDep) -> Viewer | None:
    """The signed-in user, or None. Reads in its own short session: on SQLite every
    transaction takes the write lock, so a page's later unit of work must not wait on it."""
    cookie = session.read(request, platform.settings, SystemClock().now())
    if cookie is None or cookie.user_id is None:
        return None
    with platform.read_session() as db:
        user = db.get(User, cookie.user_id)
        if user is None or not user.active or user.session_version != cookie.version:
            return None
        actor = actor_of(user, platform.settings.unassigned_officers_district_wide)
        features, enterprise_name = features_of(db, actor)
        unread = _unread(db, actor)
    return Viewer(actor, user.full_name, cookie.csrf, features, enterprise_name, unread)


OptionalViewerDep = Annotated[Viewer | None, Depends(optional_viewer)]


def _here(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return request.url.path + query


def require_viewer(request: Request, viewer: OptionalViewerDep) -> Viewer:
    if viewer is None:
        raise SignInRequired(_here(request))
    return viewer


ViewerDep = Annotated[Viewer, Depends(require_viewer)]


def ensure_area(viewer: Viewer, key: str) -> None:
    """Pages of an area answer 403 to roles the area does not serve."""
    if not viewer.may(key):
        raise PermissionDenied(f"a {viewer.actor.role.label} has no access to this page")


def safe_next(target: str | None) -> str:
    """Only a path on this site; anything else (another host, a scheme) goes home."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def sign_in_url(next_url: str) -> str:
    return "/sign-in?next=" + quote(next_url, safe="/")


router = web_router()


def sign_in_page(
    request: Request,
    platform: PlatformDep,
    next_url: str,
    error: str = "",
    username: str = "",
    status_code: int = 401,
) -> Response:
    """The sign-in form; starts an anonymous session so the form has a CSRF token."""
    now = SystemClock().now()
    cookie = session.read(request, platform.settings, now)
    fresh = cookie is None
    if cookie is None:
        cookie = session.CookieSession.fresh(None, now, platform.settings.web_session_minutes)
    response = render(
        request,
        "sign_in.html",
        None,
        status_code=status_code if error else 200,
        csrf=cookie.csrf,
        next_url=safe_next(next_url),
        error=error,
        username=username,
    )
    if fresh:
        session.write(response, cookie, platform.settings, now)
    return response


@router.get("/sign-in")
def sign_in_form(
    request: Request, platform: PlatformDep, viewer: OptionalViewerDep, next: str = "/"
) -> Response:
    if viewer is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return sign_in_page(request, platform, next)


@router.post("/sign-in")
def sign_in_submit(request: Request, platform: PlatformDep, form: FormDep) -> Response:
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    target = safe_next(str(form.get("next", "/")))
    now = SystemClock().now()
    limits = SignInLimits.from_settings(platform.settings)
    try:
        with platform.uow() as uow:
            user = sign_in(uow, username, password, client_address(request), limits, now)
    except Unauthenticated as refused:
        return sign_in_page(request, platform, target, refused.detail, username)
    except TooManyAttempts as throttled:
        page = sign_in_page(request, platform, target, throttled.detail, username, 429)
        page.headers["Retry-After"] = str(throttled.retry_after)
        return page
    response = RedirectResponse(target, status_code=303)
    # A new session and token on sign-in: a token seen before sign-in is worth nothing after.
    fresh = session.CookieSession.fresh(
        user.id, now, platform.settings.web_session_minutes, user.session_version
    )
    session.write(response, fresh, platform.settings, now)
    return response


@router.post("/sign-out")
def sign_out_submit(request: Request, platform: PlatformDep) -> Response:
    """Sign out: the user's sessions end on the server, and the browser gets an anonymous one."""
    now = SystemClock().now()
    cookie = session.read(request, platform.settings, now)
    if cookie is not None and cookie.user_id is not None:
        with platform.uow() as uow:
            sign_out(uow, cookie.user_id)
    response = RedirectResponse("/", status_code=303)
    anonymous = session.CookieSession.fresh(None, now, platform.settings.web_session_minutes)
    session.write(response, anonymous, platform.settings, now)
    return response
