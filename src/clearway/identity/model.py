"""Users and roles. A user belongs either to an enterprise or to customs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    ENTERPRISE_USER = "enterprise_user"
    BROKER_USER = "broker_user"
    RISK_OFFICER = "risk_officer"
    INSPECTION_OFFICER = "inspection_officer"
    LIAISON_OFFICER = "liaison_officer"
    ADMINISTRATOR = "administrator"

    @property
    def is_customs(self) -> bool:
        return self not in (Role.ENTERPRISE_USER, Role.BROKER_USER)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


CUSTOMS_ROLES = frozenset(r for r in Role if r.is_customs)
OFFICER_ROLES = frozenset({Role.RISK_OFFICER, Role.INSPECTION_OFFICER, Role.ADMINISTRATOR})


class User:
    """A person who signs in; enterprise and broker users carry their enterprise."""

    id: int
    username: str
    password_hash: str
    full_name: str
    role: Role
    enterprise_id: int | None
    office_code: str | None
    active: bool
    created_at: datetime
    token_version: int
    session_version: int

    def __init__(
        self,
        username: str,
        password_hash: str,
        full_name: str,
        role: Role,
        enterprise_id: int | None,
        created_at: datetime,
    ) -> None:
        self.username = username
        self.password_hash = password_hash
        self.full_name = full_name
        self.role = role
        self.enterprise_id = enterprise_id
        self.office_code = None
        self.active = True
        self.created_at = created_at
        self.token_version = 0
        self.session_version = 0

    def deactivate(self) -> None:
        """Stop the user signing in; every token and session issued so far stops working."""
        self.active = False
        self.token_version += 1
        self.session_version += 1

    def reactivate(self) -> None:
        """Let the user sign in again; what was issued before deactivation stays worthless."""
        self.active = True

    def end_sessions(self) -> None:
        """Portal sign-out: every session cookie of the user, copied or not, stops working."""
        self.session_version += 1

    def move_to_office(self, office_code: str | None) -> None:
        """The customs office the user works at from now on (None: none assigned)."""
        self.office_code = office_code

    def still_holds(self, actor: Actor, token_version: int) -> bool:
        """Whether a token issued as ``actor`` at ``token_version`` still speaks for this user:
        active, the same role and enterprise, and issued since the last deactivation."""
        return (
            self.active
            and self.token_version == token_version
            and self.role == actor.role
            and self.enterprise_id == actor.enterprise_id
        )


@dataclass(frozen=True)
class Actor:
    """Who is acting: every service call carries one, and tenancy is decided from it.

    ``office_code`` is the customs office an office-bound officer's work is limited to;
    None for traders, brokers and district-wide roles. ``awaiting_office`` marks an
    office-bound officer no administrator has given an office yet: it sees no office-bound
    work at all, rather than the whole district's (docs/rules/offices.md)."""

    user_id: int | None
    username: str
    role: Role
    enterprise_id: int | None = None
    office_code: str | None = None
    awaiting_office: bool = False

    @property
    def is_customs(self) -> bool:
        return self.role.is_customs

    @classmethod
    def system(cls, username: str = "system") -> Actor:
        """The platform itself (scheduled jobs, demo loader, automatic screening)."""
        return cls(user_id=None, username=username, role=Role.ADMINISTRATOR)
