"""The filters the statistics pages share, read from the query string into a checked scope.

A bad filter (a date that is not one, an unknown flow, an office that is not 4 digits) is
reported beside its input, named as the API names it, and the page shows no figures rather
than figures for a scope nobody asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from clearway.declarations.model import FacilitationMode, Flow, Lane, TransportMode
from clearway.enterprises.model import CreditLevel
from clearway.shared.errors import FieldError, RuleViolation
from clearway.statistics import commands
from clearway.statistics.commands import Scope

E = TypeVar("E", bound=StrEnum)

# Input name on the page → the name the statistics API reports errors under.
SCOPE_FIELDS = (
    "flow",
    "from",
    "to",
    "office",
    "enterprise",
    "credit_level",
    "facilitation_mode",
    "transport_mode",
)
CHOICES: dict[str, list[str]] = {
    "flow": [x.value for x in Flow],
    "credit_level": [x.value for x in CreditLevel],
    "facilitation_mode": [x.value for x in FacilitationMode],
    "transport_mode": [x.value for x in TransportMode],
    "lane": [x.value for x in Lane],
}


@dataclass
class Filters:
    """What the page was asked for (as typed) and the errors of what could not be read."""

    values: dict[str, str]
    errors: list[FieldError] = field(default_factory=list)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def bad(self, name: str, rule: str, message: str) -> None:
        self.errors.append(FieldError(name, rule, message))

    def day(self, name: str) -> date | None:
        raw = self.get(name)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.bad(name, "date", f"'{raw}' is not a date (YYYY-MM-DD)")
            return None

    def choice(self, name: str, kind: type[E]) -> E | None:
        raw = self.get(name)
        if not raw:
            return None
        try:
            return kind(raw)
        except ValueError:
            self.bad(name, "choice", f"'{raw}' is not one of {', '.join(x.value for x in kind)}")
            return None

    def integer(self, name: str) -> int | None:
        raw = self.get(name)
        if not raw:
            return None
        if not raw.isdigit():
            self.bad(name, "integer", f"'{raw}' is not a whole number")
            return None
        return int(raw)

    def query(self, **changes: str) -> str:
        """This page's query string with some parameters changed (a download link)."""
        merged = {k: v for k, v in {**self.values, **changes}.items() if v}
        return urlencode(merged)


def read(params: QueryParams, names: tuple[str, ...]) -> Filters:
    return Filters({n: params.get(n, "").strip() for n in (*SCOPE_FIELDS, *names)})


def scope_of(filters: Filters) -> Scope | None:
    """The checked scope, or None with the errors recorded on the filters."""
    flow = filters.choice("flow", Flow)
    date_from, date_to = filters.day("from"), filters.day("to")
    enterprise = filters.integer("enterprise")
    credit = filters.choice("credit_level", CreditLevel)
    mode = filters.choice("facilitation_mode", FacilitationMode)
    transport = filters.choice("transport_mode", TransportMode)
    try:
        found = commands.scope(
            flow=flow,
            date_from=date_from,
            date_to=date_to,
            office_code=filters.get("office") or None,
            enterprise_id=enterprise,
            credit_level=credit,
            facilitation_mode=mode,
            transport_mode=transport,
        )
    except RuleViolation as refused:
        filters.errors += refused.errors
        return None
    return None if filters.errors else found
