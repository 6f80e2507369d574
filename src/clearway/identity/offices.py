"""Which customs roles work across the whole district and which at one office.

Officers of office-bound roles (inspection, liaison) act on, and see the work queues of, the
declarations of their own customs office only; the district-wide roles are named in the
table ``data/district_wide_roles.csv`` (see docs/rules/offices.md), never in code.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from clearway.identity.model import Role
from clearway.reference.loading import Row, parse_rows


@cache
def district_wide_roles() -> frozenset[Role]:
    """The customs roles the shipped table names as district-wide (read once per process)."""
    text = (resources.files("clearway.identity") / "data" / "district_wide_roles.csv").read_text(
        "utf-8"
    )
    return frozenset(parse_rows(text, ("role",), _role))


def _role(row: Row) -> Role | None:
    name = row.text("role")
    if name not in set(Role):
        row.fail("role", "role", f"'{name}' is not a role")
        return None
    return Role(name)


def is_office_bound(role: Role) -> bool:
    """Whether a user of this role works at one office rather than across the district."""
    return role.is_customs and role not in district_wide_roles()


def office_scope(role: Role, office_code: str | None) -> str | None:
    """The office a user's work is limited to: its office for an office-bound role, else
    None (the whole district; an officer awaiting an office is shut out apart, below)."""
    return office_code if is_office_bound(role) else None


def awaits_office(role: Role, office_code: str | None) -> bool:
    """Whether an office-bound officer has no office yet. It then sees no office-bound work:
    the safe side, since no office means no office whose work it may do."""
    return office_code is None and is_office_bound(role)


AWAITING_OFFICE = (
    "no customs office is assigned to you yet: the declarations, work queues, appointments, "
    "filings and trains of an office stay hidden until an administrator assigns your office "
    "(PUT /api/v1/users/{username}/office, or the Users page)"
)


def office_notice(awaiting: bool, username: str) -> str | None:
    """What the API's /me and every portal page tell an officer awaiting an office."""
    return AWAITING_OFFICE.replace("{username}", username) if awaiting else None
