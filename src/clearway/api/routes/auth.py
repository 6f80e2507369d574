"""Sign-in: OAuth2 password flow giving a short-lived bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep, client_address
from clearway.api.schemas import UserPublic
from clearway.identity.model import User
from clearway.identity.offices import awaits_office, office_notice
from clearway.identity.services import actor_of, sign_in
from clearway.identity.throttle import SignInLimits
from clearway.identity.tokens import issue_token
from clearway.shared.clock import SystemClock
from clearway.shared.errors import NotFound

router = APIRouter(prefix="/auth", tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    role: str


@router.post("/token", response_model=Token)
def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    uow: UowDep,
    platform: PlatformDep,
) -> Token:
    """Exchange a username and password for a bearer token; too many failed tries for the
    username or from the client's address answer 429 with ``Retry-After``.

    Token lifetimes and the throttle's window run on the wall clock, never on the business
    clock: the signature library checks expiry against real time.
    """
    settings = platform.settings
    now = SystemClock().now()
    user = sign_in(
        uow,
        form.username,
        form.password,
        client_address(request),
        SignInLimits.from_settings(settings),
        now,
    )
    minutes = settings.token_minutes
    actor = actor_of(user)
    return Token(
        access_token=issue_token(actor, settings.secret_key, minutes, now, user.token_version),
        expires_in=minutes * 60,
        role=actor.role.value,
    )


@router.get("/me", response_model=UserPublic)
def me(actor: ActorDep, session: SessionDep) -> UserPublic:
    """The signed-in user, with a notice when an office-bound officer awaits its office."""
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound("user", actor.username)
    notice = office_notice(awaits_office(user.role, user.office_code), user.username)
    return UserPublic.model_validate(user).model_copy(update={"office_notice": notice})
