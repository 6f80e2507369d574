"""Classified management of imported iron ore: the category of a declaration. Pure.

Category A ("on-site screening only"): mainstream brand from a mainstream origin, a clean
supplier, a certified importer. Category B ("on-site plus sampling at a rate"): something is
less known — no or a non-mainstream brand, a supplier with a past nonconformity, a regular
importer. Category C ("full lab including harmful elements"): a non-mainstream origin, a supplier
with repeated nonconformities, a dishonest importer. The strictest reason wins, and every reason
is kept so officers and auditors can read why. Whether a category B declaration is sampled is a
reproducible draw on its number (the risk engine's :func:`~clearway.risk.selectivity.uniform`),
so classifying again never changes the answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from clearway.enterprises.model import CreditLevel
from clearway.risk.selectivity import uniform

ORE_HEADING = "2601"
HARMFUL_ELEMENTS = "Pb, As, F, Cd, Hg, Cl"


class OreCategory(StrEnum):
    A = "A"  # on-site screening only
    B = "B"  # on-site screening plus sampling at a rate
    C = "C"  # on-site screening plus full lab analysis including harmful elements

    @property
    def rank(self) -> int:
        return "ABC".index(self.value)


@dataclass(frozen=True)
class OreLine:
    """What classification needs of one 2601 item."""

    line_no: int
    tariff_code: str
    origin_country: str
    brand: str


@dataclass(frozen=True)
class ClassificationFacts:
    number: str
    lines: tuple[OreLine, ...]
    supplier: str
    supplier_nonconformities: int
    credit_level: CreditLevel


@dataclass(frozen=True)
class ClassificationTerms:
    """The district's settings: what is mainstream, how often B is sampled, when history bites."""

    mainstream_origins: frozenset[str]
    mainstream_brands: frozenset[str]  # case-folded
    sampling_rate: float
    supplier_threshold: int  # nonconforming lab results of a supplier that make it category C
    salt: str


@dataclass(frozen=True)
class Classification:
    category: OreCategory
    reasons: tuple[str, ...]
    sampling_required: bool
    instructions: tuple[str, ...]


def is_ore(tariff_code: str) -> bool:
    return tariff_code.startswith(ORE_HEADING)


def classify(facts: ClassificationFacts, terms: ClassificationTerms) -> Classification:
    """The category of an ore declaration, the reasons for it and what the inspector must do."""
    found: list[tuple[OreCategory, str]] = []
    for line in facts.lines:
        found.append(_line(line, terms))
    n = facts.supplier_nonconformities
    who = facts.supplier or "an unnamed supplier"
    if n >= terms.supplier_threshold:
        found.append((OreCategory.C, f"supplier {who} has {n} nonconforming lab results"))
    elif n > 0:
        found.append((OreCategory.B, f"supplier {who} has {n} nonconforming lab result(s)"))
    level = facts.credit_level
    if level.is_dishonest:
        found.append((OreCategory.C, f"importer's credit level is {level.value}"))
    elif level is CreditLevel.REGULAR:
        found.append((OreCategory.B, "importer's credit level is regular"))
    category = max((c for c, _ in found), key=lambda c: c.rank, default=OreCategory.A)
    # Reasons for the category first, then what merely did not raise it.
    reasons = [text for c, text in found if c is category] + [
        text for c, text in found if c is not category
    ]
    sampled = category is OreCategory.C or (
        category is OreCategory.B
        and uniform(terms.salt, facts.number, "ore-sampling") < terms.sampling_rate
    )
    return Classification(
        category, tuple(reasons), sampled, instructions(category, sampled, terms.sampling_rate)
    )


def _line(line: OreLine, terms: ClassificationTerms) -> tuple[OreCategory, str]:
    where = f"item {line.line_no}"
    if line.origin_country not in terms.mainstream_origins:
        return OreCategory.C, f"{where}: origin {line.origin_country} is not a mainstream origin"
    if not line.brand.strip():
        return OreCategory.B, f"{where}: no brand declared (blended or unbranded cargo)"
    if line.brand.strip().casefold() not in terms.mainstream_brands:
        return OreCategory.B, f"{where}: brand {line.brand} is not a mainstream brand"
    return OreCategory.A, f"{where}: mainstream brand {line.brand} from {line.origin_country}"


def instructions(category: OreCategory, sampled: bool, rate: float) -> tuple[str, ...]:
    """What the inspector must do on site for a category (the risk engine shows these)."""
    screen = (
        "on-site screening: radiation (portal monitor, nuclide analysis if it alarms), "
        "foreign inclusions, solid waste; weigh the goods"
    )
    if category is OreCategory.A:
        return (f"ore category A: {screen}; no sampling",)
    if category is OreCategory.B:
        drawn = "drawn: take samples for the lab" if sampled else "not drawn: no sampling"
        return (f"ore category B: {screen}; sampling at {rate:.0%} — {drawn}",)
    return (
        f"ore category C: {screen}; take samples for full lab analysis including harmful "
        f"elements ({HARMFUL_ELEMENTS}) and radioactivity",
    )


class OreItem(Protocol):
    """The item attributes classification reads (a declaration item has them)."""

    line_no: int
    tariff_code: str
    origin_country: str
    ore_brand: str | None


def ore_lines(items: Iterable[OreItem]) -> tuple[OreLine, ...]:
    """The 2601 items of a declaration."""
    return tuple(
        OreLine(i.line_no, i.tariff_code, i.origin_country, i.ore_brand or "")
        for i in items
        if is_ore(i.tariff_code)
    )
