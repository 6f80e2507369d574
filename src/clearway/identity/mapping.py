"""Imperative mapping of users, so the domain imports no ORM.

Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import registry

from clearway.identity import tables as t
from clearway.identity.model import Role, User
from clearway.persistence.enums import coerce_enums_on_load


def map_identity(reg: registry) -> None:
    """Map users onto their table."""
    reg.map_imperatively(User, t.users)
    coerce_enums_on_load(_ENUM_ATTRS)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, Any]] = {
    User: {"role": Role},
}
