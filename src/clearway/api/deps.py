"""Annotated dependencies shared by every router."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from clearway.bootstrap import Platform
from clearway.identity.model import Actor
from clearway.identity.tokens import read_token
from clearway.persistence.db import UnitOfWork

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def _platform(request: Request) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


PlatformDep = Annotated[Platform, Depends(_platform)]


def _actor(platform: PlatformDep, token: Annotated[str | None, Depends(oauth2)]) -> Actor:
    from clearway.shared.errors import Unauthenticated

    if not token:
        raise Unauthenticated("send a bearer token from /api/v1/auth/token")
    return read_token(token, platform.settings.secret_key)


ActorDep = Annotated[Actor, Depends(_actor)]


def _uow(platform: PlatformDep) -> Iterator[UnitOfWork]:
    with platform.uow() as uow:
        yield uow


UowDep = Annotated[UnitOfWork, Depends(_uow)]


def _session(platform: PlatformDep) -> Iterator[Session]:
    with platform.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(_session)]
