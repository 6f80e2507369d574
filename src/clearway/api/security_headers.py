"""Security headers on every answer, API and portal alike (docs/security_headers.md).

The portal's templates load their script and styles from ``/static`` only, so the policy
allows no inline script at all; inline *styles* stay allowed because the lane-share bars
are drawn with a computed ``width`` and htmx adds its indicator style at load. No page may
be framed (clickjacking), no answer may be sniffed into another type, and no address leaves
the site in a Referer. Answers other than the vendored static assets carry personal or
tenant data (a session's pages, a token's declarations), so none of them may be stored by a
browser or a proxy.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

ALWAYS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
NO_STORE = (b"cache-control", b"no-store")
# Vendored, versioned assets with nothing personal in them may be cached.
CACHEABLE_PREFIX = "/static/"


class SecurityHeaders:
    """Add the headers of :data:`ALWAYS` to every answer, and ``Cache-Control: no-store`` to
    every answer but the static assets (a route's own Cache-Control is kept)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = str(scope["path"]).startswith(CACHEABLE_PREFIX)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in ALWAYS if h[0] not in present)
                if not cacheable and NO_STORE[0] not in present:
                    headers.append(NO_STORE)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
