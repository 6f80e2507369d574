"""User use cases: create, deactivate and reactivate users; sign them in and out; check that
a token's user still holds it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.enterprises.model import Enterprise, EnterpriseRole
from clearway.identity.model import Actor, Role, User
from clearway.identity.offices import awaits_office, is_office_bound, office_scope
from clearway.identity.passwords import hash_password, verify_nobody, verify_password
from clearway.identity.tables import sign_in_failures, users
from clearway.identity.throttle import SignInLimits, wait_seconds
from clearway.persistence.db import UnitOfWork
from clearway.reference.model import CustomsOffice
from clearway.shared.clock import Clock
from clearway.shared.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    RuleViolation,
    TooManyAttempts,
    Unauthenticated,
)

WRONG_CREDENTIALS = "wrong username or password"


def create_user(
    uow: UnitOfWork,
    username: str,
    password: str,
    full_name: str,
    role: Role,
    enterprise_id: int | None,
    actor: Actor,
    clock: Clock,
    office_code: str | None = None,
) -> User:
    """Create a user; enterprise and broker users must belong to an enterprise of that kind,
    and an officer of an office-bound role may be given its customs office at once."""
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
    if office_code is not None:
        _ensure_office_for(uow.session, role, office_code)
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
    user.move_to_office(office_code)
    uow.session.add(user)
    uow.flush()
    record(
        uow.session,
        actor,
        now,
        "user.created",
        "user",
        user.id,
        {
            "username": username,
            "role": role.value,
            "enterprise_id": enterprise_id,
            "office_code": office_code,
        },
    )
    uow.commit()
    return user


def authenticate(session: Session, username: str, password: str) -> Actor:
    """The actor for valid credentials (unthrottled: see :func:`sign_in`)."""
    return actor_of(user_with(session, username, password))


def user_with(session: Session, username: str, password: str) -> User:
    """The user for valid credentials; wrong user and wrong password read the same, and take
    the same time (an unknown user's password is checked against a dummy hash)."""
    user = session.scalars(select(User).where(users.c.username == username)).first()
    if user is None:
        verify_nobody(password)
        raise Unauthenticated(WRONG_CREDENTIALS)
    if not verify_password(user.password_hash, password) or not user.active:
        raise Unauthenticated(WRONG_CREDENTIALS)
    return user


def sign_in(
    uow: UnitOfWork,
    username: str,
    password: str,
    address: str,
    limits: SignInLimits,
    now: datetime,
) -> User:
    """Check credentials unless the username or the address failed too often lately.

    A failure is committed before the refusal is raised, so it counts whatever the caller
    does next; a throttled try is refused without looking at the password at all.
    """
    address = address[:64]
    wait = max(
        _wait(
            uow.session, sign_in_failures.c.username == username, limits.per_username, limits, now
        ),
        _wait(uow.session, sign_in_failures.c.address == address, limits.per_address, limits, now),
    )
    if wait:
        raise TooManyAttempts(
            f"too many failed sign-ins; try again in {wait} seconds", retry_after=wait
        )
    try:
        user = user_with(uow.session, username, password)
    except Unauthenticated:
        uow.session.execute(
            insert(sign_in_failures).values(username=username[:100], address=address, at=now)
        )
        uow.commit()
        raise
    # A good sign-in forgives the username's earlier failures (not the address's).
    uow.session.execute(delete(sign_in_failures).where(sign_in_failures.c.username == username))
    uow.commit()
    return user


def _wait(session: Session, which: object, limit: int, limits: SignInLimits, now: datetime) -> int:
    f = sign_in_failures.c
    stmt = (
        select(f.at)
        .where(which, f.at > now - limits.window)  # type: ignore[arg-type]
        .order_by(f.at.desc())
        .limit(limit)
    )
    return wait_seconds(list(session.scalars(stmt)), limit, limits.window, now)


def holder_of(
    session: Session, actor: Actor, token_version: int, unassigned_district_wide: bool = False
) -> Actor:
    """The actor a token names, if its user still exists, is active, has the token's role and
    enterprise and was not deactivated since the token was issued (one lookup)."""
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None or not user.still_holds(actor, token_version):
        raise Unauthenticated("access token no longer valid for this user; sign in again")
    return actor_of(user, unassigned_district_wide)


def sign_out(uow: UnitOfWork, user_id: int) -> None:
    """End every portal session of the user: a copied session cookie stops working too."""
    user = uow.session.get(User, user_id)
    if user is not None:
        user.end_sessions()
        uow.commit()


def deactivate(uow: UnitOfWork, username: str, actor: Actor, clock: Clock) -> User:
    """Stop a user signing in and end its tokens and sessions at once (audited)."""
    user = _administered(uow, username, actor)
    if user.id == actor.user_id:
        raise RuleViolation.single(
            "username", "not_self", "administrators cannot deactivate themselves"
        )
    if not user.active:
        raise Conflict(f"user {username} is already deactivated", reason="inactive")
    user.deactivate()
    record(
        uow.session, actor, clock.now(), "user.deactivated", "user", user.id, {"username": username}
    )
    uow.commit()
    return user


def reactivate(uow: UnitOfWork, username: str, actor: Actor, clock: Clock) -> User:
    """Let a deactivated user sign in again (audited); old tokens stay worthless."""
    user = _administered(uow, username, actor)
    if user.active:
        raise Conflict(f"user {username} is already active", reason="active")
    user.reactivate()
    record(
        uow.session, actor, clock.now(), "user.reactivated", "user", user.id, {"username": username}
    )
    uow.commit()
    return user


def assign_office(
    uow: UnitOfWork, username: str, office_code: str | None, actor: Actor, clock: Clock
) -> User:
    """Set (or, with None, withdraw) the customs office an office-bound officer works at;
    from its next request the officer sees and acts on that office's declarations only."""
    user = _administered(uow, username, actor, "assign offices to")
    if office_code is not None:
        _ensure_office_for(uow.session, user.role, office_code)
    elif not is_office_bound(user.role):
        raise _not_office_bound(user.role)
    previous = user.office_code
    user.move_to_office(office_code)
    record(
        uow.session,
        actor,
        clock.now(),
        "user.office_assigned",
        "user",
        user.id,
        {"username": username, "office_code": office_code, "previous": previous},
    )
    uow.commit()
    return user


def _ensure_office_for(session: Session, role: Role, office_code: str) -> None:
    """Refuse an office for a role that works district-wide, or an office that is not there."""
    if not is_office_bound(role):
        raise _not_office_bound(role)
    if session.get(CustomsOffice, office_code) is None:
        raise RuleViolation.single(
            "office_code", "exists", f"there is no customs office {office_code}"
        )


def _not_office_bound(role: Role) -> RuleViolation:
    why = "works across the district" if role.is_customs else "is not a customs officer"
    return RuleViolation.single(
        "office_code", "office_bound", f"a {role.label} {why} and has no office"
    )


def _administered(
    uow: UnitOfWork, username: str, actor: Actor, what: str = "deactivate or reactivate"
) -> User:
    if actor.role is not Role.ADMINISTRATOR:
        raise PermissionDenied(f"only administrators {what} users")
    user = uow.session.scalars(select(User).where(users.c.username == username)).first()
    if user is None:
        raise NotFound("user", username)
    return user


def actor_of(user: User, unassigned_district_wide: bool = False) -> Actor:
    """The actor a user acts as. An office-bound officer with no office awaits one and sees
    no office's work, unless the district keeps unassigned officers district-wide
    (``Settings.unassigned_officers_district_wide``, which every edge passes)."""
    return Actor(
        user_id=user.id,
        username=user.username,
        role=user.role,
        enterprise_id=user.enterprise_id,
        office_code=office_scope(user.role, user.office_code),
        awaiting_office=awaits_office(user.role, user.office_code) and not unassigned_district_wide,
    )
