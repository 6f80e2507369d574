"""Annotated dependencies shared by every router.

They are ``async`` although they do no waiting: FastAPI runs a plain ``def`` dependency in the
thread pool, and each such hop to a worker thread and back cost more than the dependency
itself (four or five hops a request, before the endpoint's own). Opening a unit of work does
no I/O, and closing one after its commit returns the connection to the pool; only a request
that failed before committing rolls back from the event loop, which is brief. The one
exception is the caller's actor: checking that the token's user still holds it is a database
lookup, so it runs in the thread pool like any blocking call.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from clearway.bootstrap import Platform
from clearway.identity.model import Actor
from clearway.identity.services import holder_of
from clearway.identity.tokens import read_claims
from clearway.persistence.db import UnitOfWork
from clearway.shared.errors import AnswerUnavailable, ClearwayError

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def _platform(request: Request) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


PlatformDep = Annotated[Platform, Depends(_platform)]


def _actor(platform: PlatformDep, token: Annotated[str | None, Depends(oauth2)]) -> Actor:
    """The caller, once its token's user is found still active in the same role and enterprise."""
    from clearway.shared.errors import Unauthenticated

    if not token:
        raise Unauthenticated("send a bearer token from /api/v1/auth/token")
    actor, version = read_claims(token, platform.settings.secret_key)
    with platform.read_session() as session:
        return holder_of(
            session, actor, version, platform.settings.unassigned_officers_district_wide
        )


ActorDep = Annotated[Actor, Depends(_actor)]


async def _uow(platform: PlatformDep) -> AsyncIterator[UnitOfWork]:
    """A written request's unit of work. A failure after its commit (building the answer) is
    no failure of the change: it answers ``202`` ``committed-answer-unavailable``, never 500,
    so a client does not send again what was done."""
    with platform.uow() as uow:
        try:
            yield uow
        except ClearwayError:
            raise
        except Exception as exc:
            if not uow.committed:
                raise
            logging.getLogger("clearway.api").exception("answer failed after a commit")
            raise AnswerUnavailable() from exc


UowDep = Annotated[UnitOfWork, Depends(_uow)]


async def _session(platform: PlatformDep) -> AsyncIterator[Session]:
    """A session for a request that only reads: on SQLite it never takes the writer lock."""
    with platform.read_session() as session:
        yield session


SessionDep = Annotated[Session, Depends(_session)]


T = TypeVar("T")


def settled(uow: UnitOfWork, answer: T) -> T:
    """A written request's answer, its unit of work closed as soon as the answer is built.

    On SQLite a transaction that may write holds the writer lock; reading what the answer
    shows after the commit starts one again, and FastAPI serialises a sync endpoint's answer
    on a worker thread before the dependency closes it. Holding the lock across that wait let
    a burst of writers (the race for the last slot) block each other until timeouts.
    """
    uow.session.close()
    return answer


def client_address(request: Request) -> str:
    """The address failed sign-ins are counted against: the peer (no proxy header is trusted,
    as any client could send one)."""
    return request.client.host if request.client else "unknown"
