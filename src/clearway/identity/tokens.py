"""Short-lived signed access tokens (JWT, HS256) for the API.

A token names the user, its role and enterprise, and the user's token version when it was
issued; :func:`clearway.identity.services.holder_of` checks all of them against the users
table on every request, so a token dies with its user's deactivation or role change.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import jwt

from clearway.identity.model import Actor, Role
from clearway.shared.errors import Unauthenticated


def issue_token(
    actor: Actor, secret: str, minutes: int, now: datetime, token_version: int = 0
) -> str:
    claims = {
        "sub": actor.username,
        "uid": actor.user_id,
        "role": actor.role.value,
        "ent": actor.enterprise_id,
        "ver": token_version,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=minutes)).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def read_claims(token: str, secret: str) -> tuple[Actor, int]:
    """The actor a token speaks for and the token version it was issued at; expired, forged
    or malformed tokens are refused. Whether the user still holds it is checked apart."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp"]})
        actor = Actor(
            user_id=int(claims["uid"]),
            username=str(claims["sub"]),
            role=Role(claims["role"]),
            enterprise_id=int(claims["ent"]) if claims.get("ent") is not None else None,
        )
        return actor, int(claims.get("ver", 0))
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("access token expired; sign in again") from exc
    except (jwt.PyJWTError, KeyError, ValueError, TypeError) as exc:
        raise Unauthenticated("access token is not valid") from exc


def read_token(token: str, secret: str) -> Actor:
    """The actor a well-signed, unexpired token names (see :func:`read_claims`)."""
    return read_claims(token, secret)[0]
