"""Facilitation measures a declaration uses, as a set (docs/rules/stacked_measures.md).

A Horgos ore import may be a two-step summary, released first on its on-site result and lifted
straight from the train, all at once: measures stack. The set is stored as one canonical key,
``,direct_pickup,first_release,two_step,`` (sorted, comma-delimited, with a comma at each end),
so "uses measure m" is ``LIKE '%,m,%'`` on one column, with no join and no extra statement.
A declaration using none is ``standard`` (key ``,standard,``), which statistics count as such.
"""

from __future__ import annotations

from collections.abc import Iterable

from clearway.declarations.model import FacilitationMode

Measures = frozenset[FacilitationMode]
NONE: Measures = frozenset()
SEPARATOR = ","


def measures_of(modes: Iterable[FacilitationMode]) -> Measures:
    """The set of measures, ``standard`` dropped (it is the absence of any)."""
    return frozenset(m for m in modes if m is not FacilitationMode.STANDARD)


def key_of(measures: Iterable[FacilitationMode]) -> str:
    """The canonical stored key of a set of measures."""
    names = sorted(m.value for m in measures_of(measures)) or [FacilitationMode.STANDARD.value]
    return SEPARATOR + SEPARATOR.join(names) + SEPARATOR


def parse_key(key: str) -> Measures:
    """The set a stored key holds (also a bare legacy mode such as ``two_step``)."""
    return measures_of(FacilitationMode(part) for part in key.split(SEPARATOR) if part)


def pattern(measure: FacilitationMode) -> str:
    """The LIKE pattern of the keys holding the measure."""
    return f"%{SEPARATOR}{measure.value}{SEPARATOR}%"


def sorted_measures(measures: Iterable[FacilitationMode]) -> list[FacilitationMode]:
    """The measures in the key's order, for display and the API."""
    return sorted(measures_of(measures), key=lambda m: m.value)


def mode_of(measures: Iterable[FacilitationMode]) -> str:
    """The single facilitation mode earlier clients read: ``standard`` for none, the measure
    itself for one, the measures joined by ``+`` when they stack."""
    names = [m.value for m in sorted_measures(measures)]
    return "+".join(names) or FacilitationMode.STANDARD.value


def listing_errors(
    listed: list[FacilitationMode], legacy: FacilitationMode | None
) -> list[tuple[str, str, str]]:
    """(path, rule, message) for a list of measures that does not make a set: a measure twice,
    ``standard`` beside real measures, or the earlier single mode contradicting the list."""
    found: list[tuple[str, str, str]] = []
    seen: set[FacilitationMode] = set()
    for index, measure in enumerate(listed):
        path = f"facilitation_measures.{index}"
        if measure in seen:
            found.append((path, "measures.duplicate", f"{measure.value} is listed twice"))
        elif measure is FacilitationMode.STANDARD and len(listed) > 1:
            found.append(
                (path, "measures.standard_alone", "standard means no measure: list it alone")
            )
        seen.add(measure)
    if legacy not in (None, FacilitationMode.STANDARD) and listed and legacy not in seen:
        found.append(
            (
                "facilitation_mode",
                "measures.mode_conflict",
                f"facilitation_mode {legacy.value} is not among facilitation_measures; "
                "send facilitation_measures alone",
            )
        )
    return found


def indexed(
    listed: list[FacilitationMode], legacy: FacilitationMode | None
) -> list[tuple[str, FacilitationMode]]:
    """Each measure asked for with the field path that names it in the request."""
    if listed:
        return [
            (f"facilitation_measures.{i}", m)
            for i, m in enumerate(listed)
            if m is not FacilitationMode.STANDARD
        ]
    if legacy not in (None, FacilitationMode.STANDARD):
        return [("facilitation_mode", legacy)]
    return []
