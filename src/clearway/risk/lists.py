"""Named lists that rules refer to by name: enterprises, countries, tariff lines, bands, ….

Officers keep lists apart from rules so that one change (a new non-mainstream origin, a
dishonest broker) reaches every rule that names the list. Entries are checked by kind here,
purely, and each broken entry is reported with its position (``values.3``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clearway.risk.catalogue import ListKind
from clearway.shared.errors import Collector

_TARIFF_PREFIX = re.compile(r"^\d{2,10}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_UN = re.compile(r"^UN\d{4}$")
_BASES = {"kg": 1.0, "tonne": 1000.0}


@dataclass(frozen=True)
class ValueBand:
    """One line of the value control file: the plausible unit value for a line and origin."""

    tariff_prefix: str
    origin: str  # ISO alpha-2, or "*" for any origin
    low: float | None
    high: float | None
    per: str  # "kg" or "tonne"

    def specificity(self) -> tuple[int, int]:
        return (len(self.tariff_prefix), 0 if self.origin == "*" else 1)

    def applies(self, tariff_code: str, origin: str) -> bool:
        return tariff_code.startswith(self.tariff_prefix) and self.origin in ("*", origin)

    def describe(self) -> str:
        low = "-" if self.low is None else f"{self.low:g}"
        high = "-" if self.high is None else f"{self.high:g}"
        return f"{low}–{high} CNY/{self.per} for {self.tariff_prefix} from {self.origin}"

    def outside(self, unit_value_per_kg: float) -> bool:
        value = unit_value_per_kg * _BASES[self.per]
        return (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "tariff_prefix": self.tariff_prefix,
            "origin": self.origin,
            "min": self.low,
            "max": self.high,
            "per": self.per,
        }


@dataclass(frozen=True)
class NamedList:
    """A versioned list of values a rule can name; entries are already normalised."""

    name: str
    kind: ListKind
    entries: tuple[Any, ...]
    version: int = 1
    description: str = ""

    def texts(self) -> frozenset[str]:
        return frozenset(str(e) for e in self.entries)

    def bands(self) -> tuple[ValueBand, ...]:
        return tuple(e for e in self.entries if isinstance(e, ValueBand))

    def raw_entries(self) -> list[Any]:
        return [e.as_dict() if isinstance(e, ValueBand) else e for e in self.entries]


ListIndex = Mapping[str, NamedList]


def parse_entries(
    kind: ListKind, raw: Sequence[Any], path: str = "values"
) -> tuple[tuple[Any, ...], Collector]:
    """Normalise the entries of a list of a kind; errors are collected, not raised."""
    errors = Collector()
    out: list[Any] = []
    for i, value in enumerate(raw):
        here = f"{path}.{i}"
        if kind is ListKind.VALUE_BANDS:
            band = _band(value, here, errors)
            if band is not None:
                out.append(band)
            continue
        if not isinstance(value, str) or not value.strip():
            errors.add(here, "type", "must be a non-empty text")
            continue
        text = value.strip()
        if kind is ListKind.COUNTRIES:
            text = text.upper()
            if not _COUNTRY.match(text):
                errors.add(here, "country", f"{value!r} is not an ISO alpha-2 country code")
                continue
        elif kind is ListKind.TARIFF_LINES and not _TARIFF_PREFIX.match(text):
            errors.add(
                here, "tariff_prefix", f"{value!r} is not a tariff code prefix (2-10 digits)"
            )
            continue
        elif kind is ListKind.UN_NUMBERS:
            text = text.upper()
            if not _UN.match(text):
                errors.add(here, "un_number", f"{value!r} is not a UN number like UN3480")
                continue
        elif kind in (ListKind.BRANDS, ListKind.PARTIES):
            text = text.casefold()
        out.append(text)
    if not raw:
        errors.add(path, "min_items", "a list needs at least one value")
    return tuple(out), errors


def _band(value: Any, path: str, errors: Collector) -> ValueBand | None:
    if not isinstance(value, dict):
        errors.add(path, "type", "a value band is an object with tariff_prefix, origin, min, max")
        return None
    before = len(errors.errors)
    known = {"tariff_prefix", "origin", "min", "max", "per"}
    for key in sorted(set(value) - known):
        errors.add(f"{path}.{key}", "unknown_key", "is not a known value band key")
    prefix = value.get("tariff_prefix")
    if not isinstance(prefix, str) or not _TARIFF_PREFIX.match(prefix):
        errors.add(f"{path}.tariff_prefix", "tariff_prefix", "give a tariff code prefix")
    origin = value.get("origin", "*")
    if not isinstance(origin, str) or not (origin == "*" or _COUNTRY.match(origin.upper())):
        errors.add(f"{path}.origin", "country", "give an ISO alpha-2 country or *")
    bounds: list[float | None] = []
    for key in ("min", "max"):
        bound = value.get(key)
        if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int | float)):
            errors.add(f"{path}.{key}", "type", "must be a number")
            bound = None
        bounds.append(None if bound is None else float(bound))
    low, high = bounds
    if low is None and high is None:
        errors.add(path, "band", "give min, max or both")
    elif low is not None and high is not None and low > high:
        errors.add(f"{path}.min", "band", "min is above max")
    per = value.get("per", "kg")
    if per not in _BASES:
        errors.add(f"{path}.per", "choice", "per is kg or tonne")
    if len(errors.errors) > before:
        return None
    return ValueBand(str(prefix), str(origin).upper(), low, high, str(per))
