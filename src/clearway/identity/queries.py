"""The read side of users: the list administrators manage accounts from."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select
from sqlalchemy.orm import Session

from clearway.identity.model import Actor, Role, User
from clearway.identity.tables import users
from clearway.shared.errors import PermissionDenied


def list_users(session: Session, actor: Actor) -> list[User]:
    """Every user by username; only administrators may see the list."""
    if actor.role is not Role.ADMINISTRATOR:
        raise PermissionDenied("only administrators list users")
    return list(session.scalars(select(User).order_by(users.c.username)))


def office_clause(actor: Actor, office: ColumnElement[str]) -> ColumnElement[bool] | None:
    """A customs actor's office limit as a WHERE clause over a row's office column: its
    office's rows for an office-bound officer, none at all while it awaits an office, and
    None (no limit) for district-wide roles. Every office-bound read side uses this one."""
    if actor.awaiting_office:
        return false()
    return None if actor.office_code is None else office == actor.office_code
