"""The read side of users: the list administrators manage accounts from."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.identity.model import Actor, Role, User
from clearway.identity.tables import users
from clearway.shared.errors import PermissionDenied


def list_users(session: Session, actor: Actor) -> list[User]:
    """Every user by username; only administrators may see the list."""
    if actor.role is not Role.ADMINISTRATOR:
        raise PermissionDenied("only administrators list users")
    return list(session.scalars(select(User).order_by(users.c.username)))
