"""The one mapper registry the domains map their classes on, imperatively, so that no domain
class imports the ORM. Each domain's ``mapping.py`` maps its own classes;
:func:`clearway.bootstrap.start_mappers` calls them all, once per process.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import registry, relationship

mapper_registry = registry()


def children(cls: type, order_by: Any, backref: str | None = None) -> Any:
    """A one-to-many collection the parent owns: loaded with it, saved and deleted with it;
    with ``backref``, a child appended in memory knows its parent under that name."""
    return relationship(
        cls, order_by=order_by, lazy="selectin", cascade="all, delete-orphan", backref=backref
    )
