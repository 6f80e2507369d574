"""The portal's navigation: one table of entries, each shown to the roles it serves.

New areas add one row here and one router in :mod:`clearway.web.pages`; the layout draws
whatever this table gives the signed-in user. Entries that depend on what the user's
enterprise is (a bonded-zone enterprise has account books) name a *feature* the viewer must
have, decided in :func:`clearway.web.auth.features_of`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from clearway.identity.model import OFFICER_ROLES, Role

_ALL = frozenset(Role)
_DECLARANTS = frozenset({Role.ENTERPRISE_USER, Role.BROKER_USER, Role.ADMINISTRATOR})
_RISK = frozenset({Role.RISK_OFFICER, Role.ADMINISTRATOR})
_INSPECTION = frozenset({Role.INSPECTION_OFFICER, Role.ADMINISTRATOR})
_BOOKS = frozenset({Role.ENTERPRISE_USER, Role.INSPECTION_OFFICER, Role.ADMINISTRATOR})
# Statistics: management and customs see the district, enterprises and brokers their own.
_STATISTICS = _ALL
_BOOKINGS = frozenset({Role.ENTERPRISE_USER, Role.BROKER_USER})
# Licences: the holder reads its own; the customs document desk records and reads all.
_LICENCES = frozenset({Role.ENTERPRISE_USER, Role.INSPECTION_OFFICER, Role.ADMINISTRATOR})
_CUSTOMS = frozenset(r for r in Role if r.is_customs)
# Post-clearance audits: the officer roles that work them (clearway.postclearance.policy).
_AUDITS = OFFICER_ROLES

# Feature a bonded-zone enterprise's users have; customs roles in _BOOKS always see books.
BONDED_BOOKS = "bonded_books"


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    href: str
    roles: frozenset[Role]
    feature: str | None = None


NAV: tuple[NavEntry, ...] = (
    NavEntry("home", "Home", "/", _ALL),
    NavEntry("declarations", "Declarations", "/declarations", _ALL),
    NavEntry("new-declaration", "New declaration", "/declarations/new", _DECLARANTS),
    NavEntry("queue", "Lane queue", "/risk/queue", _RISK),
    NavEntry("rules", "Risk rules", "/risk/rules", _RISK),
    NavEntry("risk-stats", "Lane and hit rates", "/risk/stats", _RISK),
    NavEntry("worklist", "Inspection worklist", "/worklist", _INSPECTION),
    NavEntry("schedule", "Inspection schedule", "/inspection/schedule", _INSPECTION),
    NavEntry("appointments", "Appointment requests", "/inspection/appointments", _INSPECTION),
    NavEntry("post-clearance", "Post-clearance audits", "/post-clearance", _AUDITS),
    NavEntry("bookings", "Inspections and appointments", "/inspection/mine", _BOOKINGS),
    NavEntry("books", "Account books", "/bonded/books", _BOOKS, BONDED_BOOKS),
    NavEntry("licences", "Licences", "/licences", _LICENCES),
    NavEntry("trade-statistics", "Trade statistics", "/statistics/trade", _STATISTICS),
    NavEntry("release-time", "Release times", "/statistics/release-time", _STATISTICS),
    NavEntry("simulation", "What-if simulator", "/simulation", _CUSTOMS),
    NavEntry("notifications", "Notifications", "/notifications", _ALL),
    NavEntry("users", "Users", "/users", frozenset({Role.ADMINISTRATOR})),
)


def entries_for(role: Role, features: Iterable[str]) -> list[NavEntry]:
    """The entries a user of this role, with these features, sees, in table order."""
    have = set(features)
    return [
        e
        for e in NAV
        if role in e.roles and (e.feature is None or e.feature in have or role.is_customs)
    ]


def allowed(key: str, role: Role) -> bool:
    """Whether the entry `key` serves this role (pages check it too, not only the menu)."""
    return any(e.key == key and role in e.roles for e in NAV)
