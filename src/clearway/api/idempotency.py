"""`Idempotency-Key` on creating POSTs: a retried request gets the first answer, not a duplicate.

A key is claimed in its own short transaction before the work runs (the unique constraint
decides races; on PostgreSQL without waiting for the disk), and the answer is stored once the
work is done; both through fixed statements, as they run on every creating POST. A second
request with the same key while the first runs gets 409; with a different method, path, query
string or body, 422. Server errors release the key. A key that is empty, longer than 200
characters or not printable ASCII is refused (400) rather than ignored, so a client never
believes it is protected when it is not. A stored answer is replayed only to a token whose
user still holds it (the check the API makes on every request), so a deactivated user hears
nothing back.

The work's own transaction marks the claim "work committed" (when, and where its result is
read: the declaration a lodgement created), so a server killed between that commit and storing
the answer cannot make a retry do the work twice: the retry replays the committed result (the
resource read again, ``200`` with ``Content-Location``) or, when no location is known, answers
``202`` ``committed-answer-unavailable``. A claim still in progress and not marked after
``idempotency_claim_seconds`` belongs to a server that stopped before committing: it is
released and the retry runs the request again. Keys older than ``idempotency_hours`` are free
again, and the ``idempotency.sweep`` job deletes them.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from functools import partial
from typing import Literal, NamedTuple

from anyio import to_thread
from sqlalchemy import and_, delete, or_
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clearway.api.limits import header, send_problem
from clearway.api.tables import idempotency_keys
from clearway.declarations.events import DeclarationChanged
from clearway.declarations.model import Declaration
from clearway.identity.model import Actor
from clearway.identity.services import holder_of
from clearway.identity.tokens import read_claims
from clearway.persistence import statements
from clearway.persistence.db import marking_commits
from clearway.shared.clock import Clock
from clearway.shared.errors import AnswerUnavailable, Unauthenticated
from clearway.shared.events import DomainEvent

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
    "SELECT request_hash, status_code, response_body, committed_at, committed_location "
    "FROM idempotency_keys WHERE principal = ? AND key = ?"
)
_MARK = (
    "UPDATE idempotency_keys SET committed_at = ?, "
    "committed_location = COALESCE(committed_location, ?) WHERE principal = ? AND key = ?"
)
_ANSWER = (
    "UPDATE idempotency_keys SET status_code = ?, response_body = ? WHERE principal = ? AND key = ?"
)
# A committed claim is never released: a retry must replay it, not do the work again.
_RELEASE = "DELETE FROM idempotency_keys WHERE principal = ? AND key = ? AND committed_at IS NULL"
MAX_KEY_LENGTH = 200
_log = logging.getLogger("clearway.api")


class Held(NamedTuple):
    """What the request holding a key left: its fingerprint, its stored answer if any, and
    whether its work committed (and where its result is read)."""

    request_hash: str
    status: int | None
    body: str
    committed: bool
    location: str | None


HEADER = "Idempotency-Key"


def key_refusal(key: str) -> str | None:
    """Why an Idempotency-Key cannot be honoured, if it cannot (None when it is good)."""
    if not key.strip():
        return "must not be empty"
    if len(key) > MAX_KEY_LENGTH:
        return f"must be at most {MAX_KEY_LENGTH} characters, not {len(key)}"
    if not all(" " <= ch <= "~" for ch in key):
        return "must be printable ASCII"
    return None


def committed_location(session: Session, events: Sequence[DomainEvent]) -> str | None:
    """Where the result of committed work is read again: the one declaration it lodged or
    changed (a draft lodged records no event, but sits in the session); none when several."""
    ids = {e.declaration_id for e in events if isinstance(e, DeclarationChanged)}
    ids |= {o.id for o in session.identity_map.values() if isinstance(o, Declaration)}
    return f"/api/v1/declarations/{ids.pop()}" if len(ids) == 1 else None


def fingerprint(scope: Scope, body: bytes) -> str:
    """What makes two requests the same one: method, path, query string and body."""
    parts = (scope["method"].encode(), scope["path"].encode(), scope.get("query_string", b""))
    return hashlib.sha256(b"\n".join((*parts, body))).hexdigest()


class IdempotencyLayer:
    """ASGI layer in front of the API; needs the raw body kept by RequestGuard."""

    def __init__(
        self,
        app: ASGIApp,
        sessions: Callable[[], sessionmaker[Session]],
        secret: str,
        clock: Clock,
        claim_timeout: timedelta = timedelta(minutes=5),
        kept_for: timedelta = timedelta(hours=24),
    ) -> None:
        self.app, self.sessions, self.secret, self.clock = app, sessions, secret, clock
        self.claim_timeout, self.kept_for = claim_timeout, kept_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = header(scope, "idempotency-key") if scope["type"] == "http" else None
        if key is None or scope["method"] != "POST" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        refusal = key_refusal(key)
        if refusal is not None:
            await send_problem(
                send,
                400,
                "Invalid Idempotency-Key",
                f"the {HEADER} header {refusal}; nothing was done",
                "idempotency-key-invalid",
                [{"path": f"header.{HEADER}", "rule": "idempotency_key", "message": refusal}],
            )
            return
        bearer = self._bearer(scope)
        if bearer is None:  # the route answers 401
            await self.app(scope, receive, send)
            return
        principal = bearer[0].username
        body: bytes = scope.get("state", {}).get("raw_body", b"")
        digest = fingerprint(scope, body)
        try:
            claim = await to_thread.run_sync(self._claim, bearer, key, digest)
        except sa_exc.OperationalError as lost:  # nothing was claimed, nothing done
            _log.warning("idempotency claim failed: %s", lost.orig)
            await send_problem(
                send,
                503,
                "Database unavailable",
                "the database could not complete the request, so nothing was changed; "
                "retry shortly with the same Idempotency-Key",
                "database-unavailable",
            )
            return
        if claim is False:  # the token's user no longer holds it: the API answers 401
            await self.app(scope, receive, send)
            return
        if claim is not None:
            replayed = await self._answer_existing(scope, send, claim, digest)
            if replayed is not None:  # the committed result, now the key's stored answer
                await self._settle_safely(principal, key, *replayed)
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
            with marking_commits(partial(self._mark, principal, key)):
                await self.app(scope, receive, capture)
        finally:
            body = b"".join(
                m.get("body", b"") for m in messages if m["type"] == "http.response.body"
            )
            await self._settle_safely(principal, key, status, body)
        for message in messages:
            await send(message)

    async def _settle_safely(self, principal: str, key: str, status: int, body: bytes) -> None:
        try:
            await to_thread.run_sync(self._settle, principal, key, status, body)
        except sa_exc.OperationalError as lost:
            # The answer stands either way: work that committed left its mark (a retry
            # replays it); work that did not leaves a claim released after its timeout.
            _log.warning("idempotency answer not stored: %s", lost.orig)

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
    ) -> Held | Literal[False] | None:
        """Claim the key, or return what the request that holds it left; False when the
        token's user no longer holds the token."""
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
            for attempt in (1, 2):
                try:
                    statements.execute(session, sql, plan.values(claim))
                    session.commit()
                    return None
                except sa_exc.IntegrityError:
                    session.rollback()
                if attempt == 1 and not self._release_stale(session, principal, key):
                    break
            held = statements.execute(session, _HELD, (principal, key)).first()
            if held is None:  # released by another request meanwhile: it holds the key now
                return Held(digest, None, "", False, None)
            return Held(str(held[0]), held[1], str(held[2] or ""), held[3] is not None, held[4])

    def _release_stale(self, session: Session, principal: str, key: str) -> bool:
        """Free the key if its claim was abandoned in progress before its work committed, or
        has outlived its keeping."""
        now, c = self.clock.now(), idempotency_keys.c
        abandoned = and_(
            c.status_code.is_(None),
            c.committed_at.is_(None),
            c.created_at < now - self.claim_timeout,
        )
        released = session.execute(
            delete(idempotency_keys).where(
                c.principal == principal,
                c.key == key,
                or_(abandoned, c.created_at < now - self.kept_for),
            )
        )
        session.commit()
        return bool(getattr(released, "rowcount", 0))

    def _mark(
        self, principal: str, key: str, session: Session, events: Sequence[DomainEvent]
    ) -> None:
        """The "work committed" mark, written in the work's own transaction."""
        values = (self.clock.now(), committed_location(session, events), principal, key)
        statements.execute(session, _MARK, values)

    def _settle(self, principal: str, key: str, status: int, body: bytes) -> None:
        with self.sessions()() as session:
            if status >= 500:
                statements.execute(session, _RELEASE, (principal, key))
            else:
                answer = body.decode("utf-8", "replace")
                statements.execute(session, _ANSWER, (status, answer, principal, key))
            session.commit()

    async def _answer_existing(
        self, scope: Scope, send: Send, claim: Held, digest: str
    ) -> tuple[int, bytes] | None:
        """Answer from what the key holds; the committed result read again, if it was."""
        stored_hash, status, body = claim.request_hash, claim.status, claim.body
        if stored_hash != digest:
            await send_problem(
                send,
                422,
                "Idempotency key reused",
                "this Idempotency-Key was used for a different request",
                "idempotency-key-reused",
            )
            return None
        if status is None and claim.committed:
            return await self._replay_committed(scope, send, claim.location)
        if status is None:
            await send_problem(
                send,
                409,
                "Request in progress",
                "a request with this Idempotency-Key is still being processed",
                "idempotency-in-progress",
            )
            return None
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
        return None

    async def _replay_committed(
        self, scope: Scope, send: Send, location: str | None
    ) -> tuple[int, bytes] | None:
        """The result of work that committed without its answer being stored: the resource
        read again for the same caller, else 202 (done; read it again)."""
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        if location is not None:
            kept = [(k, v) for k, v in scope["headers"] if k.lower() in _READ_HEADERS]
            read = {**scope, "method": "GET", "path": location, "raw_path": location.encode()}
            read.update(query_string=b"", headers=kept)
            await self.app(read, _no_body, capture)
        if not messages or messages[0]["status"] != 200:
            problem = AnswerUnavailable()
            await send_problem(send, 202, problem.title, problem.detail, problem.kind)
            return None
        start = dict(messages[0])
        start["headers"] = [
            *(h for h in start["headers"] if h[0].lower() != b"content-location"),
            (b"content-location", str(location).encode()),
            (b"idempotent-replayed", b"true"),
        ]
        for message in (start, *messages[1:]):
            await send(message)
        return 200, b"".join(m.get("body", b"") for m in messages[1:])


_READ_HEADERS = (b"authorization", b"accept", b"host")


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}
