"""CSRF protection: every state-changing request carries the session's token.

Forms send it in a hidden ``csrf_token`` field; htmx requests in the ``X-CSRF-Token`` header,
which the layout sets once with ``hx-headers`` on ``<body>``. Every portal router is built by
:func:`web_router`, whose dependency checks the token before the page's code runs, so a
missing or forged token is refused with 403 and nothing is changed.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Depends, Request

from clearway.shared.clock import SystemClock
from clearway.web import session

HEADER = "x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfRefused(Exception):
    """A state-changing request without the token of the session it came with."""


def token_matches(sent: object, expected: str) -> bool:
    return isinstance(sent, str) and bool(sent) and hmac.compare_digest(sent, expected)


async def verify(request: Request) -> None:
    """Refuse an unsafe request whose token is missing, forged, or from another session."""
    if request.method in SAFE_METHODS:
        return
    settings = request.app.state.platform.settings
    # Sessions expire on the wall clock, never on the business clock (as API tokens do).
    cookie = session.read(request, settings, SystemClock().now())
    sent: object = request.headers.get(HEADER)
    if sent is None:
        sent = (await request.form()).get(FIELD)
    if cookie is None or not token_matches(sent, cookie.csrf):
        raise CsrfRefused()


def web_router(prefix: str = "") -> APIRouter:
    """A router for portal pages: out of the OpenAPI document, CSRF-checked on every write."""
    return APIRouter(prefix=prefix, include_in_schema=False, dependencies=[Depends(verify)])
