"""Users: administrators create, list, deactivate and reactivate them, and give officers
their customs office."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status
from pydantic import StringConstraints

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep, settled
from clearway.api.schemas import UserPublic
from clearway.identity import services
from clearway.identity.commands import OfficeInput
from clearway.identity.model import Role, User
from clearway.identity.queries import list_users
from clearway.shared.bounds import Id, Input, OfficeCode

router = APIRouter(prefix="/users", tags=["users"])


class UserInput(Input):
    username: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{3,100}$")]
    password: Annotated[str, StringConstraints(min_length=8, max_length=200)]
    full_name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    role: Role
    enterprise_id: Id | None = None
    office_code: OfficeCode | None = None


@router.post("", status_code=status.HTTP_201_CREATED, response_model=UserPublic)
def create(body: UserInput, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> User:
    """Create a user with one role; enterprise roles need an enterprise of that kind."""
    return services.create_user(
        uow,
        body.username,
        body.password,
        body.full_name,
        body.role,
        body.enterprise_id,
        actor,
        platform.clock,
        body.office_code,
    )


@router.get("", response_model=list[UserPublic])
def index(actor: ActorDep, session: SessionDep) -> list[User]:
    """Every user, by username (administrators only)."""
    return list_users(session, actor)


@router.post("/{username}/deactivate", response_model=UserPublic)
def deactivate(username: str, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> User:
    """Stop the user signing in; its API tokens and portal sessions stop working at once."""
    return settled(uow, services.deactivate(uow, username, actor, platform.clock))


@router.post("/{username}/reactivate", response_model=UserPublic)
def reactivate(username: str, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> User:
    """Let a deactivated user sign in again; tokens issued before stay worthless."""
    return settled(uow, services.reactivate(uow, username, actor, platform.clock))


@router.put("/{username}/office", response_model=UserPublic)
def assign_office(
    username: str, body: OfficeInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> User:
    """Give an office-bound officer (inspection, liaison) its customs office: from its next
    request it sees and acts on that office's declarations only."""
    return settled(
        uow, services.assign_office(uow, username, body.office_code, actor, platform.clock)
    )
