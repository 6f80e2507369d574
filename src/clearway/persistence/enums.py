"""Enum-typed attributes are stored as strings and come back as the domain's enums on load.

Every imperative mapping module declares which attributes of which classes are enums and
hands them here, so the domain classes see ``Status.RELEASED``, never ``"released"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from sqlalchemy import event


def coerce_enums_on_load(enum_attrs: Mapping[type, Mapping[str, type[Enum]]]) -> None:
    """Turn the named string columns of each class into its enums when loaded or refreshed."""
    for cls, attrs in enum_attrs.items():

        def coerce(target: Any, *_: Any, attrs: Mapping[str, type[Enum]] = attrs) -> None:
            for name, enum_cls in attrs.items():
                value = target.__dict__.get(name)
                if value is not None and not isinstance(value, enum_cls):
                    target.__dict__[name] = enum_cls(value)

        event.listen(cls, "load", coerce)
        event.listen(cls, "refresh", coerce)
