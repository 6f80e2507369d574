"""Short-lived signed access tokens (JWT, HS256) for the API."""

from __future__ import annotations

from datetime import datetime, timedelta

import jwt

from clearway.identity.model import Actor, Role
from clearway.shared.errors import Unauthenticated


def issue_token(actor: Actor, secret: str, minutes: int, now: datetime) -> str:
    claims = {
        "sub": actor.username,
        "uid": actor.user_id,
        "role": actor.role.value,
        "ent": actor.enterprise_id,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=minutes)).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def read_token(token: str, secret: str) -> Actor:
    """The actor a token speaks for; expired, forged or malformed tokens are refused."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp"]})
        return Actor(
            user_id=int(claims["uid"]),
            username=str(claims["sub"]),
            role=Role(claims["role"]),
            enterprise_id=int(claims["ent"]) if claims.get("ent") is not None else None,
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("access token expired; sign in again") from exc
    except (jwt.PyJWTError, KeyError, ValueError, TypeError) as exc:
        raise Unauthenticated("access token is not valid") from exc
