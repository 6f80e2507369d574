"""User use cases: create users and sign them in."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.enterprises.model import Enterprise, EnterpriseRole
from clearway.identity.model import Actor, Role, User
from clearway.identity.passwords import hash_password, verify_password
from clearway.identity.tables import users
from clearway.persistence.db import UnitOfWork
from clearway.shared.clock import Clock
from clearway.shared.errors import Conflict, PermissionDenied, RuleViolation, Unauthenticated


def create_user(
    uow: UnitOfWork,
    username: str,
    password: str,
    full_name: str,
    role: Role,
    enterprise_id: int | None,
    actor: Actor,
    clock: Clock,
) -> User:
    """Create a user; enterprise and broker users must belong to an enterprise of that kind."""
    if actor.role is not Role.ADMINISTRATOR:
        raise PermissionDenied("only administrators create users")
    if len(password) < 8:
        raise RuleViolation.single("password", "min_length", "must be at least 8 characters")
    if role.is_customs and enterprise_id is not None:
        raise RuleViolation.single(
            "enterprise_id", "customs_user", "customs users do not belong to an enterprise"
        )
    if not role.is_customs:
        needed = EnterpriseRole.BROKER if role is Role.BROKER_USER else EnterpriseRole.TRADER
        enterprise = uow.session.get(Enterprise, enterprise_id) if enterprise_id else None
        if enterprise is None:
            raise RuleViolation.single(
                "enterprise_id", "required", f"a {role.label} must belong to an existing enterprise"
            )
        if not enterprise.has_role(needed):
            raise RuleViolation.single(
                "enterprise_id",
                "enterprise_role",
                f"enterprise {enterprise_id} is not a {needed.value}",
            )
    if uow.session.execute(select(users.c.id).where(users.c.username == username)).first():
        raise Conflict(f"user {username} already exists")
    now = clock.now()
    user = User(
        username=username,
        password_hash=hash_password(password),
        full_name=full_name,
        role=role,
        enterprise_id=enterprise_id,
        created_at=now,
    )
    uow.session.add(user)
    uow.flush()
    record(
        uow.session,
        actor,
        now,
        "user.created",
        "user",
        user.id,
        {"username": username, "role": role.value, "enterprise_id": enterprise_id},
    )
    uow.commit()
    return user


def authenticate(session: Session, username: str, password: str) -> Actor:
    """The actor for valid credentials; wrong user and wrong password read the same."""
    user = session.scalars(select(User).where(users.c.username == username)).first()
    if user is None or not user.active or not verify_password(user.password_hash, password):
        raise Unauthenticated("wrong username or password")
    return actor_of(user)


def actor_of(user: User) -> Actor:
    return Actor(
        user_id=user.id, username=user.username, role=user.role, enterprise_id=user.enterprise_id
    )
