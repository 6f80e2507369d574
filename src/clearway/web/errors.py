"""How the portal answers refusals: HTML pages for people, problem JSON stays for the API.

:func:`install` mounts the vendored assets and wraps the API's exception handlers: a request
for a portal page gets a readable page (403 for a refused CSRF token, 404 for a record of
another tenant exactly as for a missing one, the sign-in page when signed out), while requests
under ``/api/`` keep their RFC 9457 answers unchanged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from clearway.api.problems import out_of_space, timed_out
from clearway.shared.clock import SystemClock
from clearway.shared.errors import ClearwayError, Unauthenticated
from clearway.web import session
from clearway.web.auth import SignInRequired, Viewer, sign_in_url
from clearway.web.csrf import CsrfRefused
from clearway.web.templating import render

Handler = Callable[[Request, Exception], Awaitable[Response]]
NOT_PORTAL = ("/api/", "/docs", "/openapi.json", "/static/")


def is_portal(request: Request) -> bool:
    return not request.url.path.startswith(NOT_PORTAL)


def _viewer_for_error(request: Request) -> Viewer | None:
    """The layout of an error page shows the menu when a session cookie is still good."""
    platform = request.app.state.platform
    cookie = session.read(request, platform.settings, SystemClock().now())
    if cookie is None or cookie.user_id is None:
        return None
    from clearway.web.auth import optional_viewer

    return optional_viewer(request, platform)


def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    viewer = _viewer_for_error(request)
    return render(
        request,
        "error.html",
        viewer,
        status_code=status,
        title=title,
        detail=detail,
    )


def _redirect_to_sign_in(request: Request, next_url: str) -> Response:
    target = sign_in_url(next_url)
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def install(app: FastAPI) -> None:
    """Serve /static and answer portal requests' refusals with pages."""
    app.mount(
        "/static",
        StaticFiles(directory=str(Path(__file__).parent / "static")),
        name="static",
    )
    api_handlers: dict[object, Handler] = dict(app.exception_handlers)

    def portal_or_api(kind: type[Exception], page: Handler) -> None:
        api = api_handlers.get(kind)

        async def handle(request: Request, exc: Exception) -> Response:
            if is_portal(request) or api is None:
                return await page(request, exc)
            return await api(request, exc)

        app.add_exception_handler(kind, handle)

    async def domain(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ClearwayError)
        if isinstance(exc, Unauthenticated):
            return _redirect_to_sign_in(request, request.url.path)
        return error_page(request, exc.status, exc.title, exc.detail)

    async def http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        title = "Page not found" if exc.status_code == 404 else str(exc.detail)
        detail = (
            "There is no such page, or it is not yours to see."
            if exc.status_code == 404
            else str(exc.detail)
        )
        return error_page(request, exc.status_code, title, detail)

    async def malformed(request: Request, exc: Exception) -> Response:
        return error_page(request, 400, "Bad request", "The address or the form is malformed.")

    async def csrf(request: Request, exc: Exception) -> Response:
        return error_page(
            request,
            403,
            "Form refused: security token missing or wrong",
            "This request did not carry the security token of your session, so nothing was "
            "changed. It can happen when a page was open before you signed in again, or when "
            "another site tried to send the form. Reload the page and try again.",
        )

    async def unavailable(request: Request, exc: Exception) -> Response:
        if isinstance(exc, OperationalError) and timed_out(exc):
            return error_page(
                request,
                503,
                "The request took too long",
                "The database stopped it at its time bound, so nothing was changed. "
                "Narrow the search or try again later.",
            )
        full = out_of_space(exc) if isinstance(exc, OperationalError) else None
        if full is not None:
            return error_page(
                request,
                full,
                "The database is out of space",
                "Nothing was changed. The district's storage is full; tell the operator and "
                "send the form again once space has been freed.",
            )
        return error_page(
            request,
            503,
            "The database is not answering",
            "Nothing was changed. Wait a moment and send the form or reload the page again.",
        )

    async def unstorable(request: Request, exc: Exception) -> Response:
        return error_page(
            request,
            422,
            "A value is out of range",
            "A value in the form does not fit what the record can hold, so nothing was changed.",
        )

    async def signed_out(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SignInRequired)
        return _redirect_to_sign_in(request, exc.next_url)

    portal_or_api(ClearwayError, domain)
    portal_or_api(StarletteHTTPException, http)
    portal_or_api(RequestValidationError, malformed)
    portal_or_api(OperationalError, unavailable)
    portal_or_api(DataError, unstorable)
    app.add_exception_handler(CsrfRefused, csrf)
    app.add_exception_handler(SignInRequired, signed_out)
