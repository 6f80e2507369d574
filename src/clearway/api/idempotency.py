"""`Idempotency-Key` on creating POSTs: a retried request gets the first answer, not a duplicate.

A key is claimed in its own short transaction before the work runs (the unique constraint
decides races; on PostgreSQL without waiting for the disk), and the answer is stored once the
work is done; both through fixed statements, as they run on every creating POST. A second
request with the same key while the first runs gets 409; with a different body, 422. Server
errors release the key. A stored answer is replayed only to a token whose user still holds
it (the check the API makes on every request), so a deactivated user hears nothing back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Literal

from anyio import to_thread
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clearway.api.limits import header, send_problem
from clearway.api.tables import idempotency_keys
from clearway.identity.model import Actor
from clearway.identity.services import holder_of
from clearway.identity.tokens import read_claims
from clearway.persistence import statements
from clearway.shared.clock import Clock
from clearway.shared.errors import Unauthenticated

# Fixed statements (``persistence.statements``): every creating POST runs a claim and an answer,
# and building them through SQLAlchemy's compiler cost more than the database did.
_CLAIMED = ("principal", "key", "request_hash", "created_at")
# On PostgreSQL the claim need not wait for the disk: if the work it guards commits, that
# commit makes this earlier one durable too; if not, losing the claim loses nothing. The
# setting rides in the same round trip as the insert.
_CLAIM_UNSYNCED = (
    "WITH unsynced AS (SELECT set_config('synchronous_commit', 'off', true)) "
    f"INSERT INTO idempotency_keys ({', '.join(_CLAIMED)}) SELECT ?, ?, ?, ? FROM unsynced"
)
_HELD = (
    "SELECT request_hash, status_code, response_body FROM idempotency_keys "
    "WHERE principal = ? AND key = ?"
)
_ANSWER = (
    "UPDATE idempotency_keys SET status_code = ?, response_body = ? WHERE principal = ? AND key = ?"
)
_RELEASE = "DELETE FROM idempotency_keys WHERE principal = ? AND key = ?"


class IdempotencyLayer:
    """ASGI layer in front of the API; needs the raw body kept by RequestGuard."""

    def __init__(
        self, app: ASGIApp, sessions: Callable[[], sessionmaker[Session]], secret: str, clock: Clock
    ) -> None:
        self.app, self.sessions, self.secret, self.clock = app, sessions, secret, clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = header(scope, "idempotency-key") if scope["type"] == "http" else None
        if key is None or scope["method"] != "POST" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        bearer = self._bearer(scope)
        if bearer is None or not (0 < len(key) <= 200):
            await self.app(scope, receive, send)
            return
        principal = bearer[0].username
        body: bytes = scope.get("state", {}).get("raw_body", b"")
        digest = hashlib.sha256(scope["path"].encode() + b"\n" + body).hexdigest()
        claim = await to_thread.run_sync(self._claim, bearer, key, digest)
        if claim is False:  # the token's user no longer holds it: the API answers 401
            await self.app(scope, receive, send)
            return
        if claim is not None:
            await self._answer_existing(send, claim, digest)
            return
        # Hold the answer until it is stored: a client retrying the instant it hears back
        # must find the stored answer, not a key still marked in progress.
        status = 500
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            messages.append(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            body = b"".join(
                m.get("body", b"") for m in messages if m["type"] == "http.response.body"
            )
            await to_thread.run_sync(self._settle, principal, key, status, body)
        for message in messages:
            await send(message)

    def _bearer(self, scope: Scope) -> tuple[Actor, int] | None:
        auth = header(scope, "authorization") or ""
        if not auth.lower().startswith("bearer "):
            return None
        try:
            return read_claims(auth[7:], self.secret)
        except Unauthenticated:
            return None

    def _claim(
        self, bearer: tuple[Actor, int], key: str, digest: str
    ) -> tuple[str, int | None, str] | Literal[False] | None:
        """Claim the key, or return (hash, status, body) of the request that holds it; False
        when the token's user no longer holds the token."""
        principal = bearer[0].username
        with self.sessions()() as session:
            try:
                holder_of(session, *bearer)
            except Unauthenticated:
                return False
            dialect = session.get_bind().dialect
            plan = statements.insert_plan(idempotency_keys, _CLAIMED, dialect)
            sql = _CLAIM_UNSYNCED if dialect.name == "postgresql" else plan.sql
            claim = dict(zip(_CLAIMED, (principal, key, digest, self.clock.now()), strict=True))
            try:
                statements.execute(session, sql, plan.values(claim))
                session.commit()
                return None
            except sa_exc.IntegrityError:
                session.rollback()
            held = statements.execute(session, _HELD, (principal, key)).one()
            return str(held[0]), held[1], str(held[2] or "")

    def _settle(self, principal: str, key: str, status: int, body: bytes) -> None:
        with self.sessions()() as session:
            if status >= 500:
                statements.execute(session, _RELEASE, (principal, key))
            else:
                answer = body.decode("utf-8", "replace")
                statements.execute(session, _ANSWER, (status, answer, principal, key))
            session.commit()

    async def _answer_existing(
        self, send: Send, claim: tuple[str, int | None, str], digest: str
    ) -> None:
        stored_hash, status, body = claim
        if stored_hash != digest:
            await send_problem(
                send,
                422,
                "Idempotency key reused",
                "this Idempotency-Key was used for a different request",
                "idempotency-key-reused",
            )
            return
        if status is None:
            await send_problem(
                send,
                409,
                "Request in progress",
                "a request with this Idempotency-Key is still being processed",
                "idempotency-in-progress",
            )
            return
        raw = body.encode()
        media = "application/problem+json" if status >= 400 else "application/json"
        try:
            json.loads(raw or b"null")
        except ValueError:
            media = "text/plain"
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", media.encode()),
                    (b"content-length", str(len(raw)).encode()),
                    (b"idempotent-replayed", b"true"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": raw})
