"""The parsed form of risk-rule criteria: combinators and field tests, evaluated purely.

:mod:`clearway.risk.criteria` turns stored JSON into these nodes; each node says whether a set
of facts (one item with its declaration, enterprise and history facts) satisfies it, and gives
a readable sentence per test that held, which ends up in the lane reasons officers read.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from clearway.risk.catalogue import FieldSpec, ListKind
from clearway.risk.lists import NamedList

Facts = Mapping[str, Any]

_COMPARE: dict[str, tuple[str, Callable[[float, float], bool]]] = {
    "gt": (">", lambda a, b: a > b),
    "gte": ("≥", lambda a, b: a >= b),
    "lt": ("<", lambda a, b: a < b),
    "lte": ("≤", lambda a, b: a <= b),
}


class Criterion(ABC):
    """A parsed condition: says whether a set of facts satisfies it, and why."""

    @abstractmethod
    def match(self, facts: Facts) -> list[str] | None:
        """Readable reasons when the facts satisfy the condition, None when they do not."""

    @abstractmethod
    def describe(self) -> str: ...

    @abstractmethod
    def fields(self) -> frozenset[str]: ...


@dataclass(frozen=True)
class All(Criterion):
    parts: tuple[Criterion, ...]

    def match(self, facts: Facts) -> list[str] | None:
        reasons: list[str] = []
        for part in self.parts:
            found = part.match(facts)
            if found is None:
                return None
            reasons += found
        return reasons

    def describe(self) -> str:
        return "(" + " and ".join(p.describe() for p in self.parts) + ")"

    def fields(self) -> frozenset[str]:
        return frozenset().union(*(p.fields() for p in self.parts))


@dataclass(frozen=True)
class Any_(Criterion):
    parts: tuple[Criterion, ...]

    def match(self, facts: Facts) -> list[str] | None:
        for part in self.parts:
            found = part.match(facts)
            if found is not None:
                return found
        return None

    def describe(self) -> str:
        return "(" + " or ".join(p.describe() for p in self.parts) + ")"

    def fields(self) -> frozenset[str]:
        return frozenset().union(*(p.fields() for p in self.parts))


@dataclass(frozen=True)
class Not(Criterion):
    part: Criterion

    def match(self, facts: Facts) -> list[str] | None:
        return [self.describe()] if self.part.match(facts) is None else None

    def describe(self) -> str:
        return f"not ({self.part.describe()})"

    def fields(self) -> frozenset[str]:
        return self.part.fields()


@dataclass(frozen=True)
class Test(Criterion):
    """One field compared with a value, a range or a named list."""

    spec: FieldSpec
    op: str
    value: Any = None
    low: float | None = None
    high: float | None = None
    named: NamedList | None = None

    def fields(self) -> frozenset[str]:
        return frozenset({self.spec.name})

    def describe(self) -> str:
        if self.named is not None:
            return f"{self.spec.label} {_WORDS[self.op]} {self.named.name}"
        if self.op == "between":
            return f"{self.spec.label} within {_show(self.low)}..{_show(self.high)}"
        value = ", ".join(map(str, self.value)) if isinstance(self.value, tuple) else self.value
        return f"{self.spec.label} {_WORDS[self.op]} {_show(value)}"

    def match(self, facts: Facts) -> list[str] | None:
        actual = facts.get(self.spec.name)
        if actual is None:
            return None
        text = self._test(actual, facts)
        return None if text is None else [f"{self.spec.label} {text}"]

    def _test(self, actual: Any, facts: Facts) -> str | None:
        op, value = self.op, self.value
        if op == "eq":
            return f"is {_show(value)}" if actual == value else None
        if op == "ne":
            return f"{_show(actual)} is not {_show(value)}" if actual != value else None
        if op == "in":
            return (
                f"{_show(actual)} is one of {', '.join(map(str, value))}"
                if actual in value
                else None
            )
        if op in _COMPARE:
            sign, compare = _COMPARE[op]
            return f"{_show(actual)} {sign} {_show(value)}" if compare(actual, value) else None
        if op == "between":
            inside = (self.low is None or actual >= self.low) and (
                self.high is None or actual <= self.high
            )
            span = f"{_show(self.low)}..{_show(self.high)}"
            return f"{_show(actual)} within {span}" if inside else None
        if op == "prefix":
            hit = next((p for p in value if str(actual).startswith(p)), None)
            return None if hit is None else f"{actual} starts with {hit}"
        if op == "contains":
            return f"contains “{value}”" if value in str(actual).casefold() else None
        return self._test_list(actual, facts)

    def _test_list(self, actual: Any, facts: Facts) -> str | None:
        named = self.named
        assert named is not None  # guaranteed by the parser for list operators
        if self.op == "in_list":
            key = str(actual)
            if named.kind in (ListKind.BRANDS, ListKind.PARTIES):
                key = key.casefold()
            return f"{actual} is on list {named.name}" if key in named.texts() else None
        if self.op == "prefix_in_list":
            hit = next((p for p in named.entries if str(actual).startswith(p)), None)
            return None if hit is None else f"{actual} starts with {hit} (list {named.name})"
        if self.op == "contains_in_list":
            folded = str(actual).casefold()
            hit = next((e for e in named.entries if e in folded), None)
            return None if hit is None else f"mentions “{hit}” (list {named.name})"
        tariff, origin = facts.get("item.tariff_code"), facts.get("item.origin_country")
        bands = [b for b in named.bands() if b.applies(str(tariff or ""), str(origin or ""))]
        if not bands:
            return None
        band = max(bands, key=lambda b: b.specificity())
        if not band.outside(float(actual)):
            return None
        shown = float(actual) * (1000.0 if band.per == "tonne" else 1.0)
        return f"{shown:,.2f} CNY/{band.per} is outside {band.describe()} (list {named.name})"


_WORDS = {
    "eq": "is",
    "ne": "is not",
    "in": "is one of",
    "gt": ">",
    "gte": "≥",
    "lt": "<",
    "lte": "≤",
    "prefix": "starts with",
    "contains": "contains",
    "in_list": "is on list",
    "prefix_in_list": "starts with an entry of list",
    "contains_in_list": "mentions an entry of list",
    "outside_band": "is outside the bands of list",
}


def _show(value: Any) -> str:
    if value is None:
        return "…"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)
