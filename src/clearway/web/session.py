"""The portal's cookie session: a signed, expiring payload naming the user and its CSRF token.

The cookie holds no secret beyond the per-session CSRF token and is signed with a key derived
from ``CLEARWAY_SECRET_KEY`` for this one purpose, so an API token and a session cookie can
never stand in for each other. It is HttpOnly and SameSite=Lax; the user behind it is loaded
on every request, so a deactivated user is signed out at once. It also carries the user's
session version when it was issued: sign-out raises the stored version, so the cookie (and
any copy of it) is worth nothing afterwards, even before it expires.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response

from clearway.config import Settings

COOKIE = "clearway_session"
_PURPOSE = b"clearway-web-session/1"


@dataclass(frozen=True)
class CookieSession:
    """What the cookie says: who signed in (None before sign-in), the CSRF token, the expiry,
    and the user's session version at sign-in."""

    user_id: int | None
    csrf: str
    expires: int
    version: int = 0

    @classmethod
    def fresh(
        cls, user_id: int | None, now: datetime, minutes: int, version: int = 0
    ) -> CookieSession:
        """A new session with a new CSRF token (signing in rotates both)."""
        expires = int((now + timedelta(minutes=minutes)).timestamp())
        return cls(
            user_id=user_id, csrf=secrets.token_urlsafe(32), expires=expires, version=version
        )


def _key(secret: str) -> bytes:
    return hmac.new(secret.encode(), _PURPOSE, hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(session: CookieSession, secret: str) -> str:
    body = _b64(
        json.dumps(
            {
                "uid": session.user_id,
                "csrf": session.csrf,
                "exp": session.expires,
                "ver": session.version,
            },
            separators=(",", ":"),
        ).encode()
    )
    signature = _b64(hmac.new(_key(secret), body.encode(), hashlib.sha256).digest())
    return f"{body}.{signature}"


def decode(value: str, secret: str, now: datetime) -> CookieSession | None:
    """The session a cookie carries, or None when it is forged, malformed or expired."""
    body, _, signature = value.partition(".")
    expected = _b64(hmac.new(_key(secret), body.encode(), hashlib.sha256).digest())
    if not signature or not hmac.compare_digest(signature, expected):
        return None
    try:
        raw = json.loads(_unb64(body))
        uid = raw["uid"]
        session = CookieSession(
            user_id=int(uid) if uid is not None else None,
            csrf=str(raw["csrf"]),
            expires=int(raw["exp"]),
            version=int(raw.get("ver", 0)),
        )
    except (ValueError, KeyError, TypeError):
        return None
    if session.expires <= now.timestamp() or len(session.csrf) < 32:
        return None
    return session


def read(request: Request, settings: Settings, now: datetime) -> CookieSession | None:
    value = request.cookies.get(COOKIE)
    return decode(value, settings.secret_key, now) if value else None


def write(response: Response, session: CookieSession, settings: Settings, now: datetime) -> None:
    response.set_cookie(
        COOKIE,
        encode(session, settings.secret_key),
        max_age=max(0, session.expires - int(now.timestamp())),
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.web_secure_cookie or settings.env == "production",
    )


def clear(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
